import { Button } from '@mui/material';
import InboxIcon from '@mui/icons-material/Inbox';
import { DataTable, LinkBase, List, SelectInput, TextField, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { ExportActions } from '../common/ExportButton.tsx';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { REQUEST_STATUSES, type ReturnRequest } from '../types.ts';

/**
 * `GET /api/return-requests?filter={"status","regionId"}`; a click opens the household, the
 * tasks button the process's tasks (the request is their `processId`).
 */
const filters = [
  <SelectInput key="status" source="status" alwaysOn choices={enumChoices('requestStatus', REQUEST_STATUSES)} />,
  <RegionInput key="regionId" source="regionId" alwaysOn />,
];

const ProcessTasksButton = (_props: { label?: string }) => {
  const record = useRecordContext<ReturnRequest>();
  const translate = useTranslate();
  // the task list is an inbox: a role that decides nothing (a leader) has none to open
  const { canAccess } = useCanAccess({ resource: 'tasks', action: 'list' });
  if (!record || !canAccess) return null;
  const filter = encodeURIComponent(JSON.stringify({ processId: record.id, all: true }));
  return (
    <Button
      size="small"
      startIcon={<InboxIcon />}
      component={LinkBase}
      to={`/tasks?filter=${filter}`}
      onClick={(event: { stopPropagation(): void }) => event.stopPropagation()}
      data-testid="return-request-tasks"
    >
      {translate('app.returnRequest.tasks')}
    </Button>
  );
};

export const ReturnRequestList = () => (
  <List exporter={false} actions={<ExportActions resource="return-requests" />} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
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
      <DataTable.Col disableSort>
        <ProcessTasksButton />
      </DataTable.Col>
    </DataTable>
  </List>
);
