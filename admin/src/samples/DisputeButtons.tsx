/**
 * The county's dispute of a finding (申诉举证) and the province's decision (申诉裁定):
 * - the county operator disputes an entry with a finding once, while the county is in DISPUTE
 *   (`POST /api/sample-entries/:id/dispute {"reason"}`);
 * - a supervisor or the office of the province decides an open dispute while the county is in
 *   DISPUTE_REVIEW (`POST /api/sample-entries/:id/dispute/decision {"upheld","comment"}`); upheld
 *   reverses the finding's failure in 错退率 and 漏评率.
 * Shown only to those the API's permissions (`/api/me`) and scope allow; the API checks again.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import GavelIcon from '@mui/icons-material/Gavel';
import ReportIcon from '@mui/icons-material/ReportProblem';
import { useMutation } from '@tanstack/react-query';
import {
  Form,
  RadioButtonGroupInput,
  TextInput,
  maxLength,
  minLength,
  required,
  useGetIdentity,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { decideDispute, disputeFinding, type SampleEntry } from './api.ts';

const validateReason = [required(), minLength(5), maxLength(2000)];
const validateComment = [required(), minLength(2), maxLength(2000)];

function useMay(action: string): boolean {
  const { permissions } = usePermissions<string[]>();
  return Array.isArray(permissions) && permissions.includes(action);
}

function useDone(message: string, close: () => void) {
  const notify = useNotify();
  const refresh = useRefresh();
  return () => {
    close();
    notify(message, { type: 'success' });
    refresh();
  };
}

export const DisputeButton = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  const notifyError = useNotifyError();
  const [open, setOpen] = useState(false);
  const done = useDone('app.samples.dispute.sent', () => setOpen(false));
  const { mutate, isPending } = useMutation({
    mutationFn: (reason: string) => disputeFinding(record!.id, reason),
    onSuccess: done,
    onError: (error) => notifyError(error),
  });
  const may = useMay('sample.dispute');
  if (!record || !may || record.countyStage !== 'DISPUTE' || !record.hasFinding || record.disputeStatus) return null;
  return (
    <>
      <Button
        size="small"
        color="warning"
        startIcon={<ReportIcon />}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
        data-testid={`dispute-button-${record.ordinal}`}
      >
        {translate('app.samples.dispute.button')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
        <Form record={{ reason: '' }} defaultValues={{ reason: '' }} onSubmit={(values: Record<string, unknown>) => mutate(String(values.reason).trim())}>
          <DialogTitle>{translate('app.samples.dispute.title', { ordinal: record.ordinal })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('app.samples.dispute.help')}</DialogContentText>
            <TextInput source="reason" label="app.samples.fields.disputeReason" multiline minRows={3} fullWidth validate={validateReason} autoFocus />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" color="warning" disabled={isPending} data-testid="dispute-submit">
              {translate('app.samples.dispute.submit')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};

const UPHELD_CHOICES = [
  { id: 'upheld', name: 'app.samples.decision.upheld' },
  { id: 'dismissed', name: 'app.samples.decision.dismissed' },
];

export const DisputeDecisionButton = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  const notifyError = useNotifyError();
  const { identity } = useGetIdentity();
  const [open, setOpen] = useState(false);
  const done = useDone('app.samples.decision.sent', () => setOpen(false));
  const { mutate, isPending } = useMutation({
    mutationFn: (v: { upheld: boolean; comment: string }) => decideDispute(record!.id, v.upheld, v.comment),
    onSuccess: done,
    onError: (error) => notifyError(error),
  });
  const may = useMay('sample.disputeDecide');
  // the province decides: a city or county supervisor holds the permission but not the level
  const province = typeof identity?.regionId === 'string' && identity.regionId.length === 2;
  if (!record || !may || !province || record.countyStage !== 'DISPUTE_REVIEW' || record.disputeStatus !== 'OPEN') return null;
  return (
    <>
      <Button
        size="small"
        startIcon={<GavelIcon />}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
        data-testid={`decision-button-${record.ordinal}`}
      >
        {translate('app.samples.decision.button')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
        <Form
          record={{ upheld: '', comment: '' }}
          defaultValues={{ upheld: '', comment: '' }}
          onSubmit={(values: Record<string, unknown>) => mutate({ upheld: values.upheld === 'upheld', comment: String(values.comment).trim() })}
        >
          <DialogTitle>{translate('app.samples.decision.title', { ordinal: record.ordinal })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{record.disputeReason}</DialogContentText>
            <RadioButtonGroupInput source="upheld" label="app.samples.decision.verdict" choices={UPHELD_CHOICES} validate={required()} row />
            <TextInput source="comment" label="app.samples.fields.disputeComment" multiline minRows={2} fullWidth validate={validateComment} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" disabled={isPending} data-testid="decision-submit">
              {translate('app.samples.decision.submit')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
