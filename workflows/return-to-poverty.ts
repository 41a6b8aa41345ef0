/**
 * Return to poverty (返贫录入), DESIGN.md "Yearly exit verification": an exited household is
 * re-registered after township check and county approval. RETURN sends the proposal back one level;
 * each round is a new version of the snapshot, earlier versions stay readable on their tasks.
 * Runs on the process kit (workflows/kit/): its steps are the table below.
 */
import { allHandlersFinished, ApplicationFailure, condition, defineQuery, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ActorRef } from '../activities/audit.ts';
import type { ReturnToPovertyActivities } from '../activities/return-to-poverty.ts';
import { DomainError } from '../rules/domain-errors.ts';
import {
  allowedDecisions,
  DAY_MS,
  isOutcome,
  nextReturnStep,
  RETURN_REASON_MAX,
  RETURN_REASON_MIN,
  RETURN_TO_POVERTY,
  type ReturnOutcome,
  type ReturnStep,
  type ReturnToPovertyConfig,
} from '../rules/return-to-poverty.ts';
import { decisionActivities, HumanSteps, type DecisionInput, type StepDefinition } from './kit/human-steps.ts';
import { cancellable } from './kit/process.ts';
import { DEFAULT_ACTIVITY_OPTIONS } from './options.ts';

export interface ReturnToPovertyInput {
  returnRequestId: string;
  householdId: string;
  /** village code of the household */
  villageId: string;
  reason: string;
  proposer: ActorRef;
  config: ReturnToPovertyConfig;
  /** version of the saved config (0: the embedded default) */
  configVersion?: number;
}

export interface ReturnToPovertyState {
  step: ReturnStep | ReturnOutcome;
  version: number;
  reason: string;
  decisions: Array<{ step: ReturnStep; version: number; decision: string; comment?: string; actor: string }>;
}

export interface ReturnToPovertyResult {
  outcome: ReturnOutcome;
  version: number;
}

const SYSTEM_CANCEL: ActorRef = { id: null, name: 'system (process cancelled)', role: null };

export const returnToPovertyStateQuery = defineQuery<ReturnToPovertyState>('returnToPovertyState');

/** Patch: the workflow writes its own request row (no row can exist without its process). */
export const PROCESS_WRITES_REQUEST = 'return-to-poverty-writes-request';

const acts = proxyActivities<ReturnToPovertyActivities>(DEFAULT_ACTIVITY_OPTIONS);

/** Who acts at each step, at which level, and how long they have (a field of the config). */
export const RETURN_STEPS: Record<ReturnStep, StepDefinition & { days: keyof ReturnToPovertyConfig }> = {
  'township-check': {
    key: 'township-check',
    kind: 'RETURN_TO_POVERTY_TOWNSHIP_CHECK',
    labels: { zh: { step: '返贫录入乡镇审核' }, en: { step: 'Return to poverty: township check' } },
    assignee: { role: 'SUPERVISOR', level: 'TOWNSHIP' },
    decisions: allowedDecisions('township-check'),
    days: 'townshipCheckDays',
  },
  'county-approval': {
    key: 'county-approval',
    kind: 'RETURN_TO_POVERTY_COUNTY_APPROVAL',
    labels: { zh: { step: '返贫录入县级审批' }, en: { step: 'Return to poverty: county approval' } },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: allowedDecisions('county-approval'),
    days: 'countyApprovalDays',
  },
  revise: {
    key: 'revise',
    kind: 'RETURN_TO_POVERTY_REVISE',
    labels: {
      zh: { step: '返贫录入退回修改', decisions: { APPROVE: '重新提交', REJECT: '撤回申请' } },
      en: { step: 'Return to poverty: revise the proposal', decisions: { APPROVE: 'Resubmit', REJECT: 'Withdraw' } },
    },
    assignee: { role: 'COUNTY_OPERATOR', level: 'COUNTY' },
    decisions: allowedDecisions('revise'),
    // a withdrawal says why; a resubmission states the revised reason (checked below)
    commentRequiredFor: ['APPROVE', 'REJECT'],
    // a revision nobody takes up goes to the county's supervisor
    escalateTo: { role: 'SUPERVISOR', level: 'COUNTY' },
    days: 'reviseDays',
  },
};

export async function returnToPovertyWorkflow(input: ReturnToPovertyInput): Promise<ReturnToPovertyResult> {
  const state: ReturnToPovertyState = { step: 'township-check', version: 1, reason: input.reason, decisions: [] };
  setHandler(returnToPovertyStateQuery, () => state);
  const steps = new HumanSteps({ processType: RETURN_TO_POVERTY, processId: input.returnRequestId });
  const workflowId = workflowInfo().workflowId;

  if (patched(PROCESS_WRITES_REQUEST)) {
    await decisionActivities<ReturnToPovertyActivities>().openReturnRequest({
      workflowId,
      returnRequestId: input.returnRequestId,
      householdId: input.householdId,
      reason: input.reason,
      proposer: input.proposer,
      configVersion: input.configVersion ?? 0,
    });
  }

  let last: DecisionInput | null = null;
  await cancellable(
    async () => {
      while (!isOutcome(state.step)) {
        const step: ReturnStep = state.step;
        const def = RETURN_STEPS[step];
        // a remote activity on purpose: the workflow task that answers a decision completes before the
        // next step's reads and writes run (a local activity here would hold the decider's answer)
        const snapshot = await acts.loadReturnSnapshot({ householdId: input.householdId, reason: state.reason });
        last = await steps.run({
          def,
          regionCode: input.villageId,
          subject: { type: 'HOUSEHOLD', id: input.householdId, label: `${snapshot.headName} ${snapshot.householdCode}` },
          version: state.version,
          snapshot: { ...snapshot },
          dueInMs: input.config[def.days] * DAY_MS,
          escalateAfterMs: input.config.escalateAfterDays * DAY_MS,
          // an approval re-checks, against current data, that the household is still exited
          ...(step === 'revise' ? { check: checkResubmission } : { eligibility: { activity: 'checkReturnEligibility', input: { householdId: input.householdId }, on: ['APPROVE'] } }),
        });
        state.decisions.push({ step, version: state.version, decision: last.decision, comment: last.comment, actor: last.actor.name });
        const next = nextReturnStep(step, last.decision);
        if (last.decision === 'RETURN') state.version += 1; // a returned proposal becomes a new version
        if (step === 'revise' && last.decision === 'APPROVE' && last.comment?.trim()) state.reason = last.comment.trim();
        state.step = next;
      }
    },
    // cancelled (e.g. by the office): the request is closed too
    () => acts.closeReturnRequest({ workflowId, returnRequestId: input.returnRequestId, status: 'CANCELLED', actor: SYSTEM_CANCEL }),
  );

  const decided = last as DecisionInput | null;
  const actor = decided?.actor ?? input.proposer;
  if (state.step === 'approved') {
    await acts.applyReturnToPoverty({ workflowId, householdId: input.householdId, returnRequestId: input.returnRequestId, reason: state.reason, approvedBy: actor });
  } else {
    await acts.closeReturnRequest({
      workflowId,
      returnRequestId: input.returnRequestId,
      status: state.step === 'rejected' ? 'REJECTED' : 'CANCELLED',
      actor,
      comment: decided?.comment,
    });
  }
  await condition(allHandlersFinished);
  return { outcome: state.step as ReturnOutcome, version: state.version };
}

/** A resubmission states the revised reason, within the same bounds as a proposal. */
async function checkResubmission(decision: DecisionInput): Promise<void> {
  const reason = decision.comment?.trim() ?? '';
  if (decision.decision === 'APPROVE' && (reason.length < RETURN_REASON_MIN || reason.length > RETURN_REASON_MAX)) {
    throw ApplicationFailure.create({ type: DomainError.COMMENT_REQUIRED, message: `a resubmission needs the revised reason (${RETURN_REASON_MIN}-${RETURN_REASON_MAX} characters)`, nonRetryable: true });
  }
}
