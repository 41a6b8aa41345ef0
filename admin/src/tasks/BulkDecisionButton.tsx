/**
 * Bulk decision over the selected tasks: one decision and one comment for all, sent as
 * POST `/api/tasks/decisions {"ids","decision","comment","payload"?}` →
 * `{"results":[{"id","ok","status","error"?}]}`, then a per-task summary ("3 succeeded, 1 failed: …").
 * Pessimistic, like the single decision. The decisions offered are those every selected task
 * accepts; the comment is required when any of them needs it for that decision; the step's form
 * is shown when all selected tasks are the same step (else the tasks needing a form fail, named).
 */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import GavelIcon from '@mui/icons-material/Gavel';
import { useMutation } from '@tanstack/react-query';
import {
  Form,
  FormDataConsumer,
  RadioButtonGroupInput,
  TextInput,
  maxLength,
  required,
  useDataProvider,
  useListContext,
  useRefresh,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import type { AppDataProvider } from '../providers/dataProvider.ts';
import type { BulkDecisionResult, Task } from '../types.ts';
import { useSetBulkOutcome } from './BulkOutcome.tsx';
import { commentValidator } from './DecisionButtons.tsx';
import { FormFields, formDefaults, payloadOf } from './FormFields.tsx';
import { commentRequired, decisionsFor, useTaskWording } from './wording.ts';

const validateLength = maxLength(2000);

const stepOf = (task: Task) => `${task.processType ?? ''}/${task.step ?? task.kind}`;

interface Variables {
  ids: Identifier[];
  decision: string;
  comment: string;
  payload?: Record<string, unknown>;
}

export const BulkDecisionButton = () => {
  const { selectedIds, data, onUnselectItems } = useListContext<Task>();
  const translate = useTranslate();
  const wording = useTaskWording();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  const setOutcome = useSetBulkOutcome();

  const selected = (data ?? []).filter((t) => selectedIds.includes(t.id));
  // the decisions every selected task accepts, in the order the first one lists them
  const allowed = selected.length
    ? decisionsFor(selected[0]).filter((d) => selected.every((t) => decisionsFor(t).includes(d)))
    : [];
  const sameStep = selected.length > 0 && selected.every((t) => stepOf(t) === stepOf(selected[0]));
  const fields = sameStep ? (selected[0].formSchema ?? []) : [];
  const mixedForms = !sameStep && selected.some((t) => (t.formSchema ?? []).length > 0);
  const defaults = { decision: allowed[0] ?? '', comment: '', payload: formDefaults(fields) };

  const { mutate, isPending } = useMutation<BulkDecisionResult[], Error, Variables>({
    mutationFn: ({ ids, decision, comment, payload }) => dataProvider.decideTasks(ids, decision, comment, payload),
    onSuccess: async (results, variables) => {
      setOpen(false);
      const tasks: Record<string, Task | undefined> = Object.fromEntries(variables.ids.map((id) => [String(id), data?.find((t) => t.id === id)]));
      // a task decided meanwhile by someone else: read it again to name who decided it and when
      const decidedElsewhere = results.filter((r) => !r.ok && r.error?.code === 'ALREADY_DECIDED').map((r) => r.id);
      if (decidedElsewhere.length > 0) {
        const fresh = await dataProvider.getMany<Task>('tasks', { ids: decidedElsewhere }).catch(() => ({ data: [] as Task[] }));
        for (const task of fresh.data) tasks[String(task.id)] = { ...tasks[String(task.id)], ...task };
      }
      setOutcome({ decision: variables.decision, results, tasks });
      // decided tasks leave the open list; the failed ones are named in the summary
      onUnselectItems();
      refresh();
    },
    onError: (error) => notifyError(error),
  });

  const choices = allowed.map((d) => ({ id: d, name: sameStep ? wording.decision(selected[0], d) : translate(`enums.decision.${d}`, { _: d }) }));

  return (
    <>
      <Button size="small" startIcon={<GavelIcon />} onClick={() => setOpen(true)} data-testid="bulk-decision-button">
        {translate('app.bulk.button')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm">
        <Form
          record={defaults}
          defaultValues={defaults}
          onSubmit={(values: Record<string, unknown>) =>
            mutate({
              ids: [...selectedIds],
              decision: String(values.decision),
              comment: String(values.comment ?? '').trim(),
              payload: payloadOf(fields, values.payload),
            })
          }
        >
          <DialogTitle>{translate('app.bulk.title', { smart_count: selectedIds.length })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 1 }}>{translate('app.bulk.help')}</DialogContentText>
            {mixedForms ? (
              <Alert severity="warning" sx={{ mb: 1 }} data-testid="bulk-mixed-forms">
                {translate('app.bulk.mixedForms')}
              </Alert>
            ) : null}
            <RadioButtonGroupInput
              source="decision"
              label="app.bulk.decision"
              choices={choices}
              translateChoice={false}
              validate={required()}
              data-testid="bulk-decision-choice"
            />
            <FormDataConsumer<{ decision?: string }>>
              {({ formData }) => {
                const needsComment = selected.some((t) => commentRequired(t, formData.decision));
                return (
                  <>
                    <FormFields fields={fields} decision={formData.decision ?? null} allowed={allowed} />
                    <TextInput
                      key={needsComment ? 'required' : 'optional'}
                      source="comment"
                      label={needsComment ? 'app.task.comment' : 'app.task.commentOptional'}
                      multiline
                      minRows={3}
                      fullWidth
                      isRequired={needsComment}
                      validate={[commentValidator(needsComment), validateLength]}
                    />
                  </>
                );
              }}
            </FormDataConsumer>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" disabled={isPending || allowed.length === 0} data-testid="bulk-decision-confirm">
              {translate('ra.action.confirm')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
