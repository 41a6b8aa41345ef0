/**
 * Ledger entries (台账明细): every entry into and exit from the register with the process and who
 * decided, filtered by region, kind and year; the same filter downloads as CSV or XLSX (streamed).
 */
import { DataTable, FilterButton, List, SelectInput, TextInput, TopToolbar, useListContext, useTranslate } from 'react-admin';
import { DownloadButtons } from '../common/DownloadButtons.tsx';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { LEDGER_KINDS } from '../types.ts';
import type { LedgerEntry } from './types.ts';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';

const filters = [
  <RegionInput key="regionId" source="regionId" alwaysOn />,
  <SelectInput key="kind" source="kind" alwaysOn choices={enumChoices('ledgerKind', LEDGER_KINDS)} />,
  <TextInput key="year" source="year" alwaysOn parse={(v: string) => (/^\d{4}$/.test(v) ? Number(v) : undefined)} />,
];

const Actions = () => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const pathFor = (format: 'csv' | 'xlsx') => {
    const p = new URLSearchParams({ format });
    for (const key of ['regionId', 'kind', 'year'] as const) if (filterValues[key] !== undefined && filterValues[key] !== '') p.set(key, String(filterValues[key]));
    return `/ledger-entries?${p}`;
  };
  return (
    <TopToolbar>
      <FilterButton />
      <DownloadButtons pathFor={pathFor} fallbackName={translate('resources.ledger-entries.name')} testId="ledger-entries-download" />
    </TopToolbar>
  );
};

export const LedgerEntryList = () => (
  <List exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} actions={<Actions />} sort={{ field: 'at', order: 'DESC' }} perPage={25}>
    <DataTable<LedgerEntry> bulkActionButtons={false} rowClick={(_id, _resource, record) => `/households/${encodeURIComponent(record.householdId)}/show`}>
      <DataTable.Col source="householdCode" disableSort />
      <DataTable.Col source="headName" disableSort />
      <DataTable.Col source="villageName" disableSort render={(r) => [r.countyName, r.townshipName, r.villageName].filter(Boolean).join(' / ')} />
      {/* the page is read newest first on an index (api/ledgers): only the time sorts */}
      <DataTable.Col source="kind" disableSort>
        <EnumField source="kind" group="ledgerKind" chip />
      </DataTable.Col>
      <DataTable.NumberCol source="year" options={{ useGrouping: false }} disableSort />
      <DataTable.Col source="at">
        <LocalDateTimeField source="at" />
      </DataTable.Col>
      <DataTable.Col source="reason" disableSort />
      <DataTable.Col source="actorName" disableSort />
      <DataTable.Col source="workflowId" disableSort />
    </DataTable>
  </List>
);
