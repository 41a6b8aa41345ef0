/**
 * The county special assessment (专项评估检查): four tests, 三率一度, any one of which blocks
 * the county's exit (摘帽):
 * - poverty incidence (贫困发生率) = remaining poor population ÷ rural population, below 2% (3% west);
 * - wrong-exit rate (错退率) = wrongly exited households ÷ sampled exited households, below 2%;
 * - missed-identification rate (漏评率) = missed ÷ unregistered rural population of the sampled
 *   villages, below 2%;
 * - public recognition (群众认可度) = approving ÷ surveyed households, at least 90%.
 *
 * Units: counts of people for incidence and 漏评率; counts of sampled households for 错退率 (the
 * third party re-verifies households) and 群众认可度; each rate only needs its two sides in the
 * same unit.
 *
 * Zero denominators: a test whose denominator is 0 FAILS with reason `NO_DATA`. The four tests are
 * the county's burden of proof, and "any failure blocks the exit": a test that measured nothing
 * (no exited household in the sample, no unregistered population in the sampled villages, nobody
 * surveyed, no rural population) has not shown the rate is within bounds. Passing it would let an
 * incomplete sample wave an exit through, which is exactly the 数字脱贫 the seed forbids; the cure
 * is a completed sample, not a pass. (Incidence 0 ÷ 0 is the same: an unknown population.)
 */
import { z } from 'zod';
import type { ExitVerificationConfig } from './config.ts';
import { incidenceThreshold, INCIDENCE_SPEC, type RegionRef, type Threshold } from './incidence.ts';
import { rateTest, type RateSpec, type RateTest } from './rate-test.ts';

export const WRONG_EXIT_SPEC: RateSpec = {
  key: 'wrongExitRate',
  name: { zh: '错退率', en: 'wrong-exit rate' },
  numerator: { key: 'wronglyExited', label: { zh: '错退户数', en: 'wrongly exited households' } },
  denominator: { key: 'sampledExited', label: { zh: '抽查已脱贫户数', en: 'sampled exited households' } },
  comparison: '<',
};

export const MISSED_SPEC: RateSpec = {
  key: 'missedRate',
  name: { zh: '漏评率', en: 'missed-identification rate' },
  numerator: { key: 'missed', label: { zh: '漏评人数', en: 'missed' } },
  denominator: { key: 'unregisteredPopulation', label: { zh: '抽查村非建档立卡农村人口', en: 'unregistered rural population of sampled villages' } },
  comparison: '<',
};

export const RECOGNITION_SPEC: RateSpec = {
  key: 'recognition',
  name: { zh: '群众认可度', en: 'public recognition' },
  numerator: { key: 'approvingHouseholds', label: { zh: '认可户数', en: 'approving households' } },
  denominator: { key: 'surveyedHouseholds', label: { zh: '受访户数', en: 'surveyed households' } },
  comparison: '≥',
};

const count = (field: string) => z.number({ error: `${field} must be a number` }).int(`${field} must be a whole number`).min(0, `${field} must be 0 or more`);

/** The inputs of the four tests, as an evaluator or the registry supplies them (API schema). */
export const CountyTestInputs = z
  .strictObject({
    poorPopulation: count('poorPopulation'),
    ruralPopulation: count('ruralPopulation'),
    sampledExited: count('sampledExited'),
    wronglyExited: count('wronglyExited'),
    unregisteredPopulation: count('unregisteredPopulation'),
    missed: count('missed'),
    surveyedHouseholds: count('surveyedHouseholds'),
    approvingHouseholds: count('approvingHouseholds'),
  })
  .superRefine((x, ctx) => {
    const pairs: [keyof typeof x, keyof typeof x][] = [
      ['poorPopulation', 'ruralPopulation'],
      ['wronglyExited', 'sampledExited'],
      ['missed', 'unregisteredPopulation'],
      ['approvingHouseholds', 'surveyedHouseholds'],
    ];
    for (const [part, whole] of pairs) {
      if (x[part] > x[whole]) ctx.addIssue({ code: 'custom', path: [part], message: `${part} (${x[part]}) cannot exceed ${whole} (${x[whole]})` });
    }
  });
export type CountyTestInputs = z.infer<typeof CountyTestInputs>;

export interface CountyThresholds {
  incidenceBelow: number;
  wrongExitRateBelow: number;
  missedRateBelow: number;
  recognitionAtLeast: number;
  /** where the incidence threshold comes from (override, western, default) */
  incidenceSource?: Threshold;
}

/** The thresholds of one county from the cycle's config (incidence by region; the rest per year). */
export function countyThresholds(county: RegionRef, config: ExitVerificationConfig): CountyThresholds {
  const incidence = incidenceThreshold('county', county, config);
  return {
    incidenceBelow: incidence.value,
    wrongExitRateBelow: config.countyTests.wrongExitRateBelow,
    missedRateBelow: config.countyTests.missedRateBelow,
    recognitionAtLeast: config.countyTests.recognitionAtLeast,
    incidenceSource: incidence,
  };
}

export interface CountyTestsResult {
  /** all four tests pass */
  pass: boolean;
  /** in the order incidence, 错退率, 漏评率, 群众认可度 */
  tests: RateTest[];
  /** keys of the failed tests, each of which blocks the exit */
  failed: string[];
}

/** Runs 三率一度 for one county. Throws a RangeError naming the field on counts that cannot be. */
export function countyTests(inputs: CountyTestInputs, thresholds: CountyThresholds): CountyTestsResult {
  const tests = [
    rateTest(INCIDENCE_SPEC, inputs.poorPopulation, inputs.ruralPopulation, thresholds.incidenceBelow),
    rateTest(WRONG_EXIT_SPEC, inputs.wronglyExited, inputs.sampledExited, thresholds.wrongExitRateBelow),
    rateTest(MISSED_SPEC, inputs.missed, inputs.unregisteredPopulation, thresholds.missedRateBelow),
    rateTest(RECOGNITION_SPEC, inputs.approvingHouseholds, inputs.surveyedHouseholds, thresholds.recognitionAtLeast),
  ];
  const failed = tests.filter((t) => !t.pass).map((t) => t.key);
  return { pass: failed.length === 0, tests, failed };
}
