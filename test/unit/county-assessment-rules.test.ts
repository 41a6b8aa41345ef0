/**
 * The county assessment's rules (rules/county-assessment/): the config and its validation, scoring
 * and ranking, and how results are applied. Every expected figure below was worked out by hand
 * (the working is in the comments).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyResults,
  checkIndicatorValue,
  checkTarget,
  computeRegistryIndicators,
  CountyAssessmentConfig,
  DEFAULT_COUNTY_ASSESSMENT_CONFIG,
  defaultCountyAssessmentConfig,
  mergeCountyAssessmentConfig,
  parseCountyAssessmentConfig,
  rankCounties,
  scoreFraction,
  type CountyInput,
  type Indicator,
  type CountyAssessmentConfigResult,
} from '../../rules/county-assessment.ts';

const ok = (r: CountyAssessmentConfigResult) => {
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.config;
};
const issues = (r: CountyAssessmentConfigResult) => (r.ok ? [] : r.issues);
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('county assessment config', () => {
  it('the default framework is valid and its 13 weights add up to 100 points', () => {
    const config = ok(parseCountyAssessmentConfig(DEFAULT_COUNTY_ASSESSMENT_CONFIG));
    expect(config.indicators).toHaveLength(13);
    expect(config.indicators.reduce((n, i) => n + i.weight, 0)).toBe(100);
    // 减贫成效 30, 精准识别精准退出 25, 精准帮扶 20, 扶贫资金 15, 专项工作 10
    const byGroup = Object.fromEntries(['REDUCTION', 'ACCURACY', 'ASSISTANCE', 'FUNDS', 'SPECIAL'].map((g) => [g, config.indicators.filter((i) => i.group === g).reduce((n, i) => n + i.weight, 0)]));
    expect(byGroup).toEqual({ REDUCTION: 30, ACCURACY: 25, ASSISTANCE: 20, FUNDS: 15, SPECIAL: 10 });
    expect(defaultCountyAssessmentConfig(2019).year).toBe(2019);
  });

  it('matches the default documented in docs/county-assessment-config.md', () => {
    const doc = readFileSync(new URL('../../docs/county-assessment-config.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc);
    expect(block, 'the page has a json block').not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(DEFAULT_COUNTY_ASSESSMENT_CONFIG);
  });

  it('refuses weights that do not add up to 100, naming the sum', () => {
    const c = clone(DEFAULT_COUNTY_ASSESSMENT_CONFIG);
    c.indicators[0]!.weight = 10; // 15 → 10: 95 in all
    expect(issues(parseCountyAssessmentConfig(c))).toEqual([{ field: 'indicators', message: 'indicators: the weights add up to 95 points, not 100', rule: 'WEIGHTS_TOTAL', params: { total: 95, expected: 100 } }]);
  });

  it('refuses a repeated code, a computed source the system cannot compute, and a wrong unit for a computed one', () => {
    const c = clone(DEFAULT_COUNTY_ASSESSMENT_CONFIG);
    c.indicators[2]!.code = 'REDUCTION_RATE';
    c.indicators[3]!.source = 'REGISTRY'; // IDENTIFICATION_ACCURACY is entered by the third party
    c.indicators[1]!.unit = 'rate'; // TASK_COMPLETION is a ratio
    const found = issues(parseCountyAssessmentConfig(c)).map((i) => i.field);
    expect(found).toEqual(expect.arrayContaining(['indicators.2.code', 'indicators.3.source', 'indicators.1.unit']));
    expect(issues(parseCountyAssessmentConfig(c)).find((i) => i.field === 'indicators.2.code')?.message).toBe('indicators.2.code: REDUCTION_RATE is already defined at indicators.0');
  });

  it('checks scoring against the direction and the unit', () => {
    const c = clone(DEFAULT_COUNTY_ASSESSMENT_CONFIG);
    c.indicators[3]!.scoring = { kind: 'linear', worst: 1, best: 0.95 }; // higher is better: best must be above worst
    c.indicators[9]!.scoring = { kind: 'threshold', target: 100 }; // a rate: 100 is 10,000%
    c.indicators[8]!.scoring = { kind: 'linear', worst: 60, best: 120 }; // a score is at most 100
    const r = issues(parseCountyAssessmentConfig(c));
    expect(r).toEqual(
      expect.arrayContaining([
        { field: 'indicators.3.scoring.best', message: 'indicators.3.scoring.best: must be above worst when higher is better' },
        { field: 'indicators.9.scoring.target', message: 'indicators.9.scoring.target: must be a rate from 0 to 1' },
        { field: 'indicators.8.scoring.best', message: 'indicators.8.scoring.best: must be a score from 0 to 100' },
      ]),
    );
  });

  it('annual targets name an indicator and exactly one bound', () => {
    const c = clone(DEFAULT_COUNTY_ASSESSMENT_CONFIG);
    c.annualTargets = [
      { indicator: 'NO_SUCH', atLeast: 1, label: { zh: '甲', en: 'a' } },
      { indicator: 'TASK_COMPLETION', atLeast: 1, atMost: 2, label: { zh: '乙', en: 'b' } },
    ];
    const r = issues(parseCountyAssessmentConfig(c));
    expect(r.map((i) => i.field)).toEqual(expect.arrayContaining(['annualTargets.0.indicator', 'annualTargets.1']));
  });

  it('an office edit merges onto the base, bumps the version, and replaces lists whole', () => {
    const edited = ok(mergeCountyAssessmentConfig(DEFAULT_COUNTY_ASSESSMENT_CONFIG, { submission: { latePenalty: 2 }, annualPlan: { '431222': 1200 } }));
    expect(edited.version).toBe(2);
    expect(edited.submission).toEqual({ due: 30, closesAfter: 10, latePenalty: 2 });
    expect(edited.annualPlan).toEqual({ '431222': 1200 });
    expect(edited.indicators).toEqual(DEFAULT_COUNTY_ASSESSMENT_CONFIG.indicators);
    // a framework of one indicator worth 100 points replaces the thirteen
    const one: Indicator = { code: 'FUND_PERFORMANCE', name: { zh: '资金', en: 'funds' }, group: 'FUNDS', weight: 100, direction: 'HIGHER_IS_BETTER', unit: 'score', source: 'STATISTICS', scoring: { kind: 'linear', worst: 60, best: 90 }, appliesTo: { kind: 'all' } };
    const single = ok(mergeCountyAssessmentConfig(DEFAULT_COUNTY_ASSESSMENT_CONFIG, { indicators: [one], annualTargets: [] }));
    expect(single.indicators).toEqual([one]);
    // a notice shorter than 7 units, a negative plan, an unknown field and a forbidden key are each named
    const bad = issues(mergeCountyAssessmentConfig(DEFAULT_COUNTY_ASSESSMENT_CONFIG, JSON.parse('{"rankingNotice":3,"annualPlan":{"431222":-1},"extra":1,"__proto__":{"x":1}}')));
    expect(bad.map((i) => i.field).sort()).toEqual(['__proto__', 'annualPlan.431222', 'extra', 'rankingNotice']);
    expect(issues(mergeCountyAssessmentConfig(DEFAULT_COUNTY_ASSESSMENT_CONFIG, [1]))).toEqual([{ field: '(config)', message: '(config): an edit must be a JSON object' }]);
    expect(CountyAssessmentConfig.safeParse(edited).success).toBe(true);
  });
});

// A small framework for hand-worked cases: 40 + 20 + 30 + 10 = 100 points.
const ind = (over: Partial<Indicator> & Pick<Indicator, 'code' | 'weight' | 'scoring'>): Indicator => ({
  name: { zh: over.code, en: over.code },
  group: 'REDUCTION',
  direction: 'HIGHER_IS_BETTER',
  unit: 'rate',
  source: 'THIRD_PARTY',
  appliesTo: { kind: 'all' },
  ...over,
});
const A = ind({ code: 'A', weight: 40, scoring: { kind: 'linear', worst: 0.8, best: 0.95 } });
const B = ind({ code: 'B', weight: 20, group: 'FUNDS', scoring: { kind: 'threshold', target: 0.7 } });
const C = ind({ code: 'C', weight: 30, scoring: { kind: 'relative' } });
const D = ind({ code: 'D', weight: 10, group: 'SPECIAL', direction: 'LOWER_IS_BETTER', scoring: { kind: 'linear', worst: 0.1, best: 0.02 }, appliesTo: { kind: 'paired' } });
const config = ok(
  mergeCountyAssessmentConfig(DEFAULT_COUNTY_ASSESSMENT_CONFIG, {
    indicators: [A, B, C, D],
    annualTargets: [{ indicator: 'B', atLeast: 0.7, label: { zh: 'B 达标', en: 'B met' } }],
    results: { rewardTop: 2, accountabilityFakeExitFlags: 3 },
  }),
);
const v = (value: number) => ({ value, source: 'THIRD_PARTY' as const, sourceRef: 'survey-2016.csv' });
const X: CountyInput = { regionId: '431222', name: '沅陵县', paired: true, late: false, values: { A: v(0.89), B: v(0.7), C: v(0.12), D: v(0.04) } };
const Y: CountyInput = { regionId: '430611', name: '岳阳楼区', paired: false, late: true, values: { A: v(0.97), B: v(0.69), C: v(0.04) } };
const Z: CountyInput = { regionId: '430721', name: '安乡县', paired: false, late: false, values: { B: v(0.9), C: v(0.14) } };

describe('scoring', () => {
  it('linear: in proportion between worst and best, clamped, either direction', () => {
    // 40 × (0.89 − 0.8) ÷ (0.95 − 0.8) = 40 × 0.6 = 24
    const a = scoreFraction(A, 0.89);
    expect(a.fraction).toBeCloseTo(0.6, 12);
    expect(a.formula.zh).toBe('40 × (0.89 − 0.8) ÷ (0.95 − 0.8) = 24 分');
    expect(scoreFraction(A, 0.97).fraction).toBe(1);
    expect(scoreFraction(A, 0.97).formula.en).toBe('40 × (0.97 − 0.8) ÷ (0.95 − 0.8), kept within 0..40 = 40 points');
    expect(scoreFraction(A, 0.5).fraction).toBe(0);
    // lower is better: (0.04 − 0.1) ÷ (0.02 − 0.1) = 0.75
    expect(scoreFraction(D, 0.04).fraction).toBeCloseTo(0.75, 12);
    expect(scoreFraction(D, 0.12).fraction).toBe(0);
  });

  it('threshold: all or nothing at the target', () => {
    expect(scoreFraction(B, 0.7)).toEqual({ fraction: 1, formula: { zh: '0.7 达到标准 ≥ 0.7：得 20 分', en: '0.7 meets the target ≥ 0.7: 20 points' } });
    expect(scoreFraction(B, 0.6999).fraction).toBe(0);
    const lower = ind({ code: 'L', weight: 5, direction: 'LOWER_IS_BETTER', scoring: { kind: 'threshold', target: 0.02 } });
    expect(scoreFraction(lower, 0.02).fraction).toBe(1);
    expect(scoreFraction(lower, 0.021).fraction).toBe(0);
  });

  it('relative: placed between the lowest and highest of the counties; equal values all score full', () => {
    // (0.12 − 0.04) ÷ (0.14 − 0.04) = 0.8
    expect(scoreFraction(C, 0.12, { min: 0.04, max: 0.14, counties: 3 }).fraction).toBeCloseTo(0.8, 12);
    expect(scoreFraction(C, 0.3, { min: 0.3, max: 0.3, counties: 5 })).toEqual({ fraction: 1, formula: { zh: '5 个县数值相同（0.3）：得 30 分', en: 'all 5 counties have the same value (0.3): 30 points' } });
    const lower = ind({ code: 'L', weight: 10, direction: 'LOWER_IS_BETTER', scoring: { kind: 'relative' } });
    expect(scoreFraction(lower, 0.1, { min: 0.1, max: 0.3, counties: 2 }).fraction).toBe(1);
    expect(scoreFraction(lower, 0.3, { min: 0.1, max: 0.3, counties: 2 }).fraction).toBe(0);
    expect(() => scoreFraction(C, 0.1)).toThrow(/range/);
  });

  it('a value is checked against its unit', () => {
    expect(checkIndicatorValue(A, 0.7)).toBeNull();
    expect(checkIndicatorValue(A, 70)).toBe('A: must be a rate from 0 to 1 (70% is 0.7), not 70');
    expect(checkIndicatorValue({ ...A, unit: 'growth' }, -0.05)).toBeNull();
    expect(checkIndicatorValue({ ...A, unit: 'score' }, 85)).toBeNull();
    expect(checkIndicatorValue(A, Number.NaN)).toBe('A: must be a number');
    expect(checkIndicatorValue(A, '0.7')).toBe('A: must be a number');
  });
});

describe('ranking', () => {
  it('totals each county, scales when an indicator does not apply, takes off the late penalty, and ranks', () => {
    const [x, z, y] = rankCounties(config, [Y, Z, X]);
    // X: 24 + 20 + 24 (C: (0.12 − 0.04) ÷ (0.14 − 0.04) = 0.8 of 30) + 7.5 (D: 0.75 of 10) = 75.5 of 100
    expect(x).toMatchObject({ regionId: '431222', rank: 1, earned: 75.5, applicableWeight: 100, penalty: 0, total: 75.5, missing: [] });
    expect(x!.formula.zh).toBe('75.5 = 75.5');
    expect(x!.lines.map((l) => l.points)).toEqual([24, 20, 24, 7.5]);
    expect(x!.lines[0]).toMatchObject({ value: 0.89, source: 'THIRD_PARTY', sourceRef: 'survey-2016.csv' });
    // Z: A missing 0 + 20 + 30 (the highest C) = 50 of the 90 that apply (D is for paired counties) → 55.5556
    expect(z).toMatchObject({ regionId: '430721', rank: 2, earned: 50, applicableWeight: 90, total: 55.5556, missing: ['A'] });
    expect(z!.lines[3]).toMatchObject({ applicable: false, points: 0 });
    // Y: 40 (0.97 is past best) + 0 (0.69 < 0.7) + 0 (the lowest C) = 40 of 90 → 44.4444, late − 1 = 43.4444
    expect(y).toMatchObject({ regionId: '430611', rank: 3, earned: 40, applicableWeight: 90, penalty: 1, late: true, total: 43.4444 });
    expect(y!.formula.zh).toBe('40 × 100 ÷ 90 − 1（迟报扣分） = 43.4444');
    expect(y!.groups).toEqual([
      { group: 'REDUCTION', points: 40, max: 70 },
      { group: 'FUNDS', points: 0, max: 20 },
    ]);
  });

  it('equal totals share a rank, the next rank skips, and ties are listed by division code', () => {
    const W: CountyInput = { ...Z, regionId: '430700', name: '常德市辖' };
    const ranked = rankCounties(config, [Z, X, Y, W]);
    expect(ranked.map((e) => [e.regionId, e.rank])).toEqual([
      ['431222', 1],
      ['430700', 2],
      ['430721', 2],
      ['430611', 4],
    ]);
  });

  it('never goes below 0 and scores a county with nothing recorded at 0', () => {
    const empty: CountyInput = { regionId: '430100', name: '空', paired: false, late: true, values: {} };
    const [e] = rankCounties(config, [empty]);
    expect(e).toMatchObject({ total: 0, earned: 0, missing: ['A', 'B', 'C'] });
  });
});

describe('results', () => {
  it('rewards the top ranks unless a target was missed or an accountability case opens; a missed target means an interview and no excellent rating', () => {
    const W: CountyInput = { ...Z, regionId: '430700', name: '常德市辖' };
    const ranked = rankCounties(config, [X, Y, Z, W]); // X 1, W 2, Z 2, Y 4
    const results = applyResults(config, ranked, { '430700': 3, '431222': 2 });
    const by = Object.fromEntries(results.map((r) => [r.regionId, r]));
    expect(by['431222']).toMatchObject({ rank: 1, reward: true, interview: false, accountability: false, fakeExitFlags: 2 });
    expect(by['430700']).toMatchObject({ rank: 2, reward: false, accountability: true, interview: false, fakeExitFlags: 3 });
    expect(by['430700']!.reasons.map((r) => r.en)).toEqual(['ranked 2 (top 2) but faces accountability: no reward', '3 fake-exit flags (≥ 3): accountability case']);
    expect(by['430721']).toMatchObject({ rank: 2, reward: true });
    expect(by['430611']).toMatchObject({ rank: 4, reward: false, missedTarget: true, interview: true, excellenceBlocked: true, accountability: false });
    expect(by['430611']!.reasons.map((r) => r.zh)).toEqual(['B 达标：0.69 未达到 ≥ 0.7：约谈党政主要领导，限期 90 天整改；年终考核不能评先评优']);
    expect(by['430611']!.targets).toEqual([{ indicator: 'B', label: { zh: 'B 达标', en: 'B met' }, value: 0.69, met: false, formula: { zh: 'B 达标：0.69 未达到 ≥ 0.7', en: 'B met: 0.69 misses ≥ 0.7' } }]);
  });

  it('a target with no value counts as missed; one on an indicator that does not apply is not judged', () => {
    const noB: CountyInput = { ...X, values: { A: v(0.9), C: v(0.1) } };
    const [entry] = rankCounties(config, [noB]);
    expect(checkTarget(config.annualTargets[0]!, entry!)).toMatchObject({ value: null, met: false });
    const onD = { indicator: 'D', atMost: 0.05, label: { zh: 'D', en: 'D' } };
    const [unpaired] = rankCounties(config, [Z]);
    expect(checkTarget(onD, unpaired!)).toBeNull();
    const [paired] = rankCounties(config, [X]);
    expect(checkTarget(onD, paired!)).toMatchObject({ value: 0.04, met: true });
  });
});

describe('computed indicators', () => {
  const counts = { countyId: '431222', year: 2016, poorAtStart: 3, exitedInYear: 2, plannedExits: 4, poorVillages: 2, poorVillagesWithTeam: 1, poorHouseholds: 4, poorHouseholdsWithResponsible: 3 };
  const by = (c: typeof counts | (Omit<typeof counts, 'plannedExits'> & { plannedExits: number | null })) => Object.fromEntries(computeRegistryIndicators(c).map((v) => [v.code, v]));

  it('divides the counts, rounded to 6 decimals, with the formula and its inputs', () => {
    const v = by(counts);
    expect(v.REDUCTION_RATE).toEqual({ code: 'REDUCTION_RATE', value: 0.666667, inputs: { exitedInYear: 2, poorAtStart: 3 }, formula: { zh: '当年脱贫销号户数 2 ÷ 年初建档立卡贫困户数 3 = 0.666667', en: 'exitedInYear 2 ÷ poorAtStart 3 = 0.666667' } });
    expect(v.TASK_COMPLETION!.value).toBe(0.5);
    expect(v.TEAM_COVERAGE!.value).toBe(0.5);
    expect(v.RESPONSIBLE_PERSON_COVERAGE!.value).toBe(0.75);
  });

  it('zero denominators: no households at the start cannot be computed; nothing to cover is full coverage; no plan cannot be judged, a plan of 0 is fulfilled', () => {
    const v = by({ ...counts, poorAtStart: 0, poorVillages: 0, poorVillagesWithTeam: 0, poorHouseholds: 0, poorHouseholdsWithResponsible: 0, plannedExits: null });
    expect(v.REDUCTION_RATE!.value).toBeNull();
    expect(v.TASK_COMPLETION!.value).toBeNull();
    expect(v.TEAM_COVERAGE!.value).toBe(1);
    expect(v.RESPONSIBLE_PERSON_COVERAGE!.value).toBe(1);
    expect(by({ ...counts, plannedExits: 0 }).TASK_COMPLETION!.value).toBe(1);
  });

  it('a plan may be over-fulfilled; a reduction rate is capped at 1', () => {
    const v = by({ ...counts, exitedInYear: 6, plannedExits: 4 });
    expect(v.TASK_COMPLETION!.value).toBe(1.5);
    expect(v.REDUCTION_RATE!.value).toBe(1);
    expect(v.REDUCTION_RATE!.formula.en).toBe('exitedInYear 6 ÷ poorAtStart 3 = 2, capped at 1');
  });
});
