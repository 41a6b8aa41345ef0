/**
 * The result of a bulk decision, kept above the task table: once the decided tasks leave the
 * (open) list the table and its bulk toolbar may unmount, the summary must stay on screen.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List as MuiList,
  ListItem,
  ListItemIcon,
  ListItemText,
} from '@mui/material';
import OkIcon from '@mui/icons-material/CheckCircleOutline';
import FailedIcon from '@mui/icons-material/ErrorOutline';
import { useTranslate } from 'react-admin';
import { describeApiError } from '../providers/errors.ts';
import type { BulkDecisionResult, Task } from '../types.ts';
import { useTaskWording } from './wording.ts';

export interface BulkOutcome {
  decision: string;
  results: BulkDecisionResult[];
  /** the tasks by id, as listed when the decision was sent */
  tasks: Record<string, Task | undefined>;
}

const SetOutcomeContext = createContext<(outcome: BulkOutcome | null) => void>(() => undefined);

export const useSetBulkOutcome = () => useContext(SetOutcomeContext);

const BulkOutcomeDialog = ({ outcome, onClose }: { outcome: BulkOutcome | null; onClose: () => void }) => {
  const translate = useTranslate();
  const wording = useTaskWording();
  const titleOf = (id: string) => {
    const task = outcome?.tasks[id];
    return task ? wording.title(task) : id;
  };
  /** the API's error in the user's language with its details (who decided and when), else its message */
  const errorOf = (result: BulkDecisionResult) => {
    if (!result.error) return translate('ra.notification.http_error');
    const task = outcome?.tasks[String(result.id)];
    const extra = task?.decidedByName ? { decidedByName: task.decidedByName, ...(task.decidedAt ? { decidedAt: task.decidedAt } : {}), ...(task.decision ? { decision: task.decision } : {}) } : {};
    const error = { code: result.error.code, message: result.error.message, details: result.error.details ?? [] };
    return describeApiError(error, translate, wording.locale, extra) ?? translate('ra.notification.http_error');
  };
  /** what was done, in the step's own words (a resubmission is not an approval) */
  const doneOf = (id: string, decision: string) => {
    const task = outcome?.tasks[id];
    return task ? wording.done(task, decision) : translate(`app.task.decided.${decision}`, { _: decision });
  };
  const succeeded = outcome?.results.filter((r) => r.ok) ?? [];
  const failed = outcome?.results.filter((r) => !r.ok) ?? [];
  const failures = failed
    .map((r) => translate('app.bulk.failure', { title: titleOf(String(r.id)), error: errorOf(r) }))
    .join(translate('app.bulk.failureSeparator'));
  return (
    <Dialog open={outcome !== null} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('app.bulk.resultTitle')}</DialogTitle>
      <DialogContent data-testid="bulk-decision-summary">
        <Alert severity={failed.length === 0 ? 'success' : succeeded.length === 0 ? 'error' : 'warning'} sx={{ mb: 1 }}>
          {failed.length === 0
            ? translate('app.bulk.summaryAllOk', { ok: succeeded.length })
            : translate('app.bulk.summary', { ok: succeeded.length, failed: failed.length, failures })}
        </Alert>
        <MuiList dense>
          {outcome?.results.map((result) => (
            <ListItem key={String(result.id)} data-testid="bulk-decision-result" data-ok={result.ok ? 'true' : 'false'} data-status={result.status}>
              <ListItemIcon>{result.ok ? <OkIcon color="success" /> : <FailedIcon color="error" />}</ListItemIcon>
              <ListItemText
                primary={titleOf(String(result.id))}
                secondary={result.ok ? doneOf(String(result.id), outcome.decision) : errorOf(result)}
              />
            </ListItem>
          ))}
        </MuiList>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} data-testid="bulk-decision-close">
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

export const BulkOutcomeProvider = ({ children }: { children: ReactNode }) => {
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  return (
    <SetOutcomeContext.Provider value={setOutcome}>
      {children}
      <BulkOutcomeDialog outcome={outcome} onClose={() => setOutcome(null)} />
    </SetOutcomeContext.Provider>
  );
};
