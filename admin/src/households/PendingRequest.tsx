/**
 * The return-to-poverty request in progress on a household's page (`pendingRequest` of
 * `GET /api/households/:id`): its status, who proposed it and when, the step it waits on (the open
 * task: its step in the user's language, the role that decides it, the due date), with links to the
 * task and to the request. While it is there, 返贫录入 is not offered (ReturnToPovertyButton).
 */
import { Alert, AlertTitle, Box, Button, Stack, Typography } from '@mui/material';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import { LinkBase, useCanAccess, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { useEnumLabel } from '../common/enums.tsx';
import type { Household } from '../types.ts';

export interface PendingReturnRequest {
  id: string;
  workflowId: string;
  status: 'PENDING';
  reason: string;
  createdAt: string;
  requestedBy: string;
  requestedByName: string | null;
  currentTask: {
    id: string;
    step: string;
    stepKey: string;
    labels: { zh?: { step?: string }; en?: { step?: string } } | null;
    assignedRole: string;
    regionId: string;
    level: string;
    dueAt: string;
  } | null;
}

export type HouseholdWithPending = Household & { pendingRequest?: PendingReturnRequest | null };

export const PendingRequest = () => {
  const record = useRecordContext<HouseholdWithPending>();
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const [locale] = useLocaleState();
  const { canAccess: mayPropose } = useCanAccess({ resource: 'households', action: 'return-to-poverty', record });
  const pending = record?.pendingRequest;
  if (!pending) return null;
  const date = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  const task = pending.currentTask;
  const step = task ? (task.labels?.[locale === 'en' ? 'en' : 'zh']?.step ?? task.step) : null;
  const requestFilter = encodeURIComponent(JSON.stringify({ householdId: record.id }));
  return (
    <Alert severity="info" icon={<HourglassTopIcon />} sx={{ mx: 2, mb: 2 }} data-testid="household-pending-request" data-request-id={pending.id} data-status={pending.status}>
      <AlertTitle>{translate('app.scope.pending.title')}</AlertTitle>
      <Stack spacing={0.5}>
        <Typography variant="body2">
          {translate('app.scope.pending.status')}：<strong data-testid="household-pending-status">{enumLabel('requestStatus', pending.status)}</strong>
        </Typography>
        <Typography variant="body2" data-testid="household-pending-step" data-step-key={task?.stepKey ?? ''}>
          {task && step
            ? translate('app.scope.pending.step', { step, role: enumLabel('role', task.assignedRole), due: date(task.dueAt) })
            : translate('app.scope.pending.between')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('app.scope.pending.proposed', { who: pending.requestedByName ? `${pending.requestedByName}（${pending.requestedBy}）` : pending.requestedBy, at: date(pending.createdAt), reason: pending.reason })}
        </Typography>
        {mayPropose ? (
          <Typography variant="body2" color="text.secondary" data-testid="household-pending-blocked">
            {translate('app.scope.pending.blocked')}
          </Typography>
        ) : null}
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', pt: 0.5 }}>
          {task ? (
            <Button size="small" variant="outlined" component={LinkBase} to={`/tasks/${encodeURIComponent(task.id)}/show`} data-testid="household-pending-task">
              {translate('app.scope.pending.openTask')}
            </Button>
          ) : null}
          <Button size="small" component={LinkBase} to={`/return-requests?filter=${requestFilter}`} data-testid="household-pending-link">
            {translate('app.scope.pending.openRequest')}
          </Button>
        </Box>
      </Stack>
    </Alert>
  );
};
