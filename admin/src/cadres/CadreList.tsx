import { DataTable, List, SelectInput, TextField } from 'react-admin';
import { ExportActions } from '../common/ExportButton.tsx';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { SearchInput } from '../common/SearchInput.tsx';
import { YesNoField } from '../common/fields.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { CADRE_POSITIONS, type Cadre } from '../types.ts';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';

/** `GET /api/cadres?filter={"regionId","position","q"}`. */
const cadreFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="app.filters.cadreSearch" />,
  <RegionInput key="regionId" source="regionId" alwaysOn />,
  <SelectInput key="position" source="position" alwaysOn choices={enumChoices('cadrePosition', CADRE_POSITIONS)} />,
];

export const CadreList = () => (
  <List exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />} actions={<ExportActions resource="cadres" />} filters={cadreFilters} sort={{ field: 'code', order: 'ASC' }} perPage={25}>
    <DataTable<Cadre> bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="code" />
      <DataTable.Col source="name" />
      <DataTable.Col source="gender" disableSort>
        <EnumField source="gender" group="gender" />
      </DataTable.Col>
      <DataTable.Col source="position">
        <EnumField source="position" group="cadrePosition" />
      </DataTable.Col>
      <DataTable.Col source="unit" />
      <DataTable.Col source="regionName" disableSort>
        <TextField source="regionName" />
      </DataTable.Col>
      <DataTable.Col source="active" disableSort>
        <YesNoField source="active" />
      </DataTable.Col>
    </DataTable>
  </List>
);
