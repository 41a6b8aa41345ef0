/**
 * The county assessment's computed indicators (activities/county-assessment.ts) read from a small
 * register built by hand, on SQLite and PostgreSQL: who counts as poor at the start of the year
 * and during it, which exits and which assignments count, and the values recorded once per
 * (cycle, county, indicator) however often the activity runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRegistryIndicators, registryCounts } from '../../activities/county-assessment.ts';
import type { Db } from '../../lib/db.ts';
import { freshDb, type Provider } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';

const YEAR = 2016;
const A = '439901';
const B = '439902';
const T = `${A}001`;
const v = (n: number) => `${T}00${n}`;

async function buildRegister(db: Db): Promise<void> {
  await db.region.createMany({
    data: [
      { id: '43', code: '43', name: '湖南省', level: 'PROVINCE' },
      { id: '4399', code: '4399', name: '测试市', level: 'CITY', parentId: '43' },
      { id: A, code: A, name: '甲县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: B, code: B, name: '乙县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: T, code: T, name: '测试镇', level: 'TOWNSHIP', parentId: A },
      { id: v(1), code: v(1), name: '一村', level: 'VILLAGE', parentId: T, isPoor: true }, // team serving
      { id: v(2), code: v(2), name: '二村', level: 'VILLAGE', parentId: T, isPoor: true }, // team left in 2015
      { id: v(3), code: v(3), name: '三村', level: 'VILLAGE', parentId: T, isPoor: true, exitYear: 2015 }, // exited before the year
      { id: v(4), code: v(4), name: '四村', level: 'VILLAGE', parentId: T }, // not a poor village
    ],
  });
  const h = (n: number, registeredYear: number, exitedYear: number | null) => ({
    id: `H${n}`,
    code: `${v(1)}000${n}`,
    headName: `户主${n}`,
    size: 3,
    status: exitedYear ? ('EXITED' as const) : ('POOR' as const),
    povertyCause: 'ILLNESS',
    registeredYear,
    exitedYear,
    cityId: '4399',
    countyId: A,
    townshipId: T,
    villageId: v(1),
  });
  await db.household.createMany({
    data: [
      h(1, 2014, null), // poor at the start and during the year
      h(2, 2014, 2016), // exited in the year
      h(3, 2014, 2015), // exited before the year: counts nowhere
      h(4, 2016, null), // registered in the year: poor during it, not at its start
      h(5, 2014, 2016), // exited in the year
    ],
  });
  const at = (y: number) => new Date(Date.UTC(y, 10, 1));
  await db.ledgerEntry.createMany({
    data: [
      { householdId: 'H2', kind: 'EXITED', year: 2016, at: at(2016), processId: 'cycle-2016' },
      { householdId: 'H3', kind: 'EXITED', year: 2015, at: at(2015), processId: 'cycle-2015' },
      { householdId: 'H5', kind: 'EXITED', year: 2016, at: at(2016), processId: 'cycle-2016' },
    ],
  });
  await db.cadre.createMany({
    data: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `C${n}`, code: `C${n}`, name: `干部${n}`, gender: 'MALE', unit: '县扶贫办', position: n <= 2 ? ('TEAM_MEMBER' as const) : ('RESPONSIBLE_PERSON' as const), regionId: A })),
  });
  await db.cadreAssignment.createMany({
    data: [
      { cadreId: 'C1', kind: 'VILLAGE_TEAM', villageId: v(1), startYear: 2015, endYear: null },
      { cadreId: 'C2', kind: 'VILLAGE_TEAM', villageId: v(2), startYear: 2014, endYear: 2015 },
      { cadreId: 'C3', kind: 'HOUSEHOLD_RESPONSIBLE', villageId: v(1), householdId: 'H1', startYear: 2015, endYear: null },
      { cadreId: 'C4', kind: 'HOUSEHOLD_RESPONSIBLE', villageId: v(1), householdId: 'H2', startYear: 2017, endYear: null }, // not yet serving
      { cadreId: 'C5', kind: 'HOUSEHOLD_RESPONSIBLE', villageId: v(1), householdId: 'H4', startYear: 2016, endYear: null },
      { cadreId: 'C6', kind: 'HOUSEHOLD_RESPONSIBLE', villageId: v(1), householdId: 'H5', startYear: 2014, endYear: 2016 }, // serving to the year's end
    ],
  });
}

function suite(provider: Provider) {
  let handle: Awaited<ReturnType<typeof freshDb>>;
  let db: Db;
  beforeAll(async () => {
    handle = await freshDb(provider);
    db = handle.db;
    await buildRegister(db);
  });
  afterAll(async () => handle?.drop());

  it('counts the register as of the year', async () => {
    expect(await registryCounts(db, YEAR, [A, B], { [A]: 4 })).toEqual([
      // at the start: H1, H2, H5; exited in the year: H2, H5; during: H1, H2, H4, H5, of whom H1, H4, H5 have a serving cadre
      { countyId: A, year: YEAR, poorAtStart: 3, exitedInYear: 2, plannedExits: 4, poorVillages: 2, poorVillagesWithTeam: 1, poorHouseholds: 4, poorHouseholdsWithResponsible: 3 },
      { countyId: B, year: YEAR, poorAtStart: 0, exitedInYear: 0, plannedExits: null, poorVillages: 0, poorVillagesWithTeam: 0, poorHouseholds: 0, poorHouseholdsWithResponsible: 0 },
    ]);
  });

  it('records the computed values once per cycle, county and indicator, and drops a value that can no longer be computed', async () => {
    // a stale computed value of B that this run cannot compute (no households at the start)
    await db.indicatorValue.create({ data: { cycleId: 'cyc1', regionId: B, indicatorCode: 'REDUCTION_RATE', value: 0.5, source: 'REGISTRY' } });
    const input = { cycleId: 'cyc1', year: YEAR, countyIds: [A, B], annualPlan: { [A]: 4 }, codes: ['REDUCTION_RATE', 'TASK_COMPLETION', 'TEAM_COVERAGE', 'RESPONSIBLE_PERSON_COVERAGE'] as const };
    const first = await recordRegistryIndicators(db, { ...input, codes: [...input.codes] });
    await recordRegistryIndicators(db, { ...input, codes: [...input.codes] });
    const byKey = Object.fromEntries(first.map((c) => [`${c.countyId}/${c.code}`, c.value]));
    // 2 ÷ 3, 2 ÷ 4, 1 ÷ 2, 3 ÷ 4; B: none at the start, no plan, nothing to cover
    expect(byKey).toEqual({
      [`${A}/REDUCTION_RATE`]: 0.666667,
      [`${A}/TASK_COMPLETION`]: 0.5,
      [`${A}/TEAM_COVERAGE`]: 0.5,
      [`${A}/RESPONSIBLE_PERSON_COVERAGE`]: 0.75,
      [`${B}/REDUCTION_RATE`]: null,
      [`${B}/TASK_COMPLETION`]: null,
      [`${B}/TEAM_COVERAGE`]: 1,
      [`${B}/RESPONSIBLE_PERSON_COVERAGE`]: 1,
    });
    const stored = await db.indicatorValue.findMany({ where: { cycleId: 'cyc1' }, orderBy: [{ regionId: 'asc' }, { indicatorCode: 'asc' }] });
    expect(stored.map((r) => [r.regionId, r.indicatorCode, r.value, r.source])).toEqual([
      [A, 'REDUCTION_RATE', 0.666667, 'REGISTRY'],
      [A, 'RESPONSIBLE_PERSON_COVERAGE', 0.75, 'REGISTRY'],
      [A, 'TASK_COMPLETION', 0.5, 'REGISTRY'],
      [A, 'TEAM_COVERAGE', 0.5, 'REGISTRY'],
      [B, 'RESPONSIBLE_PERSON_COVERAGE', 1, 'REGISTRY'],
      [B, 'TEAM_COVERAGE', 1, 'REGISTRY'],
    ]);
    expect(stored.find((r) => r.regionId === A && r.indicatorCode === 'TEAM_COVERAGE')?.sourceRef).toBe('registry 2016: poorVillagesWithTeam 1 ÷ poorVillages 2 = 0.5');
    // only the codes asked for
    const some = await recordRegistryIndicators(db, { ...input, cycleId: 'cyc2', codes: ['TEAM_COVERAGE'] });
    expect(some.map((c) => c.code)).toEqual(['TEAM_COVERAGE', 'TEAM_COVERAGE']);
    expect(await db.indicatorValue.count({ where: { cycleId: 'cyc2' } })).toBe(2);
  });
}

describe('county assessment registry indicators on SQLite', () => suite('sqlite'));
describe.runIf(requirePart(inject('pgTemplateDb') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))('county assessment registry indicators on PostgreSQL', () => suite('postgres'));
