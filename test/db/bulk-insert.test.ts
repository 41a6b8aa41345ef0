/**
 * Rows written in one statement (lib/bulk-insert.ts) read back through Prisma exactly as the same
 * rows written by Prisma's own createMany, on SQLite and PostgreSQL: booleans, JSON (objects,
 * Chinese text, numbers), nulls, times to the millisecond; inside a transaction that rolls back,
 * nothing stays; ids are unique and sort by time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_CHUNK, insertMany, newId, type BulkTable } from '../../lib/bulk-insert.ts';
import { freshDb, type Provider } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';

type Row = { cycleId: string; householdId: string; villageId: string; countyId: string; candidate: boolean; assessment: unknown; reasonZh: string; reasonEn: string; status: string; acknowledgedAt: Date | null; refusal: unknown };
const SPEC: BulkTable<Row> = {
  table: 'ExitHousehold',
  columns: { cycleId: 'text', householdId: 'text', villageId: 'text', countyId: 'text', candidate: 'boolean', assessment: 'json', reasonZh: 'text', reasonEn: 'text', status: 'text', acknowledgedAt: 'datetime', refusal: 'json' },
  updatedAt: true,
};

const row = (cycleId: string, i: number): Row => ({
  cycleId,
  householdId: `h${i}`,
  villageId: '431222102001',
  countyId: '431222',
  candidate: i % 2 === 0,
  assessment: { householdCode: `4312221020010${i}`, meetsStandard: i % 2 === 0, checks: [{ criterion: 'income', value: 4891.38 + i, label: { zh: '收入稳定超过贫困线', en: 'income' }, reason: { zh: '人均纯收入 "4,891.38" 元，高于贫困线', en: "it's above" } }], failed: i % 2 ? ['income'] : [] },
  reasonZh: `符合退出标准 ${i}`,
  reasonEn: `meets the standard ${i}`,
  status: i % 2 === 0 ? 'CANDIDATE' : 'NOT_CANDIDATE',
  acknowledgedAt: i % 3 === 0 ? new Date(Date.UTC(2016, 10, 20, 8, 30, 15, 123 + i)) : null,
  refusal: i % 5 === 0 ? { failed: ['income'], message: { zh: '收入不达标', en: 'income' } } : null,
});

function suite(provider: Provider) {
  let handle: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    handle = await freshDb(provider);
  });
  afterAll(() => handle?.drop());

  const read = (cycleId: string) =>
    handle.db.exitHousehold.findMany({ where: { cycleId }, orderBy: { householdId: 'asc' }, omit: { id: true, updatedAt: true } });

  it('writes what createMany writes, read back the same', async () => {
    const n = 12;
    await handle.db.exitHousehold.createMany({
      data: Array.from({ length: n }, (_, i) => row('by-prisma', i)).map((r) => ({ ...r, assessment: r.assessment as object, refusal: r.refusal === null ? undefined : (r.refusal as object) })),
    });
    const before = new Date();
    expect(await insertMany(handle.db, SPEC, Array.from({ length: n }, (_, i) => row('bulk', i)))).toBe(n);
    const prisma = await read('by-prisma');
    const bulk = await read('bulk');
    expect(bulk).toHaveLength(n);
    expect(bulk.map((r) => ({ ...r, cycleId: 'by-prisma' }))).toEqual(prisma);
    expect(bulk.find((r) => r.householdId === 'h3')?.acknowledgedAt?.toISOString()).toBe('2016-11-20T08:30:15.126Z');
    expect(bulk[0].refusal).toEqual({ failed: ['income'], message: { zh: '收入不达标', en: 'income' } });
    expect(bulk[1].refusal).toBeNull();
    const stamped = await handle.db.exitHousehold.findFirstOrThrow({ where: { cycleId: 'bulk' }, select: { updatedAt: true } });
    expect(stamped.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    // Prisma finds them by their generated ids
    const ids = (await handle.db.exitHousehold.findMany({ where: { cycleId: 'bulk' }, select: { id: true } })).map((r) => r.id);
    expect(new Set(ids).size).toBe(n);
    expect(await handle.db.exitHousehold.findUnique({ where: { id: ids[0] } })).not.toBeNull();
  });

  it('writes more rows than one statement takes, and nothing when a transaction rolls back', async () => {
    const many = Array.from({ length: BULK_CHUNK + 7 }, (_, i) => row('many', i));
    expect(await insertMany(handle.db, SPEC, many)).toBe(BULK_CHUNK + 7);
    expect(await handle.db.exitHousehold.count({ where: { cycleId: 'many' } })).toBe(BULK_CHUNK + 7);
    await expect(
      handle.db.$transaction(async (tx) => {
        await insertMany(tx, SPEC, [row('rolled-back', 1)]);
        expect(await tx.exitHousehold.count({ where: { cycleId: 'rolled-back' } })).toBe(1);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await handle.db.exitHousehold.count({ where: { cycleId: 'rolled-back' } })).toBe(0);
    expect(await insertMany(handle.db, SPEC, [])).toBe(0);
  });
}

describe('bulk insert on SQLite', () => suite('sqlite'));
describe.runIf(requirePart(inject('pgTemplateDb') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))('bulk insert on PostgreSQL', () => suite('postgres'));

it('ids are unique, 25 characters, and sort by the time they were made', () => {
  const ids = [newId(1_000), newId(1_000), newId(2_000), ...Array.from({ length: 2000 }, () => newId(3_000))];
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => /^c[0-9a-z]{24}$/.test(id))).toBe(true);
  expect(ids[0] < ids[2] && ids[2] < ids[3]).toBe(true);
});
