import { Box } from '@mui/material';
import { DataTable, DateInput, List, SelectInput, TextInput, useRecordContext } from 'react-admin';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { JsonView } from '../common/JsonView.tsx';
import { AUDIT_OUTCOMES, type AuditEvent } from '../types.ts';
import { ExportActions } from '../common/ExportButton.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';

/**
 * The append-only audit log: `GET /api/audit-events?filter={"action","targetType","targetId",
 * "workflowId","outcome","from","to"}&sort=["at","DESC"]`. Read-only: no edit, no delete, no bulk action.
 */
const auditFilters = [
  <TextInput key="action" source="action" alwaysOn />,
  <SelectInput key="outcome" source="outcome" alwaysOn choices={enumChoices('auditOutcome', AUDIT_OUTCOMES)} />,
  <DateInput key="from" source="from" alwaysOn label="app.filters.from" />,
  <DateInput key="to" source="to" alwaysOn label="app.filters.to" />,
  <TextInput key="targetType" source="targetType" />,
  <TextInput key="targetId" source="targetId" />,
  <TextInput key="workflowId" source="workflowId" />,
];

const Details = () => {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  return (
    <Box sx={{ p: 2 }}>
      <JsonView value={record.details} testId="audit-details" />
    </Box>
  );
};

export const AuditEventList = () => (
  <List
    exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />}
    filters={auditFilters}
    sort={{ field: 'at', order: 'DESC' }}
    perPage={50}
    actions={<ExportActions resource="audit-events" />}
  >
    <DataTable<AuditEvent> bulkActionButtons={false} rowClick="expand" expand={<Details />}>
      <DataTable.Col source="at">
        <LocalDateTimeField source="at" />
      </DataTable.Col>
      <DataTable.Col source="actorName" disableSort />
      <DataTable.Col source="actorRole" disableSort>
        <EnumField source="actorRole" group="role" />
      </DataTable.Col>
      <DataTable.Col source="action">
        <EnumField source="action" group="auditAction" />
      </DataTable.Col>
      <DataTable.Col source="targetType" disableSort>
        <EnumField source="targetType" group="auditTarget" />
      </DataTable.Col>
      <DataTable.Col source="targetId" disableSort />
      <DataTable.Col source="outcome">
        <EnumField source="outcome" group="auditOutcome" chip />
      </DataTable.Col>
      <DataTable.Col source="workflowId" disableSort />
    </DataTable>
  </List>
);
