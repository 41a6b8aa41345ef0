import {
  DataTable,
  List,
  NullableBooleanInput,
  SelectInput,
  ShowButton,
  useListContext,
} from 'react-admin';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { SearchInput } from '../common/SearchInput.tsx';
import { PoorRegionChip, YesNoField } from '../common/fields.tsx';
import { REGION_LEVELS, type Region } from '../types.ts';
import { RegionBreadcrumb } from './RegionBreadcrumb.tsx';
import { ExportActions } from '../common/ExportButton.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';

/** The list starts at the province: `filter={"level":"PROVINCE"}`. */
export const TOP_FILTER = { level: 'PROVINCE' };

const regionFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="app.filters.regionSearch" />,
  <SelectInput key="level" source="level" choices={enumChoices('regionLevel', REGION_LEVELS)} />,
  <NullableBooleanInput key="isPoor" source="isPoor" />,
];

/** Drill-down: a click on a row lists its children (`filter={"parentId":id}`); the breadcrumb goes back up. */
const RegionTable = () => {
  const { filterValues, setFilters } = useListContext<Region>();
  const parentId = typeof filterValues.parentId === 'string' ? filterValues.parentId : null;
  return (
    <>
      <RegionBreadcrumb
        regionId={parentId}
        onRoot={() => setFilters(TOP_FILTER, {})}
        onRegion={(region) => setFilters({ parentId: region.id }, {})}
      />
      <DataTable<Region>
        bulkActionButtons={false}
        rowClick={(id, _resource, record) => {
          if (record.level === 'VILLAGE') return 'show';
          setFilters({ parentId: String(id) }, {});
          return false;
        }}
      >
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <DataTable.Col source="level">
          <EnumField source="level" group="regionLevel" />
        </DataTable.Col>
        <DataTable.Col source="isPoor" disableSort>
          <PoorRegionChip />
        </DataTable.Col>
        <DataTable.Col source="isWestern" disableSort>
          <YesNoField source="isWestern" />
        </DataTable.Col>
        <DataTable.Col source="exitYear" disableSort />
        <DataTable.NumberCol source="ruralPopulation" disableSort />
        <DataTable.Col label="app.common.details" disableSort>
          <ShowButton />
        </DataTable.Col>
      </DataTable>
    </>
  );
};

export const RegionList = () => (
  <List
    exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />}
    filterDefaultValues={TOP_FILTER}
    sort={{ field: 'code', order: 'ASC' }}
    perPage={25}
    filters={regionFilters}
    actions={<ExportActions resource="regions" />}
  >
    <RegionTable />
  </List>
);
