/**
 * Decision of one task: one button per decision the step accepts (`allowedDecisions`), worded by
 * the step (`labels[locale].decisions`, e.g. a resubmission says 重新提交), each confirmed in a
 * dialog with a comment (required for `commentRequiredFor`) and the step's typed fields
 * (`formSchema`), sent as POST `/api/tasks/:id/decision {"decision","comment","payload"}`.
 * Irreversible: a pessimistic mutation, then a refresh. Errors are shown in the user's language.
 */
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import CheckIcon from '@mui/icons-material/CheckCircle';
import CloseIcon from '@mui/icons-material/Cancel';
import UndoIcon from '@mui/icons-material/Undo';
import { useMutation } from '@tanstack/react-query';
import {
  Form,
  HttpError,
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
import { apiError, describeApiError } from '../providers/errors.ts';
import type { AppDataProvider } from '../providers/dataProvider.ts';
import type { FormField, Task } from '../types.ts';
import { FormFields, formDefaults, payloadOf } from './FormFields.tsx';
import { commentRequired, decisionsFor, useTaskWording } from './wording.ts';

type ButtonColor = 'success' | 'error' | 'warning' | 'primary';
const COLORS: Record<string, ButtonColor> = { APPROVE: 'success', REJECT: 'error', RETURN: 'warning' };
const ICONS: Record<string, ReactElement> = { APPROVE: <CheckIcon />, REJECT: <CloseIcon />, RETURN: <UndoIcon /> };
export const decisionColor = (decision: string): ButtonColor => COLORS[decision] ?? 'primary';
export const decisionIcon = (decision: string): ReactElement | undefined => ICONS[decision];

/** A comment is required for the decisions the step names (the level below needs to know why). */
export const commentValidator =
  (isRequired: boolean): Validator =>
  (value: unknown) =>
    isRequired && (typeof value !== 'string' || value.trim() === '') ? 'ra.validation.required' : undefined;

const validateLength = maxLength(2000);

/** The name of a field an INVALID_INPUT answer names ("body.payload.income" → the field's label). */
export function payloadFieldLabel(fields: FormField[] | null | undefined, text: (f: FormField) => string) {
  return (path: string): string | null => {
    const name = /(?:^|\.)payload\.([^.]+)/.exec(path)?.[1];
    const field = name ? fields?.find((f) => f.name === name) : undefined;
    return field ? text(field) || field.name : null;
  };
}

interface Variables {
  decision: string;
  comment: string;
  payload?: Record<string, unknown>;
}

export const DecisionButtons = () => {
  const record = useRecordContext<Task>();
  const translate = useTranslate();
  const wording = useTaskWording();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [decision, setDecision] = useState<string | null>(null);
  const { canAccess } = useCanAccess({ resource: 'tasks', action: 'decide', record });

  const { mutate, isPending } = useMutation<Task, Error, Variables>({
    mutationFn: (v) => dataProvider.decideTask(record?.id ?? '', v.decision, v.comment, v.payload),
    onSuccess: (_task, variables) => {
      setDecision(null);
      // the toast says what was done, in the step's own words (a resubmission is not an approval)
      notify(wording.done(record ?? {}, variables.decision), { type: 'success' });
      refresh();
    },
    onError: async (error) => {
      const body = error instanceof HttpError ? apiError(error.body) : null;
      if (record && body?.code === 'ALREADY_DECIDED' && !(body.details[0] as { decidedByName?: unknown } | undefined)?.decidedByName) {
        // decided meanwhile (another tab, another supervisor): read the task to name who decided it
        const fresh = await dataProvider.getOne<Task>('tasks', { id: record.id }).then((r) => r.data, () => null);
        const name = fresh?.decidedByName ?? fresh?.history?.find((h) => h.id === record.id)?.decidedByName;
        const worded = name ? describeApiError(body, translate, wording.locale, { decidedByName: name }) : null;
        if (worded) notify(worded, { type: 'error', messageArgs: { _: worded } });
        else notifyError(error);
        setDecision(null);
      } else {
        notifyError(error, payloadFieldLabel(record?.formSchema, (f) => wording.text(f.label)));
      }
      // the task may have been decided meanwhile (409): show its current state
      refresh();
    },
  });

  if (!record || record.status !== 'OPEN' || !canAccess) return null;
  const allowed = decisionsFor(record);
  const fields = record.formSchema ?? [];
  const needsComment = commentRequired(record, decision);
  const defaults = { comment: '', payload: formDefaults(fields) };

  return (
    <>
      <Stack direction="row" spacing={1} data-testid="task-decisions">
        {allowed.map((d) => (
          <Button
            key={d}
            variant="contained"
            size="small"
            color={decisionColor(d)}
            startIcon={decisionIcon(d)}
            onClick={() => setDecision(d)}
            data-testid={`decision-${d}`}
          >
            {wording.decision(record, d)}
          </Button>
        ))}
      </Stack>
      <Dialog open={decision !== null} onClose={() => (isPending ? undefined : setDecision(null))} fullWidth maxWidth="sm">
        {decision !== null ? (
          <Form
            key={decision}
            record={defaults}
            defaultValues={defaults}
            onSubmit={(values: Record<string, unknown>) =>
              mutate({ decision, comment: String(values.comment ?? '').trim(), payload: payloadOf(fields, values.payload) })
            }
          >
            <DialogTitle>
              {wording.hasOwnWording(record, decision)
                ? translate('app.task.confirmAction', { action: wording.decision(record, decision) })
                : translate(`app.task.confirm.${decision}`, { _: translate('app.task.confirmAction', { action: wording.decision(record, decision) }) })}
            </DialogTitle>
            <DialogContent>
              <DialogContentText sx={{ mb: 2 }}>
                {translate('app.task.confirm.irreversible', { title: wording.title(record) })}
              </DialogContentText>
              <FormFields fields={fields} decision={decision} allowed={allowed} />
              <TextInput
                source="comment"
                label={needsComment ? 'app.task.comment' : 'app.task.commentOptional'}
                multiline
                minRows={3}
                fullWidth
                autoFocus={fields.length === 0}
                isRequired={needsComment}
                validate={[commentValidator(needsComment), validateLength]}
              />
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setDecision(null)} disabled={isPending}>
                {translate('ra.action.cancel')}
              </Button>
              <Button
                type="submit"
                variant="contained"
                color={decisionColor(decision)}
                disabled={isPending}
                data-testid="decision-confirm"
              >
                {wording.decision(record, decision)}
              </Button>
            </DialogActions>
          </Form>
        ) : null}
      </Dialog>
    </>
  );
};
