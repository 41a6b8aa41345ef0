/**
 * Bulk decision over the selected tasks: one decision and one comment for all, sent as
 * POST `/api/tasks/decisions {"ids","decision","comment"}` → `{"results":[{"id","ok","status","error"?}]}`,
 * then a per-task summary ("3 succeeded, 1 failed: …"). Pessimistic, like the single decision.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
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
import { enumChoices } from '../common/enums.tsx';
import { useNotifyError } from '../common/notify.ts';
import type { AppDataProvider } from '../providers/dataProvider.ts';
import { DECISIONS, type BulkDecisionResult, type Decision, type Task } from '../types.ts';
import { useSetBulkOutcome } from './BulkOutcome.tsx';
import { commentValidator } from './DecisionButtons.tsx';

const validateLength = maxLength(2000);
const DEFAULTS = { decision: 'APPROVE', comment: '' };

const CommentInput = () => (
  <FormDataConsumer<{ decision?: Decision }>>
    {({ formData }) => (
      <TextInput
        source="comment"
        label={formData.decision === 'APPROVE' ? 'app.task.commentOptional' : 'app.task.comment'}
        multiline
        minRows={3}
        fullWidth
        validate={[commentValidator(formData.decision), validateLength]}
      />
    )}
  </FormDataConsumer>
);

export const BulkDecisionButton = () => {
  const { selectedIds, data, onUnselectItems } = useListContext<Task>();
  const translate = useTranslate();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  const setOutcome = useSetBulkOutcome();

  const { mutate, isPending } = useMutation<BulkDecisionResult[], Error, { ids: Identifier[]; decision: Decision; comment: string }>({
    mutationFn: ({ ids, decision, comment }) => dataProvider.decideTasks(ids, decision, comment),
    onSuccess: (results, variables) => {
      setOpen(false);
      const titles = Object.fromEntries(variables.ids.map((id) => [String(id), data?.find((t) => t.id === id)?.title ?? String(id)]));
      setOutcome({ decision: variables.decision, results, titles });
      // decided tasks leave the open list; the failed ones are named in the summary
      onUnselectItems();
      refresh();
    },
    onError: (error) => notifyError(error),
  });

  return (
    <>
      <Button size="small" startIcon={<GavelIcon />} onClick={() => setOpen(true)} data-testid="bulk-decision-button">
        {translate('app.bulk.button')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm">
        <Form
          record={DEFAULTS}
          defaultValues={DEFAULTS}
          onSubmit={(values: Record<string, unknown>) =>
            mutate({
              ids: [...selectedIds],
              decision: values.decision as Decision,
              comment: String(values.comment ?? '').trim(),
            })
          }
        >
          <DialogTitle>{translate('app.bulk.title', { smart_count: selectedIds.length })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 1 }}>{translate('app.bulk.help')}</DialogContentText>
            <RadioButtonGroupInput
              source="decision"
              label="app.bulk.decision"
              choices={enumChoices('decision', DECISIONS)}
              validate={required()}
              data-testid="bulk-decision-choice"
            />
            <CommentInput />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" disabled={isPending} data-testid="bulk-decision-confirm">
              {translate('ra.action.confirm')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
