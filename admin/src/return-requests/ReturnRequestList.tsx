import { DataTable, List, SelectInput, TextField } from 'react-admin';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { REQUEST_STATUSES, type ReturnRequest } from '../types.ts';

/** `GET /api/return-requests?filter={"status","regionId"}`; a click opens the household. */
const filters = [
  <SelectInput key="status" source="status" alwaysOn choices={enumChoices('requestStatus', REQUEST_STATUSES)} />,
  <RegionInput key="regionId" source="regionId" alwaysOn />,
];

export const ReturnRequestList = () => (
  <List exporter={false} filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
    <DataTable<ReturnRequest>
      bulkActionButtons={false}
      rowClick={(_id, _resource, record) => `/households/${encodeURIComponent(record.householdId)}/show`}
    >
      <DataTable.Col source="householdCode" disableSort />
      <DataTable.Col source="headName" disableSort />
      <DataTable.Col source="reason" disableSort sx={{ maxWidth: 360 }}>
        <TextField source="reason" sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" group="requestStatus" chip />
      </DataTable.Col>
      <DataTable.Col source="requestedBy" disableSort />
      <DataTable.Col source="createdAt">
        <LocalDateTimeField source="createdAt" />
      </DataTable.Col>
      <DataTable.Col source="decidedAt">
        <LocalDateTimeField source="decidedAt" />
      </DataTable.Col>
      <DataTable.Col source="workflowId" disableSort />
    </DataTable>
  </List>
);
