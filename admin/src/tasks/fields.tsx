import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useEnumLabel } from '../common/enums.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import type { Task } from '../types.ts';

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

/** Task kinds are workflow step names: translated when known, shown as is otherwise. */
export const TaskKindField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<Task>();
  const label = useEnumLabel();
  if (!record) return null;
  return <span>{label('taskKind', record.kind)}</span>;
};
