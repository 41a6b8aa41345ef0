/**
 * The county sample as stored rows (activities/exit-sample.ts) on SQLite and PostgreSQL: a small
 * county built by hand, the draw written once (idempotent, also under two concurrent calls),
 * reproducible from the seed, and the measures read back from the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawAndStoreSample, sampleMeasures, sampleSizes, sampleStatus } from '../../activities/exit-sample.ts';
import { DEFAULT_EXIT_CONFIG } from '../../rules/exit-verification/config.ts';
import type { Db } from '../../lib/db.ts';
import { sampleFrame } from '../../rules/exit-verification/sample-frame.ts';
import { drawCountySample } from '../../rules/sampling.ts';
import { freshDb, type Provider } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';

const COUNTY = '439901';
const TOWNSHIP = `${COUNTY}001`;
const V1 = `${TOWNSHIP}001`; // rural 100; 5 households of 4 = 20 people → mean 4, (100 − 20) ÷ 4 = 20 slots
const V2 = `${TOWNSHIP}002`; // rural 10; 3 households of 3 = 9 people → (10 − 9) ÷ 3 = 0.33 → 0 slots
const V3 = `${TOWNSHIP}003`; // rural 0, no household: not in the frame
const SIZES = { inRegister: 4, outsideRegister: 6, villages: 0 };

async function buildCounty(db: Db): Promise<void> {
  await db.region.createMany({
    data: [
      { id: '43', code: '43', name: '湖南省', level: 'PROVINCE' },
      { id: '4399', code: '4399', name: '测试市', level: 'CITY', parentId: '43' },
      { id: COUNTY, code: COUNTY, name: '测试县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: TOWNSHIP, code: TOWNSHIP, name: '测试镇', level: 'TOWNSHIP', parentId: COUNTY },
      { id: V1, code: V1, name: '一村', level: 'VILLAGE', parentId: TOWNSHIP, ruralPopulation: 100 },
      { id: V2, code: V2, name: '二村', level: 'VILLAGE', parentId: TOWNSHIP, ruralPopulation: 10 },
      { id: V3, code: V3, name: '三村', level: 'VILLAGE', parentId: TOWNSHIP, ruralPopulation: 0 },
    ],
  });
  const household = (villageId: string, n: number, size: number) => ({
    id: `H${villageId}${n}`,
    code: `${villageId}${String(n).padStart(4, '0')}`,
    headName: `户主${n}`,
    size,
    // odd households exited, even ones still poor
    status: n % 2 ? ('EXITED' as const) : ('POOR' as const),
    povertyCause: 'ILLNESS',
    registeredYear: 2014,
    exitedYear: n % 2 ? 2019 : null,
    cityId: '4399',
    countyId: COUNTY,
    townshipId: TOWNSHIP,
    villageId,
  });
  await db.household.createMany({ data: [1, 2, 3, 4, 5].map((n) => household(V1, n, 4)).concat([1, 2, 3].map((n) => household(V2, n, 3))) });
}

function suite(provider: Provider) {
  let handle: Awaited<ReturnType<typeof freshDb>>;
  let db: Db;
  beforeAll(async () => {
    handle = await freshDb(provider);
    db = handle.db;
    await buildCounty(db);
  });
  afterAll(async () => handle?.drop());

  const rows = (cycleId: string) => db.sampleEntry.findMany({ where: { cycleId, countyId: COUNTY }, orderBy: { ordinal: 'asc' } });
  const picks = async (cycleId: string) => (await rows(cycleId)).map((r) => r.householdId ?? `${r.villageId}#${r.slot}`).sort();

  it('stores the seeded draw of the frame as ordered entries, once', async () => {
    const first = await drawAndStoreSample(db, { cycleId: 'c1', countyId: COUNTY, seed: 'seed-a', sizes: SIZES });
    expect(first).toMatchObject({ seed: 'seed-a', countySeed: `seed-a/${COUNTY}`, requested: SIZES, drawn: { inRegister: 4, outsideRegister: 6 }, shortfall: { inRegister: 0, outsideRegister: 0 }, created: true });
    const stored = await rows('c1');
    expect(stored.map((r) => r.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const inside = stored.filter((r) => r.kind === 'IN_REGISTER');
    const outside = stored.filter((r) => r.kind === 'OUTSIDE_REGISTER');
    expect(inside.every((r) => r.householdId && r.slot === null)).toBe(true);
    // V2 offers no slot: every visit is in V1, numbered 1..20
    expect(outside.every((r) => r.villageId === V1 && r.householdId === null && r.slot! >= 1 && r.slot! <= 20)).toBe(true);
    // the rows are exactly drawCountySample's draw of the frame with the cycle's seed
    const frame = sampleFrame(
      [
        { id: V1, ruralPopulation: 100, registeredPeople: 20, registeredHouseholds: 5 },
        { id: V2, ruralPopulation: 10, registeredPeople: 9, registeredHouseholds: 3 },
        { id: V3, ruralPopulation: 0, registeredPeople: 0, registeredHouseholds: 0 },
      ],
      (await db.household.findMany({ where: { countyId: COUNTY } })).map((h) => ({ id: h.id, villageId: h.villageId, status: h.status })),
    );
    const expected = drawCountySample({ countyCode: COUNTY, villages: frame.villages, households: frame.households }, SIZES, 'seed-a');
    expect(inside.map((r) => r.householdId).sort()).toEqual(expected.inRegister);
    expect(outside.map((r) => `outside:${r.villageId}:${r.slot}`).sort()).toEqual(expected.outsideRegister);
    expect(first.villages).toEqual([...new Set(stored.map((r) => r.villageId))].sort());

    const again = await drawAndStoreSample(db, { cycleId: 'c1', countyId: COUNTY, seed: 'seed-a', sizes: SIZES });
    expect(again).toEqual({ ...first, created: false });
    expect(await rows('c1')).toEqual(stored);
  });

  it('draws the same entries from the same seed and others from another seed', async () => {
    await drawAndStoreSample(db, { cycleId: 'c2', countyId: COUNTY, seed: 'seed-a', sizes: SIZES });
    await drawAndStoreSample(db, { cycleId: 'c3', countyId: COUNTY, seed: 'seed-b', sizes: SIZES });
    expect(await picks('c2')).toEqual(await picks('c1'));
    expect(await picks('c3')).not.toEqual(await picks('c1'));
  });

  it('stores one sample when two calls race', async () => {
    const [a, b] = await Promise.all([
      drawAndStoreSample(db, { cycleId: 'c4', countyId: COUNTY, seed: 'seed-a', sizes: SIZES }),
      drawAndStoreSample(db, { cycleId: 'c4', countyId: COUNTY, seed: 'seed-a', sizes: SIZES }),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await rows('c4')).toHaveLength(10);
  });

  it('takes the county’s sizes from the cycle’s config', () => {
    const config = { ...DEFAULT_EXIT_CONFIG, sample: { default: { householdsInRegister: 500, householdsOutsideRegister: 400, villages: 30 }, perCounty: { [COUNTY]: { villages: 0 } } } };
    expect(sampleSizes(config, COUNTY)).toEqual({ inRegister: 500, outsideRegister: 400, villages: 0 });
    expect(sampleSizes(config, '431223')).toEqual({ inRegister: 500, outsideRegister: 400, villages: 30 });
  });

  it('reports the register’s shortfall, filled from outside', async () => {
    const short = await drawAndStoreSample(db, { cycleId: 'c5', countyId: COUNTY, seed: 'seed-a', sizes: { inRegister: 10, outsideRegister: 5, villages: 0 } });
    // 8 registered households: all taken, 2 short, drawn outside instead
    expect(short).toMatchObject({ drawn: { inRegister: 8, outsideRegister: 7, villages: 2 }, shortfall: { inRegister: 2, outsideRegister: 0 } });
  });

  it('measures the stored findings, an upheld dispute reversing a failure', async () => {
    const entries = await rows('c1');
    const at = new Date();
    const status = new Map((await db.household.findMany({ where: { countyId: COUNTY } })).map((h) => [h.id, h.status]));
    const inside = entries.filter((r) => r.kind === 'IN_REGISTER');
    const outside = entries.filter((r) => r.kind === 'OUTSIDE_REGISTER');
    // every in-register household fails the standard; the first one's failure is disputed and upheld
    for (const [i, e] of inside.entries()) {
      await db.sampleEntry.update({
        where: { id: e.id },
        data: { meetsStandard: false, failedCriteria: 'income', acknowledges: true, approves: i > 0, foundAt: at, findingSource: 'CONSOLE', ...(i === 0 ? { disputeStatus: 'UPHELD', disputeReason: 'income proven' } : {}) },
      });
    }
    // two visits find missed households (3 and 2 people), one of them reversed; the rest none; the last has no finding
    for (const [i, e] of outside.entries()) {
      if (i === outside.length - 1) continue;
      await db.sampleEntry.update({
        where: { id: e.id },
        data: { missed: i < 2, missedPeople: i === 0 ? 3 : i === 1 ? 2 : null, approves: true, foundAt: at, findingSource: 'CONSOLE', ...(i === 1 ? { disputeStatus: 'UPHELD' } : {}) },
      });
    }
    const exitedInside = inside.filter((e) => status.get(e.householdId!) === 'EXITED');
    const firstExited = status.get(inside[0].householdId!) === 'EXITED' ? 1 : 0;
    const m = await sampleMeasures(db, { cycleId: 'c1', countyId: COUNTY });
    expect(m.inputs).toEqual({
      sampledExited: exitedInside.length,
      wronglyExited: exitedInside.length - firstExited,
      // the visited villages' unregistered people: V1 (100 − 20 = 80), and V2 (10 − 9 = 1) when one of its households is sampled
      unregisteredPopulation: 80 + (inside.some((e) => e.villageId === V2) ? 1 : 0),
      missed: 3, // 3 + 2, the 2 reversed
      surveyedHouseholds: 4 + 5, // the outside entry without a finding was not surveyed
      approvingHouseholds: 3 + 5,
    });
    expect(m).toMatchObject({ entries: 10, unfound: 1, reversed: 2 });
    expect(await sampleStatus(db, { cycleId: 'c1', countyId: COUNTY })).toEqual({ entries: 10, found: 9, unfound: 1, disputes: { OPEN: 0, UPHELD: 2, DISMISSED: 0 } });
    expect(await sampleStatus(db, { cycleId: 'none', countyId: COUNTY })).toEqual({ entries: 0, found: 0, unfound: 0, disputes: { OPEN: 0, UPHELD: 0, DISMISSED: 0 } });
    const codes = new Map((await db.household.findMany({ where: { countyId: COUNTY } })).map((h) => [h.id, h.code]));
    expect(m.findings.map((f) => [f.householdCode, f.meetsStandard]).sort()).toEqual(inside.map((e, i) => [codes.get(e.householdId!), i === 0]).sort());
  });
}

describe('county sample rows on SQLite', () => suite('sqlite'));
describe.runIf(requirePart(inject('pgTemplateDb') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))('county sample rows on PostgreSQL', () => suite('postgres'));
