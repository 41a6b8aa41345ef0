/**
 * A region picker outside a form: type a name or a division code, pick a region (the API answers
 * only what the user may read; a region outside the scope is refused by the ledger with 403).
 */
import { useEffect, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { useGetList, useGetOne, useTranslate } from 'react-admin';
import { useEnumLabel } from '../common/enums.tsx';
import type { Region } from '../types.ts';

export const RegionPicker = ({ value, onChange, label }: { value: string; onChange: (id: string) => void; label: string }) => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const { data: selected } = useGetOne<Region>('regions', { id: value }, { enabled: value !== '' });
  const { data: found, isFetching } = useGetList<Region>('regions', { filter: { q }, pagination: { page: 1, perPage: 20 }, sort: { field: 'code', order: 'ASC' } }, { enabled: q.length > 0 });
  const options = found ?? [];
  const current = value === '' ? null : (selected ?? null);
  return (
    <Autocomplete<Region>
      sx={{ width: 320, flex: '0 0 auto' }}
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
      onChange={(_event, region) => region && onChange(region.id)}
      renderInput={(params) => <TextField {...params} name="regionId" label={translate(label)} placeholder={translate('app.regionInput.placeholder')} />}
    />
  );
};
