import {
  BooleanInput,
  DataTable,
  DateInput,
  List,
  SelectInput,
  TextField,
  TextInput,
  useCanAccess,
  usePermissions,
} from 'react-admin';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { ExportActions } from '../common/ExportButton.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { REGION_LEVELS, TASK_STATUSES, type Task } from '../types.ts';
import { BulkDecisionButton } from './BulkDecisionButton.tsx';
import { BulkOutcomeProvider } from './BulkOutcome.tsx';
import { DecisionField, DueField, ProcessField, TaskTitleField } from './fields.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';

/**
 * The inbox (待办): `GET /api/tasks?filter={"status":"OPEN",...}&sort=["dueAt","ASC"]`, rendered
 * from what each task row carries (title, process, step wording), so a new process needs no
 * change here. Filters: status, level, regionId, dueBefore (a date), overdue, kind, processId,
 * cycleId, caseId, and `all` (every task in the caller's scope, not only those the caller may
 * decide; the default of whoever may not decide, e.g. a leader).
 */
const taskFilters = [
  <SelectInput key="status" source="status" alwaysOn choices={enumChoices('taskStatus', TASK_STATUSES)} />,
  <SelectInput key="level" source="level" alwaysOn choices={enumChoices('regionLevel', REGION_LEVELS)} />,
  <RegionInput key="regionId" source="regionId" />,
  <DateInput key="dueBefore" source="dueBefore" label="app.filters.dueBefore" />,
  <BooleanInput key="overdue" source="overdue" />,
  <BooleanInput key="all" source="all" />,
  <TextInput key="kind" source="kind" />,
  <TextInput key="processId" source="processId" />,
  <TextInput key="cycleId" source="cycleId" />,
  <TextInput key="caseId" source="caseId" />,
];

const overdueRow = (record: Task) =>
  record.overdue === true && record.status === 'OPEN' ? { backgroundColor: 'rgba(211, 47, 47, 0.06)' } : {};

const TaskTable = () => {
  const { canAccess: canDecide } = useCanAccess({ resource: 'tasks', action: 'decide' });
  return (
    <DataTable<Task> rowClick="show" rowSx={overdueRow} bulkActionButtons={canDecide ? <BulkDecisionButton /> : false}>
      <DataTable.Col source="title" disableSort>
        <TaskTitleField />
      </DataTable.Col>
      <DataTable.Col source="processType" disableSort>
        <ProcessField />
      </DataTable.Col>
      <DataTable.Col source="regionName" disableSort>
        <TextField source="regionName" />
      </DataTable.Col>
      <DataTable.Col source="level">
        <EnumField source="level" group="regionLevel" />
      </DataTable.Col>
      <DataTable.Col source="assignedRole" disableSort>
        <EnumField source="assignedRole" group="role" />
      </DataTable.Col>
      <DataTable.Col source="dueAt">
        <DueField />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" group="taskStatus" chip />
      </DataTable.Col>
      <DataTable.Col source="decision" disableSort>
        <DecisionField />
      </DataTable.Col>
    </DataTable>
  );
};

const OPEN = { status: 'OPEN' };
const OPEN_IN_SCOPE = { status: 'OPEN', all: true };

export const TaskList = () => {
  const { permissions, isPending } = usePermissions<string[]>();
  // the default filter depends on the permissions: wait for them
  if (isPending) return null;
  const mayDecide = Array.isArray(permissions) && permissions.includes('task.decide');
  return (
    <BulkOutcomeProvider>
      <List
        exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />}
        filters={taskFilters}
        filterDefaultValues={mayDecide ? OPEN : OPEN_IN_SCOPE}
        sort={{ field: 'dueAt', order: 'ASC' }}
        perPage={25}
        actions={<ExportActions resource="tasks" />}
      >
        <TaskTable />
      </List>
    </BulkOutcomeProvider>
  );
};
