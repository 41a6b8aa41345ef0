/**
 * 返贫录入: on an EXITED household, COUNTY_OPERATOR and OFFICE open a dialog, give a reason
 * (5-500 characters) and POST `/api/households/:id/return-to-poverty {"reason"}` → 201
 * `{"workflowId",...}` (the started process). Pessimistic: nothing changes on screen until the API answers.
 * Not offered while a request for the household is in progress (`pendingRequest`).
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import { useMutation } from '@tanstack/react-query';
import {
  Form,
  TextInput,
  maxLength,
  minLength,
  required,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import type { AppDataProvider, ReturnToPovertyAnswer } from '../providers/dataProvider.ts';
import type { HouseholdWithPending } from './PendingRequest.tsx';

const validateReason = [required(), minLength(5), maxLength(500)];
const EMPTY = { reason: '' };

export const ReturnToPovertyButton = () => {
  const record = useRecordContext<HouseholdWithPending>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'households', action: 'return-to-poverty', record });

  const { mutate, isPending } = useMutation<ReturnToPovertyAnswer, Error, string>({
    mutationFn: (reason) => dataProvider.returnToPoverty(record?.id ?? '', reason),
    onSuccess: (answer) => {
      setOpen(false);
      notify('app.returnToPoverty.started', { type: 'success', messageArgs: { workflowId: answer.workflowId } });
      refresh();
    },
    onError: (error) => notifyError(error),
  });

  // not while a request is in progress (the page shows it: PendingRequest)
  if (!record || record.status !== 'EXITED' || !canAccess || record.pendingRequest) return null;

  return (
    <>
      <Button
        size="small"
        color="warning"
        variant="outlined"
        startIcon={<ReplayIcon />}
        onClick={() => setOpen(true)}
        data-testid="return-to-poverty-button"
      >
        {translate('app.returnToPoverty.button')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm">
        <Form record={EMPTY} defaultValues={EMPTY} onSubmit={(values: Record<string, unknown>) => mutate(String(values.reason).trim())}>
          <DialogTitle>{translate('app.returnToPoverty.title', { headName: record.headName, code: record.code })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('app.returnToPoverty.help')}</DialogContentText>
            <TextInput
              source="reason"
              label="app.returnToPoverty.reason"
              multiline
              minRows={3}
              fullWidth
              validate={validateReason}
              autoFocus
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" color="warning" disabled={isPending} data-testid="return-to-poverty-submit">
              {translate('app.returnToPoverty.submit')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
