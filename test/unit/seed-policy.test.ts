import { describe, expect, it } from 'vitest';
import { loadDivisions, parseCsv } from '../../prisma/seed/divisions.ts';
import { buildContext, cumulativeExitShares, exitYears, FINAL_YEAR, planVillages, REGISTERED_YEAR } from '../../prisma/seed/generate.ts';
import {
  choosePoorCounties,
  COUNTY_EXIT_BATCHES,
  isWesternCode,
  namedHelpedCounties,
  plannedCountyExitYears,
  POOR_COUNTY_COUNT,
} from '../../prisma/seed/policy.ts';
import { Rng } from '../../prisma/seed/random.ts';
import { TEST_PLAN } from '../../prisma/seed/scales.ts';

const divisions = loadDivisions();
const XIANGXI_SEVEN = ['433122', '433123', '433124', '433125', '433126', '433127', '433130'];

describe('seed divisions', () => {
  it('reads the real division tree of Hunan', () => {
    expect(divisions.cities).toHaveLength(14);
    expect(divisions.counties).toHaveLength(134);
    expect(divisions.townships).toHaveLength(2008);
    expect(divisions.pairings).toHaveLength(18);
    expect(divisions.countyByCode.get('431222')?.name).toBe('沅陵县');
    expect(divisions.townshipsByCounty.get('431222')).toHaveLength(21);
  });

  it('parses quoted CSV fields', () => {
    expect(parseCsv('a,b\n"x, ""y""",2\r\n')).toEqual([['a', 'b'], ['x, "y"', '2']]);
  });
});

describe('seed poor counties (贫困县)', () => {
  const poor = choosePoorCounties(divisions, 2016);

  it('chooses exactly 51, including 沅陵县 and every county pairings.csv names as helped', () => {
    expect(poor).toHaveLength(POOR_COUNTY_COUNT);
    expect(POOR_COUNTY_COUNT).toBe(51);
    expect(new Set(poor).size).toBe(51);
    expect(poor).toContain('431222');
    const named = namedHelpedCounties(divisions);
    expect([...named].sort()).toEqual(['430225', '430523', '431222', '431322', ...XIANGXI_SEVEN].sort());
    for (const code of named) expect(poor).toContain(code);
  });

  it('takes the others from non-district counties only', () => {
    for (const code of poor) expect(divisions.countyByCode.get(code)?.name.endsWith('区')).toBe(false);
  });

  it('is deterministic for a seed number and depends on it', () => {
    expect(choosePoorCounties(divisions, 2016)).toEqual(poor);
    const other = choosePoorCounties(divisions, 1);
    expect(other).toHaveLength(51);
    expect(other).not.toEqual(poor);
  });

  it('plans the exits 2 / 12 / 17 / 20 in 2016-2019, 炎陵县 first and 沅陵县 last', () => {
    const plan = plannedCountyExitYears(poor, 2016);
    expect(plan.size).toBe(51);
    const perYear = new Map<number, number>();
    for (const year of plan.values()) perYear.set(year, (perYear.get(year) ?? 0) + 1);
    expect([...perYear].sort()).toEqual(COUNTY_EXIT_BATCHES.map(([y, n]) => [y, n]));
    expect([...perYear].sort()).toEqual([[2016, 2], [2017, 12], [2018, 17], [2019, 20]]);
    expect(plan.get('430225')).toBe(2016);
    expect(plan.get('431222')).toBe(2019);
  });

  it('marks 湘西州 (4331) as the western area', () => {
    expect(isWesternCode('433122')).toBe(true);
    expect(isWesternCode('433122101001')).toBe(true);
    expect(isWesternCode('431222')).toBe(false);
  });
});

describe('seed household exits', () => {
  it('accumulates exit shares monotonically to 1 by 2020, with the clearance year above 94%', () => {
    const shares = cumulativeExitShares(2018, 1, 0.95);
    expect(shares).toHaveLength(FINAL_YEAR - REGISTERED_YEAR + 1);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
    expect(shares[2018 - REGISTERED_YEAR]).toBeCloseTo(0.95, 10);
    expect(shares[shares.length - 1]).toBe(1);
    expect(shares[0]).toBeCloseTo(0.07, 10);
  });

  it('assigns exit years by quota, so even 8 households mix exited and poor by 2016', () => {
    const years = exitYears(new Rng(5), 8, cumulativeExitShares(2019, 0.6, 0.94));
    expect(years).toHaveLength(8);
    expect(years.filter((y) => y <= 2016).length).toBeGreaterThanOrEqual(1);
    expect(years.filter((y) => y > 2016).length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...years)).toBeLessThanOrEqual(FINAL_YEAR);
  });

  it('gives every test-scale township of a poor county at least one poor and one non-poor village', () => {
    const poor = choosePoorCounties(divisions, 2016);
    const ctx = buildContext(divisions, TEST_PLAN, 2016, 2016, poor, plannedCountyExitYears(poor, 2016));
    for (const township of (divisions.townshipsByCounty.get('431222') ?? []).slice(0, 2)) {
      const villages = planVillages(ctx, township);
      expect(villages.map((v) => v.code)).toEqual([1, 2, 3].map((i) => `${township.code}00${i}`));
      expect(villages.some((v) => v.poor)).toBe(true);
      expect(villages.some((v) => !v.poor)).toBe(true);
      expect(new Set(villages.map((v) => v.name)).size).toBe(3);
      for (const v of villages) expect(v.name).toMatch(/^\p{Script=Han}{2,3}村$/u);
    }
  });
});
