/**
 * The JSON page of ledger entries (GET /api/ledger-entries) on a generated volume: the test seed's
 * households with ENTRIES entries in all (LEDGER_PAGE_ENTRIES; a province's 2.2 million registered
 * households leave that many in a year or two), on SQLite (the embedded default).
 * - a page is read in the indexed order (at, id) descending: the query's plan walks the index
 *   LedgerEntry(at, id) and never sorts the province's entries (no temporary B-tree for ORDER BY);
 * - the next page by keyset (`after` = X-Next-Cursor) equals the next page by offset, and stays
 *   right when new entries arrive between two pages (an offset page would repeat a row);
 * - the time of a page is printed (first page, a deep page by offset and by keyset, the count).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPageSql } from '../../api/ledgers/router.ts';
import { startStack, TEST_PASSWORD, type Stack } from '../helpers/stack.ts';

/** generated volume: LEDGER_PAGE_ENTRIES=1000000 for the measurement of the report (minutes to write on a busy machine) */
const ENTRIES = Number(process.env.LEDGER_PAGE_ENTRIES ?? 60_000);

describe('ledger entries: a page on a province-like volume', () => {
  let stack: Stack;
  let token = '';
  const get = (url: string) => request(stack.app).get(url).set({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await startStack('sqlite');
    const db = stack.db;
    const [{ t, households }] = await db.$queryRawUnsafe<{ t: string; households: number }[]>(`SELECT (SELECT typeof("at") FROM "LedgerEntry" LIMIT 1) AS t, (SELECT COUNT(*) FROM "Household") AS households`);
    const existing = Number((await db.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*) AS n FROM "LedgerEntry"`))[0].n);
    // as many generated entries per household as it takes; `at` spread over two years, stored as the client stores it
    const per = Math.ceil((ENTRIES - existing) / Number(households));
    const at = t === 'integer' ? `1451606400000 + (abs(random()) % 63072000000)` : `strftime('%Y-%m-%dT%H:%M:%fZ', 1451606400 + (abs(random()) % 63072000), 'unixepoch')`;
    const started = Date.now();
    await db.$executeRawUnsafe(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${per})
      INSERT INTO "LedgerEntry" ("id", "householdId", "kind", "year", "at", "processId")
      SELECT 'gen-' || h."id" || '-' || n.i, h."id", 'REGISTERED', 2016 + (n.i % 2), ${at}, 'volume-' || n.i
      FROM "Household" h CROSS JOIN n
      LIMIT ${ENTRIES - existing}`);
    await db.$executeRawUnsafe('ANALYZE');
    console.log(`[ledger page] ${ENTRIES} entries (${Number(households)} households, ${per} generated each, at as ${t}) in ${Date.now() - started} ms`);
    const login = await request(stack.app).post('/api/auth/login').send({ username: 'office', password: TEST_PASSWORD });
    token = login.body.token;
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** median of three runs, in ms */
  async function timed(url: string) {
    const times: number[] = [];
    let res: request.Response | undefined;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      res = await get(url);
      times.push(performance.now() - t0);
    }
    return { res: res!, ms: Math.round(times.sort((a, b) => a - b)[1]) };
  }

  it('reads a page of the province in index order, by offset and by keyset, without sorting the province', async () => {
    const page1 = await timed('/api/ledger-entries?range=[0,24]');
    const deep = await timed('/api/ledger-entries?range=[10000,10024]');
    const county = await timed('/api/ledger-entries?regionId=431222&range=[0,24]');
    const village = await timed(`/api/ledger-entries?regionId=${(await stack.db.household.findFirstOrThrow({ where: { countyId: '431222' } })).villageId}&range=[0,24]`);
    const cursor = page1.res.headers['x-next-cursor'];
    const next = cursor ? await timed(`/api/ledger-entries?after=${encodeURIComponent(cursor)}&range=[25,49]`) : null;
    const t0 = performance.now();
    await stack.db.ledgerEntry.count({ where: { household: { cityId: { gte: '43', lt: '44' } } } });
    const countMs = Math.round(performance.now() - t0);
    console.log(`[ledger page] province page 1: ${page1.ms} ms; offset 10,000: ${deep.ms} ms; keyset page 2: ${next?.ms ?? '—'} ms; county page: ${county.ms} ms; village page: ${village.ms} ms; the province's count alone: ${countMs} ms`);

    expect(page1.res.status).toBe(200);
    expect(page1.res.headers['content-range']).toMatch(new RegExp(`^ledger-entries 0-24/${ENTRIES}$`));
    // newest first, ties by id
    const order = (rows: { at: string; id: string }[]) => rows.map((r) => `${r.at}|${r.id}`);
    expect(order(page1.res.body)).toEqual([...order(page1.res.body)].sort().reverse());
    // the plan of the province's page walks the (at, id) index: no sort of the province's entries
    const sql = entryPageSql('43', {}, { order: 'desc', skip: 0, take: 25 })!;
    const plan = (await stack.db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql.sql}`, ...sql.values)).map((p) => p.detail);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    expect(plan.join('\n')).toMatch(/LedgerEntry_at_id_idx/);

    // keyset: the page after the cursor is the page by offset
    expect(cursor).toBe(page1.res.body[24].id);
    const byOffset = await get('/api/ledger-entries?range=[25,49]');
    expect(next!.res.status).toBe(200);
    expect(next!.res.body.map((r: { id: string }) => r.id)).toEqual(byOffset.body.map((r: { id: string }) => r.id));
    // a new entry arrives (newest of all): the keyset's next page is unchanged, the offset's shifts by one
    const household = await stack.db.household.findFirstOrThrow({ where: { countyId: '431222' } });
    await stack.db.ledgerEntry.create({ data: { householdId: household.id, kind: 'EXITED', year: 2018, at: new Date('2030-01-01T00:00:00Z'), processId: 'late-arrival' } });
    const again = await get(`/api/ledger-entries?after=${encodeURIComponent(cursor)}&range=[25,49]`);
    expect(again.body.map((r: { id: string }) => r.id)).toEqual(next!.res.body.map((r: { id: string }) => r.id));
    const shifted = await get('/api/ledger-entries?range=[25,49]');
    expect(shifted.body[0].id).toBe(page1.res.body[24].id);
    // only the indexed order sorts; another sort is refused clearly
    const year = await get('/api/ledger-entries?sort=["year","DESC"]');
    expect(year.status).toBe(400);
    expect(year.body.error.code).toBe('INVALID_INPUT');
  }, 300_000);
});
