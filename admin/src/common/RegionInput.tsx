/**
 * Choosing a region, the one component for it (filters, forms, the ledger page): type a name or a
 * division code and pick from the matches (`GET /api/regions?filter={"q"}`), or open the region tree
 * beside it (RegionTree: lazy children, server-side search). The API answers only regions inside the
 * user's scope, so only those are offered. The value is the region id (= its division code); the
 * selected region is read with `GET /api/regions/:id`.
 *
 * `RegionPicker` is controlled (value, onChange); `RegionInput` is the react-admin input (filters, forms).
 */
import { useState } from 'react';
import { Autocomplete, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, TextField, Tooltip } from '@mui/material';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { useGetList, useGetOne, useInput, useTranslate } from 'react-admin';
import type { Region } from '../types.ts';
import { useEnumLabel } from './enums.tsx';
import { RegionTree, useDebounced } from './RegionTree.tsx';

export interface RegionPickerProps {
  value: string;
  onChange: (id: string) => void;
  label: string;
  /** the input's name (the filter's source) */
  name?: string;
  /** whether the choice can be emptied (a filter can; the ledger page always shows a region) */
  clearable?: boolean;
  width?: number;
}

export const RegionPicker = ({ value, onChange, label, name = 'regionId', clearable = true, width = 260 }: RegionPickerProps) => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const [search, setSearch] = useState('');
  const [treeOpen, setTreeOpen] = useState(false);
  const q = useDebounced(search.trim(), 300);
  const { data: selected } = useGetOne<Region>('regions', { id: value }, { enabled: value !== '' });
  const { data: found, isFetching } = useGetList<Region>(
    'regions',
    { filter: { q }, pagination: { page: 1, perPage: 20 }, sort: { field: 'code', order: 'ASC' } },
    { enabled: q.length > 0 },
  );
  const options = found ?? [];
  const current = value === '' ? null : (selected ?? { id: value, code: value, name: value, level: 'VILLAGE' as const, parentId: null, isPoor: false });

  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, flex: '0 0 auto' }} data-testid={`region-picker-${name}`}>
      <Autocomplete<Region, false, boolean>
        sx={{ width }}
        size="small"
        disableClearable={!clearable}
        options={current && !options.some((o) => o.id === current.id) ? [current, ...options] : options}
        value={current as Region}
        loading={isFetching}
        filterOptions={(all) => all}
        isOptionEqualToValue={(option, v) => option.id === v.id}
        getOptionLabel={(option) => `${option.name}（${option.code}）`}
        renderOption={(props, option) => {
          const { key, ...rest } = props as typeof props & { key: string };
          return (
            <li key={key} {...rest} data-region-id={option.id}>
              {option.name}（{option.code}）· {enumLabel('regionLevel', option.level)}
            </li>
          );
        }}
        noOptionsText={translate(q ? 'app.regionInput.noMatch' : 'app.regionInput.typeToSearch')}
        loadingText={translate('ra.page.loading')}
        onInputChange={(_event, text, reason) => {
          if (reason === 'input') setSearch(text);
          if (reason === 'clear') setSearch('');
        }}
        onChange={(_event, region) => (region ? onChange(region.id) : clearable && onChange(''))}
        renderInput={(params) => <TextField {...params} name={name} label={translate(label)} placeholder={translate('app.regionInput.placeholder')} />}
      />
      <Tooltip title={translate('app.scope.tree.open')}>
        <IconButton size="small" aria-label={translate('app.scope.tree.open')} aria-haspopup="dialog" onClick={() => setTreeOpen(true)} data-testid="region-tree-open">
          <AccountTreeIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Dialog open={treeOpen} onClose={() => setTreeOpen(false)} fullWidth maxWidth="sm" aria-labelledby={`region-tree-title-${name}`}>
        <DialogTitle id={`region-tree-title-${name}`}>{translate('app.scope.tree.title')}</DialogTitle>
        <DialogContent>
          {treeOpen ? (
            <RegionTree
              selectedId={value || null}
              autoFocusSearch
              onSelect={(region) => {
                onChange(region.id);
                setTreeOpen(false);
              }}
            />
          ) : null}
        </DialogContent>
        <DialogActions>
          {clearable && value ? (
            <Button
              onClick={() => {
                onChange('');
                setTreeOpen(false);
              }}
            >
              {translate('app.scope.tree.clear')}
            </Button>
          ) : null}
          <Button onClick={() => setTreeOpen(false)}>{translate('ra.action.cancel')}</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
};

export interface RegionInputProps {
  source: string;
  label?: string;
  alwaysOn?: boolean;
}

/** The react-admin input: the region id in the form (a filter's value, or a form field). */
export const RegionInput = ({ source, label = 'app.filters.region' }: RegionInputProps) => {
  const { field } = useInput({ source });
  const value = typeof field.value === 'string' ? field.value : '';
  return <RegionPicker value={value} onChange={(id) => field.onChange(id)} label={label} name={source} />;
};
