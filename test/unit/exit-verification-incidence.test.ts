import { describe, expect, it } from 'vitest';
import {
  countyTests,
  CountyTestInputs,
  countyThresholds,
  defaultExitConfig,
  formatPercent,
  incidenceThreshold,
  mergeExitConfig,
  villageIncidence,
  villageMayExit,
  type ExitVerificationConfig,
} from '../../rules/exit-verification.ts';

const config = defaultExitConfig(2019);
const withOverrides = (() => {
  const r = mergeExitConfig(config, {
    incidence: {
      regionOverrides: [
        { prefix: '4312', village: 0.025, note: '怀化市 (test override)' },
        { prefix: '431222', village: 0.015 },
        { prefix: '4331', county: 0.035 },
      ],
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
})();

describe('village incidence (贫困村贫困发生率)', () => {
  it('computes remaining poor ÷ rural population with its formula', () => {
    // 35 ÷ 1,750 = 0.02 exactly
    const x = villageIncidence({ poorPopulation: 35, ruralPopulation: 1750 });
    expect(x.value).toBe(0.02);
    expect(x.inputs).toEqual({ poorPopulation: 35, ruralPopulation: 1750 });
    expect(x.formula).toEqual({
      zh: '贫困发生率 = 未脱贫人口 ÷ 农村户籍人口 = 35 ÷ 1,750 = 2.00%',
      en: 'poverty incidence = remaining poor population ÷ rural population = 35 ÷ 1,750 = 2.00%',
    });
    expect(villageIncidence({ poorPopulation: 0, ruralPopulation: 0 }).value).toBeNull();
  });

  it('lets a village exit only strictly below 2%: exactly 2% stays', () => {
    const at = villageMayExit({ code: '430225101001', isWestern: false, poorPopulation: 35, ruralPopulation: 1750 }, config); // 2.000%
    expect(at.mayExit).toBe(false);
    expect(at.test.formula.en).toBe('poverty incidence = remaining poor population ÷ rural population = 35 ÷ 1,750 = 2.00%, must be below 2.00%: fail');
    expect(at.test.formula.zh).toBe('贫困发生率 = 未脱贫人口 ÷ 农村户籍人口 = 35 ÷ 1,750 = 2.00%，须低于 2.00%：未通过');
    const below = villageMayExit({ code: '430225101001', isWestern: false, poorPopulation: 34, ruralPopulation: 1750 }, config); // 34 ÷ 1,750 = 1.943%
    expect(below.mayExit).toBe(true);
    expect(below.test.value).toBeCloseTo(0.019428571, 8);
    expect(below.threshold).toEqual({ value: 0.02, source: 'default' });
  });

  it('uses 3% in western areas (湘西州), exactly 3% still stays', () => {
    const west = (poor: number, rural: number) => villageMayExit({ code: '433122101001', isWestern: true, poorPopulation: poor, ruralPopulation: rural }, config);
    expect(west(35, 1750).mayExit).toBe(true); // 2.00% < 3%
    expect(west(52, 1750).mayExit).toBe(true); // 52 ÷ 1,750 = 2.971%
    expect(west(53, 1750).mayExit).toBe(false); // 53 ÷ 1,750 = 3.029%
    expect(west(30, 1000).mayExit).toBe(false); // exactly 3%
    expect(west(30, 1000).threshold).toEqual({ value: 0.03, source: 'western' });
  });

  it('applies the longest matching region override of the level, before the western value', () => {
    // 431222 (沅陵县) matches both 4312 and 431222: the longer wins
    expect(incidenceThreshold('village', { code: '431222101001', isWestern: false }, withOverrides)).toEqual({ value: 0.015, source: 'override', prefix: '431222' });
    expect(incidenceThreshold('village', { code: '431221101001', isWestern: false }, withOverrides)).toEqual({
      value: 0.025,
      source: 'override',
      prefix: '4312',
      note: '怀化市 (test override)',
    });
    // the 4331 override sets only the county level: a western village keeps 3%
    expect(incidenceThreshold('village', { code: '433122101001', isWestern: true }, withOverrides)).toEqual({ value: 0.03, source: 'western' });
    expect(incidenceThreshold('county', { code: '433122', isWestern: true }, withOverrides)).toEqual({ value: 0.035, source: 'override', prefix: '4331' });
    // 25 ÷ 1,000 = 2.5%: exits under 4312's 2.5%? no (not below); 24 ÷ 1,000 = 2.4% does
    expect(villageMayExit({ code: '431221101001', isWestern: false, poorPopulation: 25, ruralPopulation: 1000 }, withOverrides).mayExit).toBe(false);
    expect(villageMayExit({ code: '431221101001', isWestern: false, poorPopulation: 24, ruralPopulation: 1000 }, withOverrides).mayExit).toBe(true);
    // 沅陵县's village at 1.6% fails its 1.5% override though the province default (2%) would pass it
    expect(villageMayExit({ code: '431222101001', isWestern: false, poorPopulation: 16, ruralPopulation: 1000 }, withOverrides).mayExit).toBe(false);
    expect(villageMayExit({ code: '431222101001', isWestern: false, poorPopulation: 16, ruralPopulation: 1000 }, config).mayExit).toBe(true);
  });

  it('does not exit a village with no rural population recorded, and refuses impossible counts', () => {
    const none = villageMayExit({ code: '430225101001', isWestern: false, poorPopulation: 0, ruralPopulation: 0 }, config);
    expect(none.mayExit).toBe(false);
    expect(none.test.reason).toBe('NO_DATA');
    expect(none.test.value).toBeNull();
    expect(() => villageMayExit({ code: '430225101001', isWestern: false, poorPopulation: 11, ruralPopulation: 10 }, config)).toThrow('poorPopulation (11) cannot exceed ruralPopulation (10)');
    expect(() => villageIncidence({ poorPopulation: 1.5, ruralPopulation: 10 })).toThrow('poorPopulation must be a whole number ≥ 0, got 1.5');
    expect(() => villageIncidence({ poorPopulation: -1, ruralPopulation: 10 })).toThrow(RangeError);
  });
});

describe('county special assessment (三率一度)', () => {
  const passing: CountyTestInputs = {
    poorPopulation: 150, // 150 ÷ 10,000 = 1.5% < 2%
    ruralPopulation: 10_000,
    sampledExited: 150, // 2 ÷ 150 = 1.333% < 2%
    wronglyExited: 2,
    unregisteredPopulation: 400, // 5 ÷ 400 = 1.25% < 2%
    missed: 5,
    surveyedHouseholds: 300, // 270 ÷ 300 = 90.00%, exactly the threshold: passes (at least 90%)
    approvingHouseholds: 270,
  };
  const ordinary = (c: ExitVerificationConfig = config) => countyThresholds({ code: '430225', isWestern: false }, c);

  it('passes a county whose four tests pass, recognition exactly 90% included', () => {
    const r = countyTests(passing, ordinary());
    expect(r.pass).toBe(true);
    expect(r.failed).toEqual([]);
    expect(r.tests.map((t) => [t.key, t.value, t.threshold, t.comparison, t.pass])).toEqual([
      ['incidence', 0.015, 0.02, '<', true],
      ['wrongExitRate', 2 / 150, 0.02, '<', true],
      ['missedRate', 0.0125, 0.02, '<', true],
      ['recognition', 0.9, 0.9, '≥', true],
    ]);
    expect(r.tests[3].formula).toEqual({
      zh: '群众认可度 = 认可户数 ÷ 受访户数 = 270 ÷ 300 = 90.00%，须不低于 90.00%：通过',
      en: 'public recognition = approving households ÷ surveyed households = 270 ÷ 300 = 90.00%, must be at least 90.00%: pass',
    });
    expect(r.tests[1].formula.en).toBe('wrong-exit rate = wrongly exited households ÷ sampled exited households = 2 ÷ 150 = 1.33%, must be below 2.00%: pass');
    expect(r.tests[2].inputs).toEqual({
      numerator: { key: 'missed', label: { zh: '漏评人数', en: 'missed' }, value: 5 },
      denominator: { key: 'unregisteredPopulation', label: { zh: '抽查村非建档立卡农村人口', en: 'unregistered rural population of sampled villages' }, value: 400 },
    });
  });

  it('fails each test at exactly its boundary, and any failure blocks the exit', () => {
    // 错退率 3 ÷ 150 = 2.00%: not below 2%
    expect(countyTests({ ...passing, wronglyExited: 3 }, ordinary()).failed).toEqual(['wrongExitRate']);
    // 漏评率 8 ÷ 400 = 2.00%
    expect(countyTests({ ...passing, missed: 8 }, ordinary()).failed).toEqual(['missedRate']);
    // 认可度 269 ÷ 300 = 89.67% < 90%
    const low = countyTests({ ...passing, approvingHouseholds: 269 }, ordinary());
    expect(low.pass).toBe(false);
    expect(low.failed).toEqual(['recognition']);
    expect(low.tests[3].formula.en).toBe('public recognition = approving households ÷ surveyed households = 269 ÷ 300 = 89.67%, must be at least 90.00%: fail');
    // incidence 200 ÷ 10,000 = 2.00%
    expect(countyTests({ ...passing, poorPopulation: 200 }, ordinary()).failed).toEqual(['incidence']);
    const all = countyTests({ ...passing, poorPopulation: 200, wronglyExited: 3, missed: 8, approvingHouseholds: 269 }, ordinary());
    expect(all.failed).toEqual(['incidence', 'wrongExitRate', 'missedRate', 'recognition']);
  });

  it('uses the western 3% for a western county’s incidence, and a county override', () => {
    // 250 ÷ 10,000 = 2.5%: fails in an ordinary county, passes in 湘西州
    const inputs = { ...passing, poorPopulation: 250 };
    expect(countyTests(inputs, ordinary()).failed).toEqual(['incidence']);
    const western = countyThresholds({ code: '433122', isWestern: true }, config);
    expect(western.incidenceBelow).toBe(0.03);
    expect(countyTests(inputs, western).pass).toBe(true);
    // 340 ÷ 10,000 = 3.4%: under the 4331 county override of 3.5%, over the western 3%
    expect(countyTests({ ...passing, poorPopulation: 340 }, western).failed).toEqual(['incidence']);
    const overridden = countyThresholds({ code: '433122', isWestern: true }, withOverrides);
    expect(overridden.incidenceSource).toEqual({ value: 0.035, source: 'override', prefix: '4331' });
    expect(countyTests({ ...passing, poorPopulation: 340 }, overridden).pass).toBe(true);
  });

  it('takes 错退率, 漏评率 and 认可度 thresholds from the year’s config', () => {
    const strict = mergeExitConfig(config, { countyTests: { wrongExitRateBelow: 0.01, recognitionAtLeast: 0.95 } });
    if (!strict.ok) throw new Error('config');
    const r = countyTests(passing, ordinary(strict.config));
    expect(r.failed).toEqual(['wrongExitRate', 'recognition']); // 1.33% ≥ 1%; 90% < 95%
  });

  it('fails a test whose denominator is zero (not measured), never passes it', () => {
    const r = countyTests({ ...passing, sampledExited: 0, wronglyExited: 0 }, ordinary());
    expect(r.pass).toBe(false);
    expect(r.failed).toEqual(['wrongExitRate']);
    expect(r.tests[1]).toMatchObject({ value: null, pass: false, reason: 'NO_DATA' });
    expect(r.tests[1].formula.en).toBe('wrong-exit rate = wrongly exited households ÷ sampled exited households = 0 ÷ 0: zero denominator, not measured, cannot pass (must be below 2.00%)');
    expect(r.tests[1].formula.zh).toBe('错退率 = 错退户数 ÷ 抽查已脱贫户数 = 0 ÷ 0：分母为 0，未测得，不能通过（须低于 2.00%）');
    expect(countyTests({ ...passing, unregisteredPopulation: 0, missed: 0 }, ordinary()).failed).toEqual(['missedRate']);
    expect(countyTests({ ...passing, surveyedHouseholds: 0, approvingHouseholds: 0 }, ordinary()).failed).toEqual(['recognition']);
    expect(countyTests({ ...passing, ruralPopulation: 0, poorPopulation: 0 }, ordinary()).failed).toEqual(['incidence']);
  });

  it('validates evaluator inputs, naming the field', () => {
    const bad = CountyTestInputs.safeParse({ ...passing, wronglyExited: 151, missed: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['missed', 'missed must be 0 or more'],
      ['wronglyExited', 'wronglyExited (151) cannot exceed sampledExited (150)'],
    ]);
    const over = CountyTestInputs.safeParse({ ...passing, wronglyExited: 151 });
    expect(over.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['wronglyExited', 'wronglyExited (151) cannot exceed sampledExited (150)']]);
    expect(() => countyTests({ ...passing, approvingHouseholds: 301 }, ordinary())).toThrow('approvingHouseholds (301) cannot exceed surveyedHouseholds (300)');
  });

  it('shows enough decimals that a value just under the threshold does not read as equal', () => {
    expect(formatPercent(0.019996, 0.02)).toBe('1.9996%');
    expect(formatPercent(0.02, 0.02)).toBe('2.00%');
    expect(formatPercent(0.0133333, 0.02)).toBe('1.33%');
  });
});
