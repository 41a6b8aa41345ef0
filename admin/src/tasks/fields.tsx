import { Chip, Link, Stack } from '@mui/material';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { useGetIdentity, useRecordContext, useTranslate } from 'react-admin';
import { LocalDateTimeField } from '../common/fields.tsx';
import type { SessionIdentity } from '../providers/authProvider.ts';
import { EnumField } from '../common/enums.tsx';
import { decisionColor } from './DecisionButtons.tsx';
import type { Task, TaskHistoryEntry } from '../types.ts';
import { useTaskWording } from './wording.ts';

/** Due date; an overdue open task is shown in red with an "overdue" chip. */
export const DueField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  if (!record) return null;
  const overdue = record.overdue === true && record.status === 'OPEN';
  return (
    <Stack direction="row" spacing={1} alignItems="center" data-testid="task-due" data-overdue={overdue ? 'true' : 'false'}>
      <LocalDateTimeField source="dueAt" sx={overdue ? { color: 'error.main', fontWeight: 600 } : undefined} />
      {overdue ? <Chip size="small" color="error" label={translate('app.task.overdue')} /> : null}
    </Stack>
  );
};

/** "返贫录入乡镇审核 · 第 2 版 · 张三 (4312220010010001)" in the console's language. */
export const TaskTitleField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<Task>();
  const wording = useTaskWording();
  if (!record) return null;
  return <span data-testid="task-title">{wording.title(record)}</span>;
};

/** The process a task belongs to, by `processes.<processType>` (the raw type when not translated). */
export const ProcessField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<Task>();
  const wording = useTaskWording();
  if (!record?.processType) return <span>—</span>;
  return <span title={record.processType}>{wording.process(record.processType)}</span>;
};

/** The step's own wording (`labels[locale].step`). */
export const StepField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<Task>();
  const wording = useTaskWording();
  if (!record) return null;
  return <span title={record.step ?? record.stepKey}>{wording.step(record)}</span>;
};

/** `${temporalUi.url}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}` */
export function temporalWorkflowUrl(temporalUi: SessionIdentity['temporalUi'] | undefined, workflowId: string | undefined): string | null {
  if (!temporalUi || !workflowId) return null;
  return `${temporalUi.url}/namespaces/${encodeURIComponent(temporalUi.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** The workflow in the Temporal Web UI, when `GET /api/me` names one. */
export const TemporalLink = () => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const url = temporalWorkflowUrl((identity as SessionIdentity | undefined)?.temporalUi, record?.workflowId);
  if (!url) return null;
  return (
    <Link href={url} target="_blank" rel="noopener noreferrer" data-testid="task-temporal-link" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      {translate('app.task.temporalLink')}
      <OpenInNewIcon fontSize="inherit" />
    </Link>
  );
};

/** A decision in the step's own words (a resubmission shows as 重新提交, not as 通过). */
export const DecisionField = (_props: { label?: string }) => {
  const record = useRecordContext<Task | TaskHistoryEntry>();
  const wording = useTaskWording();
  if (!record?.decision) return null;
  if (!wording.hasOwnWording(record, record.decision)) return <EnumField source="decision" group="decision" chip />;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={decisionColor(record.decision)}
      label={wording.decision(record, record.decision)}
      data-testid="task-decision"
    />
  );
};
