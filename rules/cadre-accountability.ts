/**
 * Cadre accountability and incentives (干部问责与激励), DESIGN.md "3. Cadre accountability", seed
 * items 21 and 26: the case kinds, their stages and outcomes, the versioned config (deadlines, the
 * rectification period, the reward's notice) and the rule that blocks a reward. Pure.
 */
import { z } from 'zod';
import { deepFreeze, duration, mergeConfig, noticePeriod, parseConfig, TIME_UNITS, type ParsedConfig } from './config-kit.ts';

export const CADRE_ACCOUNTABILITY = 'CADRE_ACCOUNTABILITY';

export const CASE_KINDS = [
  'INTERVIEW', // 约谈: interview → rectification plan → deadline → verification
  'RECALL', // 召回: the dispatching side approves; open until a replacement is stationed (不脱贫不脱钩)
  'REWARD', // 奖励 / 评先评优: review → approval → public notice → recorded on the cadre's file
  'ACCOUNTABILITY', // 问责: for serious violations, the sanction recorded
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** Where a case came from (AccountabilityCase.origin). */
export type CaseOrigin = 'MANUAL' | 'ASSESSMENT' | 'SUPERVISION' | 'ESCALATION';

/** One open case per kind and cadre: a second is refused naming the first. */
export function cadreCaseWorkflowId(kind: CaseKind, cadreId: string): string {
  return `cadre-case:${kind}:${cadreId}`;
}

export const CASE_STAGES = ['OPENED', 'INTERVIEW', 'RECTIFICATION_PLAN', 'RECTIFYING', 'VERIFICATION', 'APPROVAL', 'REPLACEMENT', 'REVIEW', 'NOTICE', 'OBJECTIONS', 'DECISION', 'CLOSED', 'CANCELLED'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/** How a case ended (AccountabilityCase.outcome). */
export const CASE_OUTCOMES = ['RECTIFIED', 'ESCALATED', 'RECALLED', 'NOT_RECALLED', 'REWARDED', 'NOT_REWARDED', 'SANCTIONED', 'NOT_PURSUED', 'CANCELLED'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Sanctions an accountability decision records (问责方式). */
export const SANCTIONS = [
  { value: 'CRITICISM', label: { zh: '批评教育', en: 'Criticism and education' } },
  { value: 'ADMONITION', label: { zh: '诫勉谈话', en: 'Admonition talk' } },
  { value: 'CIRCULATED_CRITICISM', label: { zh: '通报批评', en: 'Circulated criticism' } },
  { value: 'DISCIPLINARY', label: { zh: '党纪政务处分', en: 'Party or administrative discipline' } },
  { value: 'REFERRED', label: { zh: '移送纪检监察机关', en: 'Referred to the discipline inspection organs' } },
] as const;

export const CadreAccountabilityConfig = z.strictObject({
  version: z.number().int().positive(),
  year: z.number().int().min(2013).max(2100),
  timeUnit: z.enum(TIME_UNITS, { error: `must be one of ${TIME_UNITS.join(', ')}` }),
  taskDue: z.strictObject({
    /** the interview held and recorded (约谈记录) */
    interviewRecord: duration(),
    /** the rectification plan submitted (整改方案) */
    rectificationPlan: duration(),
    /** the rectification verified after the period (整改验收) */
    verification: duration(),
    /** the recall approved or refused (召回审批) */
    recallApproval: duration(),
    /** a replacement stationed in the village (选派接替人员) */
    replacement: duration(),
    /** a reward nomination reviewed, then approved (评先评优审核、审批) */
    rewardReview: duration(),
    rewardApproval: duration(),
    /** an objection to a reward re-verified (公示异议核实) */
    objectionReverification: duration(),
    /** the accountability decided (问责决定) */
    accountabilityDecision: duration(),
    /** after the due date a reminder goes out; this long after that the task escalates */
    escalateAfter: duration(),
  }),
  /** how long an interviewed cadre has to rectify (限期整改) */
  rectificationPeriod: duration(),
  /** the reward's public notice (公示) */
  rewardNotice: noticePeriod(),
});
export type CadreAccountabilityConfig = z.infer<typeof CadreAccountabilityConfig>;

export function defaultCadreAccountabilityConfig(year: number): CadreAccountabilityConfig {
  return {
    version: 1,
    year,
    timeUnit: 'day',
    taskDue: { interviewRecord: 10, rectificationPlan: 10, verification: 10, recallApproval: 7, replacement: 15, rewardReview: 10, rewardApproval: 10, objectionReverification: 5, accountabilityDecision: 15, escalateAfter: 3 },
    rectificationPeriod: 90,
    rewardNotice: 7,
  };
}

export const DEFAULT_CADRE_ACCOUNTABILITY_CONFIG: CadreAccountabilityConfig = deepFreeze(defaultCadreAccountabilityConfig(2016));

export function parseCadreAccountabilityConfig(body: unknown): ParsedConfig<CadreAccountabilityConfig> {
  return parseConfig(CadreAccountabilityConfig, body);
}

export function mergeCadreAccountabilityConfig(base: CadreAccountabilityConfig, edit: unknown): ParsedConfig<CadreAccountabilityConfig> {
  return mergeConfig(CadreAccountabilityConfig, base, edit);
}

/** What the latest published county ranking says of a cadre's county (results of the assessment). */
export interface CountyStanding {
  countyId: string;
  year: number;
  rankingId: string;
  /** the county missed an annual target (未完成年度脱贫攻坚任务) */
  excellenceBlocked: boolean;
}

/**
 * Whether a cadre may be rewarded (评先评优): not when the team they serve in missed its annual
 * targets, i.e. the cadre's county is blocked in the latest published ranking (凡年度脱贫攻坚目标任务
 * 未完成的班子和个人，年终考核不能评先评优). No published ranking: nothing blocks.
 */
export function rewardBlock(standing: CountyStanding | null): { zh: string; en: string } | null {
  if (!standing?.excellenceBlocked) return null;
  return {
    zh: `所在县 ${standing.countyId} 在 ${standing.year} 年考核排名中未完成年度脱贫攻坚目标任务，不能评先评优`,
    en: `the cadre's county ${standing.countyId} missed its annual targets in the ${standing.year} ranking: no reward or excellent rating`,
  };
}
