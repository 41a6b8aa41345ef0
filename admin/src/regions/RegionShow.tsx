import { Box, Button as MuiButton } from '@mui/material';
import PeopleIcon from '@mui/icons-material/People';
import {
  DataTable,
  LinkBase,
  NumberField,
  Pagination,
  ReferenceManyField,
  Show,
  TextField,
  TopToolbar,
  useNavigate,
  useRecordContext,
  useTranslate,
  useCanAccess,
} from 'react-admin';
import { EnumField } from '../common/enums.tsx';
import { PoorRegionChip, YesNoField } from '../common/fields.tsx';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { Section } from '../common/Section.tsx';
import type { Region } from '../types.ts';
import { RegionBreadcrumb } from './RegionBreadcrumb.tsx';
import { RegionCounts } from './RegionCounts.tsx';
import { TOP_FILTER } from './RegionList.tsx';

const listPath = (filter: object) => `/regions?filter=${encodeURIComponent(JSON.stringify(filter))}`;

const RegionShowBreadcrumb = () => {
  const record = useRecordContext<Region>();
  const navigate = useNavigate();
  if (!record) return null;
  return (
    <RegionBreadcrumb
      regionId={record.id}
      onRoot={() => navigate(listPath(TOP_FILTER))}
      onRegion={(region) => navigate(region.id === record.id ? listPath({ parentId: region.id }) : `/regions/${encodeURIComponent(region.id)}/show`)}
      lastIsLink
    />
  );
};

const RegionActions = () => {
  const record = useRecordContext<Region>();
  const translate = useTranslate();
  const { canAccess: canListHouseholds } = useCanAccess({ resource: 'households', action: 'list' });
  if (!record) return <TopToolbar />;
  const filter = encodeURIComponent(JSON.stringify({ regionId: record.id }));
  return (
    <TopToolbar>
      {canListHouseholds ? (
        <MuiButton size="small" startIcon={<PeopleIcon />} component={LinkBase} to={`/households?filter=${filter}`}>
          {translate('app.region.households')}
        </MuiButton>
      ) : null}
    </TopToolbar>
  );
};

const RegionShowCounts = () => {
  const record = useRecordContext<Region>();
  return record ? <RegionCounts regionId={String(record.id)} /> : null;
};

/** Children: `GET /api/regions?filter={"parentId":id}` (paginated). */
const RegionChildren = () => {
  const record = useRecordContext<Region>();
  if (!record || record.level === 'VILLAGE') return null;
  return (
    <Box sx={{ px: 2, pb: 2 }}>
      <Section title="resources.regions.fields.children" testId="region-children">
        <ReferenceManyField<Region, Region>
          reference="regions"
          target="parentId"
          sort={{ field: 'code', order: 'ASC' }}
          perPage={25}
          pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
        >
          <DataTable<Region> bulkActionButtons={false} rowClick="show" storeKey="regions.children">
            <DataTable.Col source="code" />
            <DataTable.Col source="name" />
            <DataTable.Col source="level">
              <EnumField source="level" group="regionLevel" />
            </DataTable.Col>
            <DataTable.Col source="isPoor" disableSort>
              <PoorRegionChip />
            </DataTable.Col>
            <DataTable.Col source="exitYear" disableSort />
            <DataTable.NumberCol source="ruralPopulation" disableSort />
          </DataTable>
        </ReferenceManyField>
      </Section>
    </Box>
  );
};

export const RegionShow = () => (
  <Show actions={<RegionActions />}>
    <RegionShowBreadcrumb />
    <FieldGrid>
      <TextField source="code" />
      <TextField source="name" />
      <EnumField source="level" group="regionLevel" label="resources.regions.fields.level" />
      <PoorRegionChip label="resources.regions.fields.isPoor" />
      <YesNoField source="isWestern" label="resources.regions.fields.isWestern" />
      <NumberField source="exitYear" options={{ useGrouping: false }} emptyText="—" />
      <NumberField source="policyKeptUntilYear" options={{ useGrouping: false }} emptyText="—" />
      <NumberField source="ruralPopulation" />
    </FieldGrid>
    <RegionShowCounts />
    <RegionChildren />
  </Show>
);
