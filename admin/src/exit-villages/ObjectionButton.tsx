/**
 * 提出异议: anyone whose role may (`objection.create`, from GET /api/me) files an objection against
 * a household, village or county while its public notice (公示) is open, `POST /api/objections`.
 * The process opens a re-verification task (or joins the one already open for the same subject) and
 * holds the household until it is decided; outside a notice the API answers 422 NO_OPEN_NOTICE,
 * shown in the user's language.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, LinearProgress, TextField } from '@mui/material';
import ReportProblemOutlinedIcon from '@mui/icons-material/ReportProblemOutlined';
import { useMutation } from '@tanstack/react-query';
import { useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { postJson } from '../providers/http.ts';

const REASON_MIN = 5;
const REASON_MAX = 2000;

export const ObjectionButton = ({ subjectType, subjectId, name, open }: { subjectType: 'HOUSEHOLD' | 'VILLAGE' | 'COUNTY'; subjectId: string; name: string; open: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const { permissions } = usePermissions<string[]>();
  const [dialog, setDialog] = useState(false);
  const [reason, setReason] = useState('');
  const { mutate, isPending } = useMutation({
    mutationFn: () => postJson<{ reverificationOpened?: boolean }>('/objections', { subjectType, subjectId, reason: reason.trim() }),
    onSuccess: (r) => {
      setDialog(false);
      setReason('');
      notify(r.reverificationOpened === false ? 'app.objection.joined' : 'app.objection.filed', { type: 'success', messageArgs: { name } });
      refresh();
    },
    onError: (error) => notifyError(error),
  });
  if (!open || !Array.isArray(permissions) || !permissions.includes('objection.create')) return null;
  const tooShort = reason.trim().length < REASON_MIN;
  return (
    <>
      <Button size="small" color="warning" startIcon={<ReportProblemOutlinedIcon />} onClick={(e) => (e.stopPropagation(), setDialog(true))} data-testid="objection-button">
        {translate('app.objection.action')}
      </Button>
      <Dialog open={dialog} onClose={() => (isPending ? undefined : setDialog(false))} maxWidth="sm" fullWidth onClick={(e) => e.stopPropagation()}>
        <DialogTitle>{translate('app.objection.title', { name })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('app.objection.help')}</DialogContentText>
          <TextField
            label={translate('app.objection.reason', { min: REASON_MIN })}
            value={reason}
            onChange={(e) => setReason(e.target.value.slice(0, REASON_MAX))}
            multiline
            minRows={3}
            fullWidth
            autoFocus
            inputProps={{ 'data-testid': 'objection-reason', maxLength: REASON_MAX }}
          />
          {isPending ? <LinearProgress sx={{ mt: 2 }} aria-label={translate('app.objection.pending')} /> : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(false)} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button variant="contained" color="warning" disabled={isPending || tooShort} onClick={() => mutate()} data-testid="objection-confirm">
            {translate('app.objection.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
