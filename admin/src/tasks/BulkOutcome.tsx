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
import type { BulkDecisionResult, Decision } from '../types.ts';

export interface BulkOutcome {
  decision: Decision;
  results: BulkDecisionResult[];
  /** task titles by id, as listed when the decision was sent */
  titles: Record<string, string>;
}

const SetOutcomeContext = createContext<(outcome: BulkOutcome | null) => void>(() => undefined);

export const useSetBulkOutcome = () => useContext(SetOutcomeContext);

const BulkOutcomeDialog = ({ outcome, onClose }: { outcome: BulkOutcome | null; onClose: () => void }) => {
  const translate = useTranslate();
  const succeeded = outcome?.results.filter((r) => r.ok) ?? [];
  const failed = outcome?.results.filter((r) => !r.ok) ?? [];
  const failures = failed
    .map((r) => `${outcome?.titles[String(r.id)] ?? r.id}（${r.error?.message ?? r.status}）`)
    .join('；');
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
            <ListItem key={String(result.id)} data-testid="bulk-decision-result" data-ok={result.ok ? 'true' : 'false'}>
              <ListItemIcon>{result.ok ? <OkIcon color="success" /> : <FailedIcon color="error" />}</ListItemIcon>
              <ListItemText
                primary={outcome.titles[String(result.id)] ?? String(result.id)}
                secondary={
                  result.ok
                    ? translate(`app.task.decided.${outcome.decision}`)
                    : `${result.status} · ${result.error?.message ?? translate('ra.notification.http_error')}`
                }
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
