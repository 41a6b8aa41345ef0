/**
 * The work team records a candidate household's acknowledgement (户认可) during the village's
 * democratic appraisal: yes or no, with a note, `POST /api/exit-households/:id/acknowledgement`.
 * Offered only to a user whose role may (`exit.acknowledge`, from GET /api/me) and only while the
 * village is in APPRAISAL; the API refuses otherwise (409 STAGE_CLOSED), shown in the user's language.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, LinearProgress, Stack, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { acknowledgeHousehold } from '../cycles/api.ts';
import type { ExitHousehold } from '../cycles/types.ts';

const NOTE_MAX = 500;

/** Which households still take an acknowledgement: the candidates of the appraisal. */
export const acknowledgeable = (h: Pick<ExitHousehold, 'status' | 'candidate'>) => h.candidate && ['CANDIDATE', 'NOT_ACKNOWLEDGED'].includes(h.status);

export function useMayAcknowledge(): boolean {
  const { permissions } = usePermissions<string[]>();
  return Array.isArray(permissions) && permissions.includes('exit.acknowledge');
}

export const AcknowledgeButtons = ({ household, stage }: { household: ExitHousehold; stage: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const may = useMayAcknowledge();
  const [answer, setAnswer] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const { mutate, isPending } = useMutation({
    mutationFn: (v: { acknowledged: boolean; note: string }) => acknowledgeHousehold(household.id, v.acknowledged, v.note),
    onSuccess: (_r, v) => {
      setAnswer(null);
      setNote('');
      notify(v.acknowledged ? 'app.exit.ack.doneYes' : 'app.exit.ack.doneNo', { type: 'success', messageArgs: { name: household.headName ?? household.householdCode ?? '' } });
      refresh();
    },
    onError: (error) => {
      notifyError(error);
      refresh();
    },
  });
  if (!may || stage !== 'APPRAISAL' || !acknowledgeable(household)) return null;
  const name = `${household.headName ?? ''}（${household.householdCode ?? household.householdId}）`;
  return (
    <>
      <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
        <Button size="small" variant={household.acknowledged === true ? 'contained' : 'outlined'} color="success" onClick={() => setAnswer(true)} data-testid="ack-yes">
          {translate('app.exit.ack.yes')}
        </Button>
        <Button size="small" variant={household.acknowledged === false ? 'contained' : 'outlined'} color="warning" onClick={() => setAnswer(false)} data-testid="ack-no">
          {translate('app.exit.ack.no')}
        </Button>
      </Stack>
      <Dialog open={answer !== null} onClose={() => (isPending ? undefined : setAnswer(null))} maxWidth="sm" fullWidth onClick={(e) => e.stopPropagation()}>
        <DialogTitle>{translate(answer ? 'app.exit.ack.titleYes' : 'app.exit.ack.titleNo', { name })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate(answer ? 'app.exit.ack.helpYes' : 'app.exit.ack.helpNo')}</DialogContentText>
          <TextField
            label={translate(answer ? 'app.exit.ack.noteOptional' : 'app.exit.ack.noteRequired')}
            value={note}
            onChange={(e) => setNote(e.target.value.slice(0, NOTE_MAX))}
            multiline
            minRows={2}
            fullWidth
            autoFocus
            inputProps={{ 'data-testid': 'ack-note', maxLength: NOTE_MAX }}
          />
          {isPending ? <LinearProgress sx={{ mt: 2 }} aria-label={translate('app.exit.ack.pending')} /> : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAnswer(null)} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            variant="contained"
            color={answer ? 'success' : 'warning'}
            disabled={isPending || (answer === false && note.trim() === '')}
            onClick={() => answer !== null && mutate({ acknowledged: answer, note: note.trim() })}
            data-testid="ack-confirm"
          >
            {translate('app.exit.ack.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
