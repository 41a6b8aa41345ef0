import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXIT_CONFIG,
  defaultExitConfig,
  durationMs,
  mergeExitConfig,
  noticePeriodMs,
  parseExitConfig,
  sampleSizesFor,
  taskDueMs,
  type ConfigResult,
  type ExitVerificationConfig,
} from '../../rules/exit-verification.ts';

function ok(result: ConfigResult): ExitVerificationConfig {
  if (!result.ok) throw new Error(`expected a valid config, got ${JSON.stringify(result.issues)}`);
  return result.config;
}
function issues(result: ConfigResult) {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.issues;
}

describe('exit verification config (年度脱贫退出核查配置)', () => {
  it('has a valid documented default per year, with the year’s poverty line', () => {
    const c2019 = ok(parseExitConfig(defaultExitConfig(2019)));
    expect(c2019.household.povertyLine).toBe(3218);
    expect(c2019.incidence.village).toEqual({ default: 0.02, western: 0.03 });
    expect(c2019.incidence.county).toEqual({ default: 0.02, western: 0.03 });
    expect(c2019.noticePeriods).toEqual({ household: 7, village: 7, county: 7 });
    expect(c2019.countyTests).toEqual({ wrongExitRateBelow: 0.02, missedRateBelow: 0.02, recognitionAtLeast: 0.9 });
    expect(c2019.sample.default).toEqual({ householdsInRegister: 500, householdsOutsideRegister: 500, villages: 30 });
    expect(c2019.afterExit).toEqual({ countyPolicyYears: 5, householdBenefitMonths: 24 });
    expect(DEFAULT_EXIT_CONFIG.year).toBe(2020);
    expect(DEFAULT_EXIT_CONFIG.household.povertyLine).toBe(4000);
    expect(parseExitConfig(DEFAULT_EXIT_CONFIG).ok).toBe(true);
  });

  it('keeps the shared default immutable', () => {
    expect(() => {
      (DEFAULT_EXIT_CONFIG.incidence.village as { default: number }).default = 0.5;
    }).toThrow(TypeError);
    expect(DEFAULT_EXIT_CONFIG.incidence.village.default).toBe(0.02);
  });

  it('merges a partial office edit onto the base, field by field, and bumps the version', () => {
    const base = defaultExitConfig(2019);
    const merged = ok(mergeExitConfig(base, { incidence: { village: { western: 0.025 } }, taskDue: { cityReview: 12 } }));
    expect(merged.incidence.village).toEqual({ default: 0.02, western: 0.025 });
    expect(merged.incidence.county).toEqual({ default: 0.02, western: 0.03 });
    expect(merged.taskDue.cityReview).toBe(12);
    expect(merged.taskDue.countyApproval).toBe(7);
    expect(merged.version).toBe(2);
    expect(base.incidence.village.western).toBe(0.03); // the base is not mutated
    expect(ok(mergeExitConfig(base, { version: 9 })).version).toBe(9);
  });

  it('replaces arrays whole (an edit can clear the overrides)', () => {
    const withOverride = ok(mergeExitConfig(defaultExitConfig(2019), { incidence: { regionOverrides: [{ prefix: '4331', village: 0.03, county: 0.03, note: '湘西州' }] } }));
    expect(withOverride.incidence.regionOverrides).toHaveLength(1);
    expect(ok(mergeExitConfig(withOverride, { incidence: { regionOverrides: [] } })).incidence.regionOverrides).toEqual([]);
  });

  it('names the field of every problem', () => {
    const found = issues(mergeExitConfig(defaultExitConfig(2019), { incidence: { village: { default: 2 } }, sample: { default: { villages: 2.5 } }, household: { povertyLine: null } }));
    expect(found.map((i) => i.field).sort()).toEqual(['household.povertyLine', 'incidence.village.default', 'sample.default.villages']);
    expect(found.find((i) => i.field === 'incidence.village.default')?.message).toBe(
      'incidence.village.default: must be at most 1 (a rate as a fraction: 2% is 0.02, not 2)',
    );
    expect(found.find((i) => i.field === 'sample.default.villages')?.message).toBe('sample.default.villages: must be a whole number');
  });

  it('refuses unknown fields at their own path, so a typo is not silently ignored', () => {
    const found = issues(mergeExitConfig(defaultExitConfig(2019), { incidense: {}, noticePeriods: { houshold: 9 } }));
    expect(found).toEqual([
      { field: 'noticePeriods.houshold', message: 'noticePeriods.houshold: unknown field', rule: 'UNKNOWN_FIELD' },
      { field: 'incidense', message: 'incidense: unknown field', rule: 'UNKNOWN_FIELD' },
    ]);
  });

  it('refuses a public notice shorter than 7 units, in every time unit', () => {
    expect(issues(mergeExitConfig(defaultExitConfig(2019), { noticePeriods: { village: 5 } }))).toEqual([
      { field: 'noticePeriods.village', message: 'noticePeriods.village: a public notice (公示) lasts at least 7 time units (7 days in production)', rule: 'MIN', params: { min: 7, inclusive: true } },
    ]);
    expect(issues(mergeExitConfig(defaultExitConfig(2019), { timeUnit: 'second', noticePeriods: { county: 6.99 } }))[0].field).toBe('noticePeriods.county');
    expect(ok(mergeExitConfig(defaultExitConfig(2019), { noticePeriods: { village: 7 } })).noticePeriods.village).toBe(7);
  });

  it('converts durations by the time unit, fractional days included', () => {
    const days = ok(mergeExitConfig(defaultExitConfig(2019), { taskDue: { townshipCheck: 0.5 } }));
    expect(taskDueMs(days, 'townshipCheck')).toBe(43_200_000); // 0.5 × 86,400,000
    expect(noticePeriodMs(days, 'household')).toBe(604_800_000); // 7 × 86,400,000
    const demo = ok(mergeExitConfig(defaultExitConfig(2019), { timeUnit: 'minute' }));
    expect(noticePeriodMs(demo, 'village')).toBe(420_000); // 7 × 60,000
    expect(taskDueMs(demo, 'provinceVerification')).toBe(1_800_000); // 30 × 60,000
    expect(durationMs({ timeUnit: 'second' }, 7)).toBe(7_000);
    expect(issues(mergeExitConfig(defaultExitConfig(2019), { timeUnit: 'hour' }))[0].field).toBe('timeUnit');
    expect(issues(mergeExitConfig(defaultExitConfig(2019), { taskDue: { cityReview: 0 } }))[0].field).toBe('taskDue.cityReview');
  });

  it('validates region overrides: a division-code prefix, a level set, each prefix once', () => {
    const found = issues(
      mergeExitConfig(defaultExitConfig(2019), {
        incidence: { regionOverrides: [{ prefix: '433', village: 0.03 }, { prefix: '4331' }, { prefix: '4312', county: 0.025 }, { prefix: '4312', village: 0.025 }] },
      }),
    );
    expect(found).toEqual([
      { field: 'incidence.regionOverrides.0.prefix', message: 'incidence.regionOverrides.0.prefix: must be a division code of 2, 4, 6, 9 or 12 digits', rule: 'FORMAT' },
      { field: 'incidence.regionOverrides.1', message: 'incidence.regionOverrides.1: the override for 4331 sets neither village nor county' },
      { field: 'incidence.regionOverrides.3.prefix', message: 'incidence.regionOverrides.3.prefix: 4312 is already overridden at incidence.regionOverrides.2' },
    ]);
  });

  it('gives per-county sample sizes, falling back to the default field by field', () => {
    const config = ok(mergeExitConfig(defaultExitConfig(2019), { sample: { perCounty: { '431222': { villages: 20 } } } }));
    expect(sampleSizesFor(config, '431222')).toEqual({ householdsInRegister: 500, householdsOutsideRegister: 500, villages: 20 });
    expect(sampleSizesFor(config, '430225')).toEqual({ householdsInRegister: 500, householdsOutsideRegister: 500, villages: 30 });
    expect(issues(mergeExitConfig(defaultExitConfig(2019), { sample: { perCounty: { '4312': { villages: 20 } } } }))).toEqual([
      { field: 'sample.perCounty.4312', message: 'sample.perCounty.4312: must be a 6-digit county code', rule: 'FORMAT' },
    ]);
  });

  it('refuses prototype keys and non-object edits', () => {
    expect(issues(mergeExitConfig(defaultExitConfig(2019), JSON.parse('{"__proto__": {"version": 99}}')))).toEqual([
      { field: '__proto__', message: '__proto__: forbidden field name', rule: 'UNKNOWN_FIELD' },
    ]);
    expect(issues(mergeExitConfig(defaultExitConfig(2019), [1, 2]))).toEqual([{ field: '(config)', message: '(config): an edit must be a JSON object' }]);
    expect(ok(mergeExitConfig(defaultExitConfig(2019), undefined)).version).toBe(2);
  });

  it('reports a stored config that lost a field', () => {
    const stored = JSON.parse(JSON.stringify(defaultExitConfig(2019)));
    delete stored.countyTests.recognitionAtLeast;
    expect(issues(parseExitConfig(stored))).toEqual([
      { field: 'countyTests.recognitionAtLeast', message: 'countyTests.recognitionAtLeast: must be a number (a rate as a fraction: 2% is 0.02)', rule: 'NUMBER' },
    ]);
  });

  it('matches the default documented in docs/exit-verification-config.md', () => {
    const doc = readFileSync(new URL('../../docs/exit-verification-config.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1])).toEqual(DEFAULT_EXIT_CONFIG);
  });
});
