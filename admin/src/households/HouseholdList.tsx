import { DataTable, List, NumberInput, SelectInput, TextField } from 'react-admin';
import { ExportActions } from '../common/ExportButton.tsx';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { SearchInput } from '../common/SearchInput.tsx';
import { HouseholdStatusField, RecordIncomeField } from '../common/fields.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { HOUSEHOLD_STATUSES, type Household } from '../types.ts';

/**
 * `GET /api/households?filter={"regionId","status","year","q"}`. Each row carries the indicators of
 * the filtered year (else the latest) as `record`: its per-capita income and year are a column.
 */
const householdFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="app.filters.householdSearch" />,
  <RegionInput key="regionId" source="regionId" alwaysOn />,
  <SelectInput key="status" source="status" alwaysOn choices={enumChoices('householdStatus', HOUSEHOLD_STATUSES)} />,
  <NumberInput key="year" source="year" alwaysOn min={2000} max={2100} step={1} sx={{ width: 120 }} />,
];

export const HouseholdList = () => (
  <List exporter={false} actions={<ExportActions resource="households" />} error={<ListRefused />} pagination={<TruthfulPagination />} filters={householdFilters} sort={{ field: 'code', order: 'ASC' }} perPage={25}>
    <DataTable<Household> bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="code" />
      <DataTable.Col source="headName" />
      <DataTable.NumberCol source="size" />
      <DataTable.Col source="status">
        <HouseholdStatusField />
      </DataTable.Col>
      <DataTable.Col source="povertyCause" disableSort>
        <EnumField source="povertyCause" group="povertyCause" />
      </DataTable.Col>
      <DataTable.Col source="registeredYear" />
      <DataTable.Col source="exitedYear" />
      <DataTable.Col source="villageName" disableSort>
        <TextField source="villageName" />
      </DataTable.Col>
      <DataTable.Col source="record.incomePerCapita" label="resources.households.fields.incomePerCapita" disableSort>
        <RecordIncomeField />
      </DataTable.Col>
    </DataTable>
  </List>
);
