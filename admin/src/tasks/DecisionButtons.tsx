/**
 * Decision of one task: APPROVE / REJECT / RETURN, each confirmed in a dialog with a comment
 * (required to reject or return), sent as POST `/api/tasks/:id/decision {"decision","comment"}`.
 * Irreversible: a pessimistic mutation, then a refresh. 403 / 409 / 422 show the API's message.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import CheckIcon from '@mui/icons-material/CheckCircle';
import CloseIcon from '@mui/icons-material/Cancel';
import UndoIcon from '@mui/icons-material/Undo';
import { useMutation } from '@tanstack/react-query';
import {
  Form,
  TextInput,
  maxLength,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  type Validator,
} from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import type { AppDataProvider } from '../providers/dataProvider.ts';
import type { Decision, Task } from '../types.ts';
import { commentLabel, decisionLabel, decisionsFor, hasOwnWording } from './steps.ts';

export const DECISION_COLORS = { APPROVE: 'success', REJECT: 'error', RETURN: 'warning' } as const;
export const DECISION_ICONS = { APPROVE: <CheckIcon />, REJECT: <CloseIcon />, RETURN: <UndoIcon /> };

/** A comment is required to reject or to return (the level below needs to know why). */
export const commentValidator =
  (decision: Decision | undefined): Validator =>
  (value: unknown) =>
    decision !== 'APPROVE' && (typeof value !== 'string' || value.trim() === '') ? 'ra.validation.required' : undefined;

const validateLength = maxLength(2000);
const EMPTY = { comment: '' };

export const DecisionButtons = () => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [decision, setDecision] = useState<Decision | null>(null);
  const { canAccess } = useCanAccess({ resource: 'tasks', action: 'decide', record });

  const { mutate, isPending } = useMutation<Task, Error, { decision: Decision; comment: string }>({
    mutationFn: ({ decision: d, comment }) => dataProvider.decideTask(record?.id ?? '', d, comment),
    onSuccess: (_task, variables) => {
      setDecision(null);
      notify(`app.task.decided.${variables.decision}`, { type: 'success' });
      refresh();
    },
    onError: (error) => {
      notifyError(error);
      // the task may have been decided meanwhile (409): show its current state
      refresh();
    },
  });

  if (!record || record.status !== 'OPEN' || !canAccess) return null;

  return (
    <>
      <Stack direction="row" spacing={1} data-testid="task-decisions">
        {decisionsFor(record).map((d) => (
          <Button
            key={d}
            variant="contained"
            size="small"
            color={DECISION_COLORS[d]}
            startIcon={DECISION_ICONS[d]}
            onClick={() => setDecision(d)}
            data-testid={`decision-${d}`}
          >
            {translate(decisionLabel(record, d))}
          </Button>
        ))}
      </Stack>
      <Dialog open={decision !== null} onClose={() => (isPending ? undefined : setDecision(null))} fullWidth maxWidth="sm">
        {decision !== null ? (
          <Form
            key={decision}
            record={EMPTY}
            defaultValues={EMPTY}
            onSubmit={(values: Record<string, unknown>) => mutate({ decision, comment: String(values.comment ?? '').trim() })}
          >
            <DialogTitle>
              {hasOwnWording(record, decision)
                ? translate('app.task.confirmAction', { action: translate(decisionLabel(record, decision)) })
                : translate(`app.task.confirm.${decision}`)}
            </DialogTitle>
            <DialogContent>
              <DialogContentText sx={{ mb: 2 }}>
                {translate('app.task.confirm.irreversible', { title: record.title })}
              </DialogContentText>
              <TextInput
                source="comment"
                label={commentLabel(record, decision) ?? (decision === 'APPROVE' ? 'app.task.commentOptional' : 'app.task.comment')}
                multiline
                minRows={3}
                fullWidth
                autoFocus
                isRequired={decision !== 'APPROVE'}
                validate={[commentValidator(decision), validateLength]}
              />
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setDecision(null)} disabled={isPending}>
                {translate('ra.action.cancel')}
              </Button>
              <Button
                type="submit"
                variant="contained"
                color={DECISION_COLORS[decision]}
                disabled={isPending}
                data-testid="decision-confirm"
              >
                {translate(decisionLabel(record, decision))}
              </Button>
            </DialogActions>
          </Form>
        ) : null}
      </Dialog>
    </>
  );
};
