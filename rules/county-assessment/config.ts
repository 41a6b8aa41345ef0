/**
 * The configuration of a county assessment cycle (贫困县扶贫开发工作成效考核配置), seed items 20-22,
 * 25, 26: the year's indicator framework (indicators, weights, scoring rules), the annual targets
 * whose miss blocks an excellent rating and opens an interview, the deadlines, the ranking notice
 * and how results are applied. Versioned (ConfigVersion kind `COUNTY_ASSESSMENT`) and frozen with
 * the cycle when it launches, so a later edit never changes a running or finished cycle.
 * The documented defaults are in docs/county-assessment-config.md (a test keeps the two equal).
 *
 * Units: rates are fractions (70% is 0.7); scores are points out of 100; durations are counts of
 * `timeUnit` (rules/config-kit.ts).
 */
import { z } from 'zod';
import { count, deepFreeze, duration, durationMs, mergeConfig, noticePeriod, parseConfig, TIME_UNITS, type DeepPartial, type ParsedConfig } from '../config-kit.ts';
import { VALUE_SOURCE_VALUES } from '../enums.ts';

/**
 * Indicator groups, after the national effectiveness assessment (成效考核) plus the seed's
 * measurable items.
 */
export const INDICATOR_GROUPS = [
  'REDUCTION', // 减贫成效
  'ACCURACY', // 精准识别、精准退出
  'ASSISTANCE', // 精准帮扶
  'FUNDS', // 扶贫资金
  'SPECIAL', // 专项工作 (items 20, 25)
] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];
export const GROUP_LABELS: Record<IndicatorGroup, { zh: string; en: string }> = {
  REDUCTION: { zh: '减贫成效', en: 'Poverty reduction' },
  ACCURACY: { zh: '精准识别精准退出', en: 'Accuracy of identification and exit' },
  ASSISTANCE: { zh: '精准帮扶', en: 'Targeted assistance' },
  FUNDS: { zh: '扶贫资金', en: 'Use of funds' },
  SPECIAL: { zh: '专项工作', en: 'Special tasks' },
};

/** What kind of number an indicator holds, and so which values are possible. */
export const INDICATOR_UNITS = {
  /** a share from 0 to 1 (0.7 = 70%) */
  rate: { min: 0, max: 1 },
  /** a ratio that may pass 1 (a plan over-fulfilled: 1.2 = 120%) */
  ratio: { min: 0, max: 10 },
  /** a change from one year to the next as a fraction (0.12 = +12%), may be negative */
  growth: { min: -1, max: 10 },
  /** points out of 100 (an evaluation score) */
  score: { min: 0, max: 100 },
} as const;
export type IndicatorUnit = keyof typeof INDICATOR_UNITS;

/**
 * Indicators the system computes from its own data (source REGISTRY); the activity that computes
 * each is named after it. Any other indicator is entered (self-reported, third party, statistics).
 */
export const COMPUTED_INDICATORS = {
  /** 建档立卡贫困人口减少率: registered households deregistered in the year ÷ registered poor at its start */
  REDUCTION_RATE: 'rate',
  /** 年度减贫任务完成率: households deregistered in the year ÷ the county's planned number (annualPlan) */
  TASK_COMPLETION: 'ratio',
  /** 驻村工作队覆盖率 (item 21): poor villages with a stationed team ÷ poor villages */
  TEAM_COVERAGE: 'rate',
  /** 帮扶责任人覆盖率 (item 21): poor households with a responsible cadre ÷ poor households */
  RESPONSIBLE_PERSON_COVERAGE: 'rate',
} as const satisfies Record<string, IndicatorUnit>;
export type ComputedIndicator = keyof typeof COMPUTED_INDICATORS;

const Label = z.strictObject({ zh: z.string().min(1).max(60), en: z.string().min(1).max(120) });
const INDICATOR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
const Code = z.string().regex(INDICATOR_CODE, 'must be 1-40 capital letters, digits or _ (e.g. TEAM_COVERAGE)');
const Num = () => z.number({ error: 'must be a number' }).finite('must be a finite number');

/**
 * How a value becomes points (计分方法). `fraction` of the weight is awarded:
 * - `linear`: 0 at `worst`, all at `best`, in proportion between (clamped); worst < best for an
 *   indicator where higher is better, worst > best where lower is better.
 * - `threshold`: all if the value reaches `target` (≥ when higher is better, ≤ when lower), else 0.
 * - `relative`: in proportion to the county's place between the lowest and the highest value among
 *   the counties of the cycle (all of them the same value: all points).
 */
const Scoring = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear'), worst: Num(), best: Num() }),
  z.strictObject({ kind: z.literal('threshold'), target: Num() }),
  z.strictObject({ kind: z.literal('relative') }),
]);
export type Scoring = z.infer<typeof Scoring>;

/** Which counties an indicator applies to; elsewhere it is left out and the total is scaled to 100. */
const AppliesTo = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  /** counties with a paired-assistance partner (对口帮扶, item 20; the Pairing table) */
  z.strictObject({ kind: z.literal('paired') }),
  z.strictObject({ kind: z.literal('counties'), codes: z.array(z.string().regex(/^\d{6}$/, 'must be a 6-digit county code')).min(1).max(200) }),
]);
export type AppliesTo = z.infer<typeof AppliesTo>;

export const Indicator = z.strictObject({
  code: Code,
  name: Label,
  group: z.enum(INDICATOR_GROUPS, { error: `must be one of ${INDICATOR_GROUPS.join(', ')}` }),
  /** points of 100 */
  weight: z.number({ error: 'must be a number of points' }).gt(0, 'must be more than 0 points').max(100, 'must be at most 100 points'),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  unit: z.enum(Object.keys(INDICATOR_UNITS) as [IndicatorUnit, ...IndicatorUnit[]]),
  /** where its value comes from; REGISTRY only for COMPUTED_INDICATORS */
  source: z.enum(VALUE_SOURCE_VALUES),
  scoring: Scoring,
  appliesTo: AppliesTo,
});
export type Indicator = z.infer<typeof Indicator>;

/** An annual target (年度目标任务): missing it blocks rewards and excellent ratings and opens an interview. */
const AnnualTarget = z
  .strictObject({
    indicator: Code,
    atLeast: Num().optional(),
    atMost: Num().optional(),
    label: Label,
  })
  .refine((t) => (t.atLeast === undefined) !== (t.atMost === undefined), { message: 'give exactly one of atLeast, atMost' });
export type AnnualTarget = z.infer<typeof AnnualTarget>;

/** Weights must add up to this (a total of 100 points). */
export const TOTAL_POINTS = 100;

export const CountyAssessmentConfig = z
  .strictObject({
    version: z.number().int().positive(),
    year: z.number().int().min(2013, 'must be 2013 or later (精准扶贫 began in 2013)').max(2100),
    timeUnit: z.enum(TIME_UNITS, { error: `must be one of ${TIME_UNITS.join(', ')}` }),
    indicators: z.array(Indicator).min(1, 'must list at least one indicator').max(60),
    annualTargets: z.array(AnnualTarget).max(20),
    /** the province's annual reduction plan per county (年度减贫计划): households to deregister (6-digit code → count) */
    annualPlan: z.record(z.string().regex(/^\d{6}$/, 'must be a 6-digit county code'), count()),
    submission: z.strictObject({
      /** how long counties have to submit their data, and the third party and the office to enter theirs (报送时限) */
      due: duration(),
      /** how long after the due date late entries are still taken; then collection closes and what is missing scores 0 */
      closesAfter: duration(),
      /** points taken off a county's total when it submitted after the due date (迟报扣分) */
      latePenalty: z.number({ error: 'must be a number of points' }).min(0, 'must be 0 or more points').max(10, 'must be at most 10 points'),
    }),
    /** how long each human step may take before it is overdue (任务时限) */
    taskDue: z.strictObject({
      /** third-party evaluation entry (第三方评估录入) */
      thirdPartyEntry: duration(),
      /** the office reviews the computed scores (考核办审核) */
      officeReview: duration(),
      /** a supervisor approves the ranking before its notice (审批) */
      supervisorApproval: duration(),
      /** re-verification of one objection to the ranking (异议核实) */
      objectionReverification: duration(),
      /** after the due date a reminder goes out; this long after that the task escalates one level up */
      escalateAfter: duration(),
    }),
    /** the ranking's public notice (排名公示) */
    rankingNotice: noticePeriod(),
    results: z.strictObject({
      /** counties at these ranks or better are rewarded (排名靠前给予奖励), unless a target was missed */
      rewardTop: count(),
      /** how long a county interviewed for a missed target has to rectify (限期整改) */
      rectificationPeriod: duration(),
      /** fake-exit flags (假脱贫) of the year's exit verification at or above which an accountability case opens */
      accountabilityFakeExitFlags: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000),
    }),
  })
  .superRefine((config, ctx) => {
    const codes = new Map<string, number>();
    let total = 0;
    config.indicators.forEach((ind, i) => {
      const at = (...p: (string | number)[]) => ['indicators', i, ...p];
      const first = codes.get(ind.code);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: at('code'), message: `${ind.code} is already defined at indicators.${first}` });
      else codes.set(ind.code, i);
      total += ind.weight;
      const computed = (COMPUTED_INDICATORS as Record<string, IndicatorUnit>)[ind.code];
      if (ind.source === 'REGISTRY' && !computed) {
        ctx.addIssue({ code: 'custom', path: at('source'), message: `the system computes only ${Object.keys(COMPUTED_INDICATORS).join(', ')}; ${ind.code} must be entered (SELF_REPORTED, THIRD_PARTY or STATISTICS)` });
      }
      if (ind.source === 'REGISTRY' && computed && computed !== ind.unit) ctx.addIssue({ code: 'custom', path: at('unit'), message: `${ind.code} is computed as a ${computed}` });
      const { min, max } = INDICATOR_UNITS[ind.unit];
      const inRange = (v: number) => v >= min && v <= max;
      const s = ind.scoring;
      if (s.kind === 'linear') {
        if (!inRange(s.worst)) ctx.addIssue({ code: 'custom', path: at('scoring', 'worst'), message: `must be a ${ind.unit} from ${min} to ${max}` });
        if (!inRange(s.best)) ctx.addIssue({ code: 'custom', path: at('scoring', 'best'), message: `must be a ${ind.unit} from ${min} to ${max}` });
        if (ind.direction === 'HIGHER_IS_BETTER' && !(s.best > s.worst)) ctx.addIssue({ code: 'custom', path: at('scoring', 'best'), message: 'must be above worst when higher is better' });
        if (ind.direction === 'LOWER_IS_BETTER' && !(s.best < s.worst)) ctx.addIssue({ code: 'custom', path: at('scoring', 'best'), message: 'must be below worst when lower is better' });
      }
      if (s.kind === 'threshold' && !inRange(s.target)) ctx.addIssue({ code: 'custom', path: at('scoring', 'target'), message: `must be a ${ind.unit} from ${min} to ${max}` });
    });
    if (Math.abs(total - TOTAL_POINTS) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['indicators'], message: `the weights add up to ${Number(total.toFixed(6))} points, not ${TOTAL_POINTS}`, params: { rule: 'WEIGHTS_TOTAL', total: Number(total.toFixed(6)), expected: TOTAL_POINTS } });
    }
    config.annualTargets.forEach((t, i) => {
      if (!codes.has(t.indicator)) ctx.addIssue({ code: 'custom', path: ['annualTargets', i, 'indicator'], message: `${t.indicator} is not one of the indicators` });
    });
  });
export type CountyAssessmentConfig = z.infer<typeof CountyAssessmentConfig>;
export type CountyAssessmentConfigEdit = DeepPartial<CountyAssessmentConfig>;

const ALL = { kind: 'all' } as const;

/**
 * The documented default framework (docs/county-assessment-config.md). Weights: 减贫成效 30,
 * 精准识别精准退出 25, 精准帮扶 20, 扶贫资金 15, 专项工作 10.
 */
export function defaultCountyAssessmentConfig(year: number): CountyAssessmentConfig {
  return {
    version: 1,
    year,
    timeUnit: 'day',
    indicators: [
      { code: 'REDUCTION_RATE', name: { zh: '建档立卡贫困人口减少率', en: 'Reduction of registered poor households' }, group: 'REDUCTION', weight: 15, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'REGISTRY', scoring: { kind: 'relative' }, appliesTo: ALL },
      { code: 'TASK_COMPLETION', name: { zh: '年度减贫任务完成率', en: 'Annual reduction plan fulfilled' }, group: 'REDUCTION', weight: 5, direction: 'HIGHER_IS_BETTER', unit: 'ratio', source: 'REGISTRY', scoring: { kind: 'threshold', target: 1 }, appliesTo: ALL },
      { code: 'INCOME_GROWTH', name: { zh: '贫困地区农村居民人均可支配收入增长率', en: 'Rural disposable income growth' }, group: 'REDUCTION', weight: 10, direction: 'HIGHER_IS_BETTER', unit: 'growth', source: 'STATISTICS', scoring: { kind: 'relative' }, appliesTo: ALL },
      { code: 'IDENTIFICATION_ACCURACY', name: { zh: '贫困人口识别准确率', en: 'Accuracy of identification' }, group: 'ACCURACY', weight: 12.5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'THIRD_PARTY', scoring: { kind: 'linear', worst: 0.95, best: 1 }, appliesTo: ALL },
      { code: 'EXIT_ACCURACY', name: { zh: '贫困人口退出准确率', en: 'Accuracy of exits' }, group: 'ACCURACY', weight: 12.5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'THIRD_PARTY', scoring: { kind: 'linear', worst: 0.95, best: 1 }, appliesTo: ALL },
      { code: 'ASSISTANCE_SATISFACTION', name: { zh: '因村因户帮扶工作群众满意度', en: 'Satisfaction with the help given' }, group: 'ASSISTANCE', weight: 10, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'THIRD_PARTY', scoring: { kind: 'linear', worst: 0.8, best: 0.95 }, appliesTo: ALL },
      { code: 'TEAM_COVERAGE', name: { zh: '驻村工作队覆盖率', en: 'Poor villages with a stationed team' }, group: 'ASSISTANCE', weight: 5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'REGISTRY', scoring: { kind: 'linear', worst: 0.9, best: 1 }, appliesTo: ALL },
      { code: 'RESPONSIBLE_PERSON_COVERAGE', name: { zh: '帮扶责任人覆盖率', en: 'Poor households with a responsible cadre' }, group: 'ASSISTANCE', weight: 5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'REGISTRY', scoring: { kind: 'linear', worst: 0.9, best: 1 }, appliesTo: ALL },
      { code: 'FUND_PERFORMANCE', name: { zh: '扶贫资金绩效评价得分', en: 'Poverty fund performance score' }, group: 'FUNDS', weight: 10, direction: 'HIGHER_IS_BETTER', unit: 'score', source: 'STATISTICS', scoring: { kind: 'linear', worst: 60, best: 90 }, appliesTo: ALL },
      { code: 'PROJECT_NOTICE_RATE', name: { zh: '扶贫项目公告公示率', en: 'Poverty projects publicly announced' }, group: 'FUNDS', weight: 5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'SELF_REPORTED', scoring: { kind: 'threshold', target: 1 }, appliesTo: ALL },
      { code: 'PAIRED_FUNDS_DELIVERY', name: { zh: '对口帮扶资金到位率', en: 'Paired-assistance funds delivered' }, group: 'SPECIAL', weight: 5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'SELF_REPORTED', scoring: { kind: 'linear', worst: 0.5, best: 1 }, appliesTo: { kind: 'paired' } },
      { code: 'ELDERLY_SUBSIDY_COVERAGE', name: { zh: '基本养老服务补贴覆盖率', en: 'Elderly-care subsidy coverage' }, group: 'SPECIAL', weight: 2.5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'STATISTICS', scoring: { kind: 'threshold', target: 0.7 }, appliesTo: ALL },
      { code: 'ASSOCIATION_RATE', name: { zh: '老年协会、残疾人协会建会率', en: 'Villages with elderly and disability associations' }, group: 'SPECIAL', weight: 2.5, direction: 'HIGHER_IS_BETTER', unit: 'rate', source: 'SELF_REPORTED', scoring: { kind: 'threshold', target: 0.9 }, appliesTo: ALL },
    ],
    annualTargets: [{ indicator: 'TASK_COMPLETION', atLeast: 1, label: { zh: '完成年度减贫计划', en: 'the annual reduction plan fulfilled' } }],
    annualPlan: {},
    submission: { due: 30, closesAfter: 10, latePenalty: 1 },
    taskDue: { thirdPartyEntry: 30, officeReview: 10, supervisorApproval: 7, objectionReverification: 5, escalateAfter: 3 },
    rankingNotice: 7,
    results: { rewardTop: 10, rectificationPeriod: 90, accountabilityFakeExitFlags: 10 },
  };
}

export const DEFAULT_COUNTY_ASSESSMENT_CONFIG: CountyAssessmentConfig = deepFreeze(defaultCountyAssessmentConfig(2016));

export type CountyAssessmentConfigResult = ParsedConfig<CountyAssessmentConfig>;

/** Validates a stored config (e.g. Cycle.config read back from the database). */
export function parseCountyAssessmentConfig(body: unknown): CountyAssessmentConfigResult {
  return parseConfig(CountyAssessmentConfig, body);
}

/**
 * An office's partial edit onto a base config. `indicators`, `annualTargets` are lists and replace
 * the base's whole (a framework is edited as one table); `annualPlan` is an object and merges per county.
 */
export function mergeCountyAssessmentConfig(base: CountyAssessmentConfig, edit: unknown): CountyAssessmentConfigResult {
  return mergeConfig(CountyAssessmentConfig, base, edit);
}

export type AssessmentTaskDueKey = keyof CountyAssessmentConfig['taskDue'];

/** Milliseconds a step's task may take. */
export function assessmentTaskDueMs(config: CountyAssessmentConfig, step: AssessmentTaskDueKey): number {
  return durationMs(config, config.taskDue[step]);
}
