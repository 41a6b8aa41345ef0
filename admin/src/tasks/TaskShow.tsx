import { Box, Card, CardContent, Typography } from '@mui/material';
import { DataTable, NumberField, Show, TextField, useRecordContext, useTranslate } from 'react-admin';
import { emptyRows } from '../common/EmptyRows.tsx';
import { RowsField } from '../common/RowsField.tsx';
import { EnumField } from '../common/enums.tsx';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { JsonView } from '../common/JsonView.tsx';
import { Section } from '../common/Section.tsx';
import type { Task, TaskHistoryEntry } from '../types.ts';
import { DecisionButtons } from './DecisionButtons.tsx';
import { DueField, TaskKindField } from './fields.tsx';

const DecisionPanel = () => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  if (!record || record.status !== 'OPEN') return null;
  return (
    <Card variant="outlined" sx={{ mx: 2, mt: 2 }}>
      <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 240 }}>
          {translate('app.task.decisionHelp')}
        </Typography>
        <DecisionButtons />
      </CardContent>
    </Card>
  );
};

const Snapshot = () => {
  const record = useRecordContext<Task>();
  if (!record) return null;
  return (
    <Box sx={{ px: 2, pb: 2 }}>
      <Section title="resources.tasks.fields.snapshot">
        <JsonView value={record.snapshot} testId="task-snapshot" />
      </Section>
    </Box>
  );
};

/** Who decided: the API names the user (`decidedByName`, "display name (username)"). */
const DecidedByField = (_props: { label?: string }) => {
  const record = useRecordContext<Task>();
  const value = record?.decidedByName ?? record?.decidedById;
  return <span>{value ?? '—'}</span>;
};

/** `history[]`: every step of the same process, with its version and decision. */
const History = () => {
  const record = useRecordContext<Task>();
  if (!record?.history?.length) return null;
  return (
    <Box sx={{ px: 2, pb: 2 }}>
      <Section title="resources.tasks.fields.history" testId="task-history">
        <RowsField source="history">
          <DataTable<TaskHistoryEntry>
            bulkActionButtons={false}
            rowClick={(id) => (id === record.id ? false : `/tasks/${encodeURIComponent(String(id))}/show`)}
            rowSx={(row) => (row.id === record.id ? { backgroundColor: 'action.selected' } : {})}
            storeKey="tasks.history"
            empty={emptyRows}
          >
            <DataTable.Col source="title" label="resources.tasks.fields.title" disableSort />
            <DataTable.Col source="version" label="resources.tasks.fields.version" disableSort />
            <DataTable.Col source="status" label="resources.tasks.fields.status" disableSort>
              <EnumField source="status" group="taskStatus" chip />
            </DataTable.Col>
            <DataTable.Col source="decision" label="resources.tasks.fields.decision" disableSort>
              <EnumField source="decision" group="decision" chip />
            </DataTable.Col>
            <DataTable.Col source="comment" label="resources.tasks.fields.comment" disableSort />
            <DataTable.Col source="decidedAt" label="resources.tasks.fields.decidedAt" disableSort>
              <LocalDateTimeField source="decidedAt" />
            </DataTable.Col>
          </DataTable>
        </RowsField>
      </Section>
    </Box>
  );
};

const DecidedFields = () => {
  const record = useRecordContext<Task>();
  if (!record || record.status !== 'DONE') return null;
  return (
    <FieldGrid>
      <EnumField source="decision" group="decision" chip label="resources.tasks.fields.decision" />
      <TextField source="comment" emptyText="—" />
      <DecidedByField label="resources.tasks.fields.decidedBy" />
      <LocalDateTimeField source="decidedAt" emptyText="—" />
    </FieldGrid>
  );
};

export const TaskShow = () => (
  <Show>
    <DecisionPanel />
    <FieldGrid>
      <TextField source="title" />
      <TaskKindField label="resources.tasks.fields.kind" />
      <EnumField source="status" group="taskStatus" chip label="resources.tasks.fields.status" />
      <TextField source="regionName" emptyText="—" />
      <EnumField source="level" group="regionLevel" label="resources.tasks.fields.level" />
      <EnumField source="assignedRole" group="role" label="resources.tasks.fields.assignedRole" />
      <DueField label="resources.tasks.fields.dueAt" />
      <EnumField source="subjectType" group="subjectType" label="resources.tasks.fields.subjectType" />
      <TextField source="subjectId" emptyText="—" />
      <NumberField source="version" emptyText="—" />
      <TextField source="cycleId" emptyText="—" />
      <TextField source="caseId" emptyText="—" />
      <TextField source="workflowId" emptyText="—" />
      <LocalDateTimeField source="createdAt" emptyText="—" />
    </FieldGrid>
    <DecidedFields />
    <Snapshot />
    <History />
  </Show>
);
