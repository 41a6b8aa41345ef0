/**
 * The configuration of a yearly exit verification (年度脱贫退出核查配置): versioned, stored with the
 * cycle (Cycle.config, ConfigVersion kind `EXIT_VERIFICATION`) and frozen when the cycle launches.
 * Every threshold, period and sample size the exit rules use comes from here, never from literals.
 * The documented defaults and every field are described in docs/exit-verification-config.md.
 *
 * Units: rates are fractions (2% is 0.02); money is yuan per person per year at current prices;
 * durations are counts of `timeUnit` (see below); calendar periods after exit are years / months.
 */
import { z } from 'zod';
import { count, deepFreeze, duration, durationMs, mergeConfig, noticePeriod, parseConfig, rate, TIME_UNITS, type DeepPartial, type ParsedConfig } from '../config-kit.ts';
import { REGION_CODE } from '../regions.ts';
import { defaultStandards } from '../standards.ts';

export { durationMs, MIN_NOTICE_PERIOD, TIME_UNITS, type ConfigIssue, type DeepPartial, type TimeUnit } from '../config-kit.ts';

/** Levels at which an exit is decided (退出层级). */
export type ExitLevel = 'village' | 'county';

/** Incidence thresholds of one level (贫困发生率标准): below the threshold the level may exit. */
const LevelThresholds = z.strictObject({
  /** ordinary areas (2%) */
  default: rate(),
  /** western areas (西部地区, 3%): regions flagged `isWestern` */
  western: rate(),
});

/** A per-region override (by division-code prefix); the longest matching prefix wins. */
const RegionOverride = z.strictObject({
  prefix: z.string().regex(REGION_CODE, 'must be a division code of 2, 4, 6, 9 or 12 digits'),
  village: rate().optional(),
  county: rate().optional(),
  /** why (shown beside the threshold), e.g. "湘西州 比照西部大开发" */
  note: z.string().max(200).optional(),
});

/** Sample sizes of the county special assessment (专项评估检查抽样). */
const SampleSizes = z.strictObject({
  /** registered (建档立卡) households, exited or not, re-verified for 错退 */
  householdsInRegister: count(),
  /** rural households outside the register, visited for 漏评 */
  householdsOutsideRegister: count(),
  /** villages drawn first; households are drawn inside them */
  villages: count(),
});

export const ExitVerificationConfig = z
  .strictObject({
    /** config version (ConfigVersion.version); a cycle records the version it launched with */
    version: z.number().int().positive(),
    year: z.number().int().min(2013, 'must be 2013 or later (精准扶贫 began in 2013)').max(2100),
    timeUnit: z.enum(TIME_UNITS, { error: `must be one of ${TIME_UNITS.join(', ')}` }),
    household: z.strictObject({
      /** national rural poverty line of the year (国家扶贫标准), yuan per person per year; income must be above it */
      povertyLine: z.number({ error: 'must be a number of yuan' }).positive('must be more than 0 yuan').max(100_000),
      /** whether safe drinking water (饮水安全) is one of the guarantees checked (added to 两不愁三保障 later) */
      countSafeDrinkingWater: z.boolean(),
    }),
    incidence: z.strictObject({
      village: LevelThresholds,
      county: LevelThresholds,
      regionOverrides: z.array(RegionOverride).max(500),
    }),
    /** public notice periods (公示期) */
    noticePeriods: z.strictObject({
      household: noticePeriod(),
      village: noticePeriod(),
      county: noticePeriod(),
    }),
    /** how long each human step may take before it is overdue (任务时限) */
    taskDue: z.strictObject({
      /** village committee + stationed team propose after democratic appraisal (民主评议) */
      villageProposal: duration(),
      /** the household acknowledges (户认可) */
      householdAcknowledgement: duration(),
      /** township proposes / checks (乡镇审核) */
      townshipCheck: duration(),
      /** county review or approval (县级审批) */
      countyApproval: duration(),
      /** city preliminary review (市级初审) */
      cityReview: duration(),
      /** province verification with field sampling (省级核查) */
      provinceVerification: duration(),
      /** third-party sampling and survey entry (第三方评估) */
      thirdPartySurvey: duration(),
      /** the county's dispute of findings (申诉举证) */
      countyDispute: duration(),
      /** re-verification of one objection raised during a notice (异议核实) */
      objectionReverification: duration(),
      /** after the due date a reminder goes out; this long after that the task escalates one level up */
      escalateAfter: duration(),
    }),
    sample: z.strictObject({
      default: SampleSizes,
      /** per-county sizes (6-digit county code → sizes), each field falling back to `default` */
      perCounty: z.record(z.string().regex(/^\d{6}$/, 'must be a 6-digit county code'), SampleSizes.partial()),
    }),
    /** 三率一度: the thresholds of the county special assessment besides incidence */
    countyTests: z.strictObject({
      /** 错退率 must be below this */
      wrongExitRateBelow: rate(),
      /** 漏评率 must be below this */
      missedRateBelow: rate(),
      /** 群众认可度 must be at least this */
      recognitionAtLeast: rate(),
    }),
    afterExit: z.strictObject({
      /** years an exited county keeps its policies (摘帽不摘政策), counted after the exit year */
      countyPolicyYears: z.number().int('must be a whole number of years').min(0).max(20),
      /** months an exited household keeps its benefits (脱贫不脱政策), counted after the exit year */
      householdBenefitMonths: z.number().int('must be a whole number of months').min(0).max(240),
    }),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.incidence.regionOverrides.forEach((o, i) => {
      if (o.village === undefined && o.county === undefined) {
        ctx.addIssue({ code: 'custom', path: ['incidence', 'regionOverrides', i], message: `the override for ${o.prefix} sets neither village nor county` });
      }
      const first = seen.get(o.prefix);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['incidence', 'regionOverrides', i, 'prefix'], message: `${o.prefix} is already overridden at incidence.regionOverrides.${first}` });
      } else seen.set(o.prefix, i);
    });
  });
export type ExitVerificationConfig = z.infer<typeof ExitVerificationConfig>;
export type SampleSizes = z.infer<typeof SampleSizes>;

export type ExitConfigEdit = DeepPartial<ExitVerificationConfig>;

/**
 * The documented default config of a year (docs/exit-verification-config.md). The poverty line
 * and the after-exit periods come from the year's standards (rules/standards.ts), so the two
 * never disagree.
 */
export function defaultExitConfig(year: number): ExitVerificationConfig {
  const standards = defaultStandards(year);
  return {
    version: 1,
    year,
    timeUnit: 'day',
    household: { povertyLine: standards.povertyLine, countSafeDrinkingWater: true },
    incidence: {
      village: { default: standards.incidenceThreshold, western: standards.incidenceThresholdWestern },
      county: { default: standards.incidenceThreshold, western: standards.incidenceThresholdWestern },
      regionOverrides: [],
    },
    noticePeriods: { household: 7, village: 7, county: 7 },
    taskDue: {
      villageProposal: 10,
      householdAcknowledgement: 5,
      townshipCheck: 5,
      countyApproval: 7,
      cityReview: 10,
      provinceVerification: 30,
      thirdPartySurvey: 30,
      countyDispute: 10,
      objectionReverification: 5,
      escalateAfter: 3,
    },
    sample: { default: { householdsInRegister: 500, householdsOutsideRegister: 500, villages: 30 }, perCounty: {} },
    countyTests: { wrongExitRateBelow: 0.02, missedRateBelow: 0.02, recognitionAtLeast: 0.9 },
    afterExit: { countyPolicyYears: standards.countyPolicyYears, householdBenefitMonths: standards.householdBenefitMonths },
  };
}

/** The default config of the last standard year (2020, line 4,000 yuan); use `defaultExitConfig(year)` for another year. */
export const DEFAULT_EXIT_CONFIG: ExitVerificationConfig = deepFreeze(defaultExitConfig(2020));

export type ConfigResult = ParsedConfig<ExitVerificationConfig>;

/** Validates a stored config (e.g. Cycle.config read back from the database). */
export function parseExitConfig(body: unknown): ConfigResult {
  return parseConfig(ExitVerificationConfig, body);
}

/**
 * Applies an office's partial edit (a deep partial, untrusted JSON) onto a base config (usually
 * `defaultExitConfig(year)` or the previous version) and validates the result. The version is the
 * base's plus one unless the edit sets it. Every problem names its field.
 */
export function mergeExitConfig(base: ExitVerificationConfig, edit: unknown): ConfigResult {
  return mergeConfig(ExitVerificationConfig, base, edit);
}

export type TaskDueKey = keyof ExitVerificationConfig['taskDue'];

/** Milliseconds a step's task may take (its due date is the task's creation + this). */
export function taskDueMs(config: ExitVerificationConfig, step: TaskDueKey): number {
  return durationMs(config, config.taskDue[step]);
}

/** Milliseconds of the public notice (公示) of a household, village or county exit. */
export function noticePeriodMs(config: ExitVerificationConfig, level: 'household' | ExitLevel): number {
  return durationMs(config, config.noticePeriods[level]);
}

/** Sample sizes of one county: its own entries in `sample.perCounty`, the default otherwise. */
export function sampleSizesFor(config: ExitVerificationConfig, countyCode: string): SampleSizes {
  const own = config.sample.perCounty[countyCode] ?? {};
  const sizes = { ...config.sample.default };
  for (const key of Object.keys(sizes) as (keyof SampleSizes)[]) if (own[key] !== undefined) sizes[key] = own[key];
  return sizes;
}
