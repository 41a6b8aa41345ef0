/**
 * Cancel a running cycle (OFFICE): `POST /api/cycles/:id/cancel`, after a confirmation that says
 * what stays (decisions, deregistrations and ledger entries already written) and what stops (open
 * tasks close, rows become CANCELLED). Pessimistic: nothing changes on screen until the API answers.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, LinearProgress } from '@mui/material';
import CancelIcon from '@mui/icons-material/Cancel';
import { useMutation } from '@tanstack/react-query';
import { useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { cancelCycle } from './api.ts';
import type { Cycle } from './types.ts';

export const CancelCycleButton = () => {
  const record = useRecordContext<Cycle>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'cycles', action: 'cancel', record });
  const { mutate, isPending } = useMutation({
    mutationFn: () => cancelCycle(String(record?.id)),
    onSuccess: () => {
      setOpen(false);
      notify('app.exit.cancel.done', { type: 'success' });
      refresh();
    },
    onError: (error) => {
      notifyError(error);
      refresh();
    },
  });
  if (!record || !canAccess || record.status !== 'RUNNING') return null;
  const title = `${translate(`processes.${record.type}`, { _: record.type })} ${record.year}`;
  return (
    <>
      <Button color="error" variant="outlined" size="small" startIcon={<CancelIcon />} onClick={() => setOpen(true)} data-testid="cycle-cancel-button">
        {translate('app.exit.cancel.button')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('app.exit.cancel.title', { title })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>{translate('app.exit.cancel.stays')}</DialogContentText>
          <DialogContentText>{translate('app.exit.cancel.stops')}</DialogContentText>
          {isPending ? <LinearProgress sx={{ mt: 2 }} aria-label={translate('app.exit.cancel.pending')} /> : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button color="error" variant="contained" onClick={() => mutate()} disabled={isPending} data-testid="cycle-cancel-confirm">
            {translate('app.exit.cancel.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
