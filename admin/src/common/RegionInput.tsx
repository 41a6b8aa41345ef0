/**
 * Region picker for filters: type a name or a division code, pick a region. Searches
 * `GET /api/regions?filter={"q":...}`; the selected value is read with `GET /api/regions/:id`.
 * The value is the region id (= its division code).
 */
import { useEffect, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { useGetList, useGetOne, useInput, useTranslate } from 'react-admin';
import type { Region } from '../types.ts';
import { useEnumLabel } from './enums.tsx';

export interface RegionInputProps {
  source: string;
  label?: string;
  alwaysOn?: boolean;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export const RegionInput = ({ source, label = 'app.filters.region' }: RegionInputProps) => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const { field } = useInput({ source });
  const value = typeof field.value === 'string' && field.value !== '' ? field.value : null;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);

  const { data: selected } = useGetOne<Region>('regions', { id: value ?? '' }, { enabled: value !== null });
  const { data: found, isFetching } = useGetList<Region>(
    'regions',
    { filter: { q }, pagination: { page: 1, perPage: 20 }, sort: { field: 'code', order: 'ASC' } },
    { enabled: q.length > 0 },
  );
  const options = found ?? [];
  const current = value === null ? null : (selected ?? { id: value, code: value, name: value, level: 'VILLAGE', parentId: null, isPoor: false });

  return (
    <Autocomplete<Region>
      sx={{ minWidth: 260 }}
      size="small"
      options={current && !options.some((o) => o.id === current.id) ? [current, ...options] : options}
      value={current}
      loading={isFetching}
      filterOptions={(all) => all}
      isOptionEqualToValue={(option, v) => option.id === v.id}
      getOptionLabel={(option) => `${option.name}（${option.code}）`}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <li key={key} {...rest}>
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
      onChange={(_event, region) => field.onChange(region ? region.id : '')}
      renderInput={(params) => (
        <TextField {...params} name={source} label={translate(label)} placeholder={translate('app.regionInput.placeholder')} />
      )}
    />
  );
};
