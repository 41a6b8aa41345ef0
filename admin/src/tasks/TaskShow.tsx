import type { MouseEvent } from 'react';
import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import ListIcon from '@mui/icons-material/List';
import { DataTable, LinkBase, NumberField, ReferenceField, Show, TextField, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { CycleName } from '../cycles/CycleName.tsx';
import { emptyRows } from '../common/EmptyRows.tsx';
import { RowsField } from '../common/RowsField.tsx';
import { EnumField } from '../common/enums.tsx';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { JsonView } from '../common/JsonView.tsx';
import { Section } from '../common/Section.tsx';
import type { Task, TaskHistoryEntry } from '../types.ts';
import { DecisionButtons } from './DecisionButtons.tsx';
import { DecisionField, DueField, ProcessField, StepField, TaskTitleField, TemporalLink } from './fields.tsx';
import { PayloadView } from './PayloadView.tsx';
import { NextTask, TaskSummary } from './TaskSummary.tsx';
import { useTaskWording } from './wording.ts';

/** Only for who may decide (a leader reads the task without the panel). */
const DecisionPanel = () => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'tasks', action: 'decide', record });
  if (!record || record.status !== 'OPEN' || !canAccess) return null;
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

/** What the summary above already shows (worded, linked, beside its standard) is left out here. */
const SHOWN_ABOVE = new Set(['regions', 'proposer', 'proposedAt', 'checks', 'reason']);

const Snapshot = () => {
  const record = useRecordContext<Task>();
  if (!record) return null;
  const snapshot =
    typeof record.snapshot === 'object' && record.snapshot !== null && !Array.isArray(record.snapshot)
      ? Object.fromEntries(
          Object.entries(record.snapshot).filter(
            // the latest year's figures are in the summary's checks, with their units and standards
            ([key]) => !SHOWN_ABOVE.has(key) && !(key === 'latestRecord' && Array.isArray((record.snapshot as { checks?: unknown }).checks)),
          ),
        )
      : record.snapshot;
  return (
    <Box sx={{ px: 2, pb: 2 }}>
      <Section title="resources.tasks.fields.snapshot">
        <JsonView value={snapshot} testId="task-snapshot" />
      </Section>
    </Box>
  );
};

/** The values the decider submitted with the decision (`payload`), worded by the step's form. */
const Payload = () => {
  const record = useRecordContext<Task>();
  if (!record || record.status === 'OPEN' || !record.payload || Object.keys(record.payload).length === 0) return null;
  return (
    <Box sx={{ px: 2 }}>
      <Section title="resources.tasks.fields.payload">
        <PayloadView />
      </Section>
    </Box>
  );
};

/** Who decided: the API names the user (`decidedByName`, "display name (username)"). */
const DecidedByField = (_props: { label?: string }) => {
  const record = useRecordContext<{ decidedByName?: string | null; decidedById?: string | null }>();
  const value = record?.decidedByName ?? record?.decidedById;
  return <span>{value ?? '—'}</span>;
};

const HistoryTitleField = (_props: { label?: string }) => {
  const record = useRecordContext<TaskHistoryEntry>();
  const wording = useTaskWording();
  return record ? <span>{wording.historyTitle(record)}</span> : null;
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
            <DataTable.Col source="title" label="resources.tasks.fields.step" disableSort>
              <HistoryTitleField />
            </DataTable.Col>
            <DataTable.Col source="status" label="resources.tasks.fields.status" disableSort>
              <EnumField source="status" group="taskStatus" chip />
            </DataTable.Col>
            <DataTable.Col source="decision" label="resources.tasks.fields.decision" disableSort>
              <DecisionField />
            </DataTable.Col>
            <DataTable.Col source="comment" label="resources.tasks.fields.comment" disableSort />
            <DataTable.Col source="decidedByName" label="resources.tasks.fields.decidedBy" disableSort>
              <DecidedByField />
            </DataTable.Col>
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
      <DecisionField label="resources.tasks.fields.decision" />
      <TextField source="comment" emptyText="—" />
      <DecidedByField label="resources.tasks.fields.decidedBy" />
      <LocalDateTimeField source="decidedAt" emptyText="—" />
    </FieldGrid>
  );
};

/** Links out: every task of this process (by its business record), the workflow in Temporal's UI. */
const ProcessLinks = () => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  if (!record) return null;
  const filter = record.processId ? { processId: record.processId, all: true } : null;
  return (
    <Stack direction="row" spacing={2} alignItems="center" sx={{ px: 2, pt: 1 }}>
      {filter ? (
        <Button
          size="small"
          startIcon={<ListIcon />}
          component={LinkBase}
          to={`/tasks?filter=${encodeURIComponent(JSON.stringify(filter))}`}
          data-testid="task-process-tasks"
        >
          {translate('app.task.processTasks')}
        </Button>
      ) : null}
      <TemporalLink />
    </Stack>
  );
};

/**
 * The process's own record by what it is, never its id: a return to poverty's request by its reason;
 * the cycle and the case are shown as such beside it, so their ids are not repeated here.
 */
const ProcessRecordField = (_props: { label?: string }) => {
  const record = useRecordContext<Task>();
  if (!record?.processId || record.processId === record.cycleId || record.processId === record.caseId) return <span>—</span>;
  if (record.processType === 'RETURN_TO_POVERTY') {
    return (
      <ReferenceField source="processId" reference="return-requests" link={false}>
        <TextField source="reason" />
      </ReferenceField>
    );
  }
  return <TextField source="processId" />;
};

/** An accountability case as its readers name it: its kind and its cadre, linked to the cadre's page. */
const CaseName = () => {
  const c = useRecordContext<{ kind: string; cadreId: string; cadre?: { name: string; code: string } }>();
  const translate = useTranslate();
  if (!c) return null;
  const label = `${translate(`enums.caseKind.${c.kind}`, { _: c.kind })} · ${c.cadre ? `${c.cadre.name} (${c.cadre.code})` : ''}`;
  return (
    <LinkBase to={`/cadres/${encodeURIComponent(c.cadreId)}/show`} onClick={(e: MouseEvent) => e.stopPropagation()}>
      {label}
    </LinkBase>
  );
};

/** Only when the API sends them (reminded 催办, escalated 升级督办). */
const FollowUpFields = () => {
  const record = useRecordContext<Task>();
  if (!record?.remindedAt && !record?.escalatedAt) return null;
  return (
    <FieldGrid>
      <LocalDateTimeField source="remindedAt" emptyText="—" />
      <LocalDateTimeField source="escalatedAt" emptyText="—" />
      <TextField source="escalatedToRegionId" emptyText="—" />
    </FieldGrid>
  );
};

export const TaskShow = () => (
  <Show>
    <TaskSummary />
    <DecisionPanel />
    <NextTask />
    <ProcessLinks />
    <FieldGrid>
      <TaskTitleField label="resources.tasks.fields.title" />
      <ProcessField label="resources.tasks.fields.processType" />
      <StepField label="resources.tasks.fields.step" />
      <EnumField source="status" group="taskStatus" chip label="resources.tasks.fields.status" />
      <TextField source="regionName" emptyText="—" />
      <EnumField source="level" group="regionLevel" label="resources.tasks.fields.level" />
      <EnumField source="assignedRole" group="role" label="resources.tasks.fields.assignedRole" />
      <DueField label="resources.tasks.fields.dueAt" />
      <EnumField source="subjectType" group="subjectType" label="resources.tasks.fields.subjectType" />
      <TextField source="subjectLabel" emptyText="—" />
      <NumberField source="version" emptyText="—" />
      <ProcessRecordField label="resources.tasks.fields.processRecord" />
      <ReferenceField source="cycleId" reference="cycles" link="show" emptyText="—">
        <CycleName />
      </ReferenceField>
      <ReferenceField source="caseId" reference="cases" link={false} emptyText="—">
        <CaseName />
      </ReferenceField>
      <TextField source="workflowId" emptyText="—" />
      <LocalDateTimeField source="createdAt" emptyText="—" />
    </FieldGrid>
    <FollowUpFields />
    <DecidedFields />
    <Payload />
    <Snapshot />
    <History />
  </Show>
);
