/**
 * Return to poverty (返贫录入), DESIGN.md "Yearly exit verification": an exited household is
 * re-registered after township check and county approval. RETURN sends the proposal back one level;
 * each round is a new version of the snapshot, earlier versions stay readable on their tasks.
 */
import { allHandlersFinished, ApplicationFailure, CancellationScope, condition, defineQuery, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { ActorRef } from '../activities/audit.ts';
import {
  allowedDecisions,
  DAY_MS,
  isOutcome,
  nextReturnStep,
  RETURN_REASON_MAX,
  RETURN_REASON_MIN,
  type ReturnOutcome,
  type ReturnStep,
  returnToPovertyWorkflowId,
  type ReturnToPovertyConfig,
} from '../rules/return-to-poverty.ts';
import { ancestorAt } from '../rules/regions.ts';
import { HumanSteps, type DecisionInput } from './human-step.ts';
import { DomainError } from '../rules/domain-errors.ts';
import { DEFAULT_ACTIVITY_OPTIONS, INTERACTIVE_ACTIVITY_OPTIONS } from './options.ts';

export interface ReturnToPovertyInput {
  returnRequestId: string;
  householdId: string;
  /** village code of the household */
  villageId: string;
  reason: string;
  proposer: ActorRef;
  config: ReturnToPovertyConfig;
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

const acts = proxyActivities<Activities>(DEFAULT_ACTIVITY_OPTIONS);
/** for the checks and writes a supervisor waits on */
const interactive = proxyActivities<Activities>(INTERACTIVE_ACTIVITY_OPTIONS);

export async function returnToPovertyWorkflow(input: ReturnToPovertyInput): Promise<ReturnToPovertyResult> {
  const state: ReturnToPovertyState = { step: 'township-check', version: 1, reason: input.reason, decisions: [] };
  setHandler(returnToPovertyStateQuery, () => state);
  const steps = new HumanSteps(
    acts,
    async (_step, decision) => {
      if (state.step === 'revise') {
        // a resubmission states the revised reason, within the same bounds as a proposal
        const reason = decision.comment?.trim() ?? '';
        if (decision.decision === 'APPROVE' && (reason.length < RETURN_REASON_MIN || reason.length > RETURN_REASON_MAX)) {
          throw ApplicationFailure.create({ type: DomainError.COMMENT_REQUIRED, message: `a resubmission needs the revised reason (${RETURN_REASON_MIN}-${RETURN_REASON_MAX} characters)`, nonRetryable: true });
        }
        return;
      }
      if (decision.decision === 'APPROVE') await interactive.checkReturnEligibility({ householdId: input.householdId });
    },
    interactive,
  );
  const rounds: Partial<Record<ReturnStep, number>> = {};
  let last: DecisionInput | null = null;

  try {
    while (!isOutcome(state.step)) {
      const step: ReturnStep = state.step;
      rounds[step] = (rounds[step] ?? 0) + 1;
      const snapshot = await acts.loadReturnSnapshot({ householdId: input.householdId, reason: state.reason });
      last = await steps.run({
        ...stepTask(step, input, state.version, `${snapshot.headName} ${snapshot.householdCode}`),
        stepKey: `${step}#${rounds[step]}`,
        snapshot: { ...snapshot },
        allowed: allowedDecisions(step),
      });
      state.decisions.push({ step, version: state.version, decision: last.decision, comment: last.comment, actor: last.actor.name });
      const next = nextReturnStep(step, last.decision);
      if (last.decision === 'RETURN') state.version += 1; // a returned proposal becomes a new version
      if (step === 'revise' && last.decision === 'APPROVE' && last.comment?.trim()) state.reason = last.comment.trim();
      state.step = next;
    }
  } catch (err) {
    // cancelled (e.g. by the office): close the request and the open task, then end as cancelled
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        await acts.cancelOpenTasks({ workflowId: workflowIdOf(input), reason: 'process cancelled' });
        await acts.closeReturnRequest({ workflowId: workflowIdOf(input), returnRequestId: input.returnRequestId, status: 'CANCELLED', actor: SYSTEM_CANCEL });
      });
    }
    throw err;
  }

  const actor = last?.actor ?? input.proposer;
  if (state.step === 'approved') {
    await acts.applyReturnToPoverty({
      workflowId: workflowIdOf(input),
      householdId: input.householdId,
      returnRequestId: input.returnRequestId,
      reason: state.reason,
      approvedBy: actor,
    });
  } else {
    await acts.closeReturnRequest({
      workflowId: workflowIdOf(input),
      returnRequestId: input.returnRequestId,
      status: state.step === 'rejected' ? 'REJECTED' : 'CANCELLED',
      actor,
      comment: last?.comment,
    });
  }
  await condition(allHandlersFinished);
  return { outcome: state.step, version: state.version };
}

function workflowIdOf(input: ReturnToPovertyInput): string {
  return returnToPovertyWorkflowId(input.householdId, input.returnRequestId);
}

/** Who acts at each step, at which level, and how long they have (a field of the config). */
const STEPS: Record<ReturnStep, { kind: string; title: string; role: 'SUPERVISOR' | 'COUNTY_OPERATOR'; level: 'TOWNSHIP' | 'COUNTY'; days: keyof ReturnToPovertyConfig }> = {
  'township-check': { kind: 'RETURN_TO_POVERTY_TOWNSHIP_CHECK', title: '返贫录入乡镇审核', role: 'SUPERVISOR', level: 'TOWNSHIP', days: 'townshipCheckDays' },
  'county-approval': { kind: 'RETURN_TO_POVERTY_COUNTY_APPROVAL', title: '返贫录入县级审批', role: 'SUPERVISOR', level: 'COUNTY', days: 'countyApprovalDays' },
  revise: { kind: 'RETURN_TO_POVERTY_REVISE', title: '返贫录入退回修改', role: 'COUNTY_OPERATOR', level: 'COUNTY', days: 'reviseDays' },
};

function stepTask(step: ReturnStep, input: ReturnToPovertyInput, version: number, subject: string) {
  const s = STEPS[step];
  return {
    kind: s.kind,
    title: `${s.title} v${version} · ${subject}`,
    assignedRole: s.role,
    regionId: ancestorAt(input.villageId, s.level),
    level: s.level,
    subjectType: 'HOUSEHOLD',
    subjectId: input.householdId,
    returnRequestId: input.returnRequestId,
    version,
    dueInMs: input.config[s.days] * DAY_MS,
    escalateAfterMs: input.config.escalateAfterDays * DAY_MS,
  };
}
