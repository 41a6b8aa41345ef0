/**
 * Return to poverty (返贫录入): a county operator proposes re-registering an exited household with a
 * reason; the township checks (乡镇审核), the county approves (县级审批); the household becomes
 * registered-poor again. A RETURN sends the work back one level (county → township → proposer).
 */
import { z } from 'zod';
import type { Decision } from './enums.ts';

export type ReturnStep = 'township-check' | 'county-approval' | 'revise';
export type ReturnOutcome = 'approved' | 'rejected' | 'withdrawn';

/** The process type (task rows, search attribute `ProcessType`, versioned config kind). */
export const RETURN_TO_POVERTY = 'RETURN_TO_POVERTY';

/** Step durations of the process, in days (versioned config kind `RETURN_TO_POVERTY`). */
export interface ReturnToPovertyConfig {
  townshipCheckDays: number;
  countyApprovalDays: number;
  /** the proposer's time to revise a returned proposal */
  reviseDays: number;
  /** after the due date a reminder goes out; this long after that the task escalates one level up */
  escalateAfterDays: number;
}

export const DEFAULT_RETURN_CONFIG: ReturnToPovertyConfig = {
  townshipCheckDays: 5,
  countyApprovalDays: 7,
  reviseDays: 5,
  escalateAfterDays: 3,
};

/** A saved version of the config (fractional days let a demo run in minutes). */
export const ReturnToPovertyConfigSchema = z
  .object({
    townshipCheckDays: z.number().positive().max(365),
    countyApprovalDays: z.number().positive().max(365),
    reviseDays: z.number().positive().max(365),
    escalateAfterDays: z.number().positive().max(365),
  })
  .strict() satisfies z.ZodType<ReturnToPovertyConfig>;

export const RETURN_REASON_MIN = 5;
export const RETURN_REASON_MAX = 500;

/** What each decision at each step leads to. */
export function nextReturnStep(step: ReturnStep, decision: Decision): ReturnStep | ReturnOutcome {
  switch (step) {
    case 'township-check':
      return decision === 'APPROVE' ? 'county-approval' : decision === 'REJECT' ? 'rejected' : 'revise';
    case 'county-approval':
      return decision === 'APPROVE' ? 'approved' : decision === 'REJECT' ? 'rejected' : 'township-check';
    case 'revise':
      // APPROVE = resubmit, REJECT = withdraw; there is no level below the proposer
      if (decision === 'RETURN') throw new Error('a proposal under revision cannot be returned');
      return decision === 'APPROVE' ? 'township-check' : 'withdrawn';
  }
}

export function allowedDecisions(step: ReturnStep): Decision[] {
  return step === 'revise' ? ['APPROVE', 'REJECT'] : ['APPROVE', 'REJECT', 'RETURN'];
}

export function isOutcome(x: ReturnStep | ReturnOutcome): x is ReturnOutcome {
  return x === 'approved' || x === 'rejected' || x === 'withdrawn';
}

/** Only a deregistered household can return to poverty. */
export function returnEligibility(household: { status: string }): { eligible: true } | { eligible: false; reason: string } {
  return household.status === 'EXITED'
    ? { eligible: true }
    : { eligible: false, reason: `household status is ${household.status}, not EXITED` };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The business key is the household: one return to poverty runs per household at a time, so the
 * same proposal twice finds the running process (409). Later proposals reuse the id once it closed.
 */
export function returnToPovertyWorkflowId(householdId: string): string {
  return `return-to-poverty:${householdId}`;
}
