/**
 * The SQLite adapter's one connection shared by concurrent requests (lib/sqlite-adapter.ts): a write
 * made outside a transaction while another request's transaction is open must survive that
 * transaction's rollback, and must not see its uncommitted rows. Statements are prepared once per
 * SQL text and bound per call.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cacheStatements, STATEMENT_CACHE_SIZE } from '../../lib/sqlite-adapter.ts';
import { freshDb } from '../helpers/db.ts';

let handle: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  handle = await freshDb('sqlite');
});
afterAll(() => handle?.drop());

it('keeps a write made beside a transaction that rolls back', async () => {
  const { db } = handle;
  let inside!: () => void;
  const transactionOpen = new Promise<void>((resolve) => (inside = resolve));
  let proceed!: () => void;
  const mayEnd = new Promise<void>((resolve) => (proceed = resolve));
  const refused = db
    .$transaction(async (tx) => {
      await tx.configVersion.create({ data: { kind: 'TEST', year: 2016, version: 1, body: { rolled: 'back' } } });
      inside();
      await mayEnd;
      throw new Error('refused: the transaction rolls back');
    })
    .catch((err: Error) => err.message);

  await transactionOpen;
  // another request, outside any transaction, while the first one is open
  const beside = db.configVersion.create({ data: { kind: 'TEST', year: 2016, version: 2, body: { kept: true } } });
  const seen = db.configVersion.findMany({ where: { kind: 'TEST' }, select: { version: true } });
  // give them time to run (on the adapter as it comes, they run at once, inside the open transaction)
  const ranEarly = await Promise.race([Promise.all([beside, seen]).then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 300))]);
  expect(ranEarly).toBe(false);
  proceed();
  expect(await refused).toMatch(/rolls back/);
  await beside;
  // the read waited for the rollback: it never saw the uncommitted version 1
  expect((await seen).map((r) => r.version)).not.toContain(1);
  const kept = await db.configVersion.findMany({ where: { kind: 'TEST' }, select: { version: true } });
  expect(kept.map((r) => r.version)).toEqual([2]);
});

it('still runs transactions one after the other and commits them', async () => {
  const { db } = handle;
  await Promise.all(
    [10, 11, 12].map((version) =>
      db.$transaction(async (tx) => {
        await tx.configVersion.create({ data: { kind: 'SERIAL', year: 2016, version, body: {} } });
        await tx.configVersion.findMany({ where: { kind: 'SERIAL' } });
      }),
    ),
  );
  expect(await db.configVersion.count({ where: { kind: 'SERIAL' } })).toBe(3);
});

it('prepares a statement once per SQL text, binds each call its own values and keeps the most recent texts', async () => {
  const Database = (await import('better-sqlite3')).default;
  const sqlite = new Database(':memory:');
  const prepared: string[] = [];
  const original = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => {
    prepared.push(sql);
    return original(sql);
  }) as typeof sqlite.prepare;
  cacheStatements(sqlite as never);
  const client = sqlite as unknown as { prepare(sql: string): { run(): unknown; bind(a: unknown[]): { run(): unknown; raw(): { all(): unknown[] } } } };
  client.prepare('CREATE TABLE t (a INTEGER, b TEXT)').run();
  for (const [a, b] of [[1, 'x'], [2, 'y'], [3, 'z']] as const) client.prepare('INSERT INTO t VALUES (?, ?)').bind([a, b]).run();
  expect(prepared.filter((sql) => sql.startsWith('INSERT'))).toHaveLength(1);
  for (const a of [1, 2, 3, 1]) expect(client.prepare('SELECT b FROM t WHERE a = ?').bind([a]).raw().all()).toEqual([[{ 1: 'x', 2: 'y', 3: 'z' }[a]]]);
  expect(prepared.filter((sql) => sql.startsWith('SELECT b'))).toHaveLength(1);
  // bounded: the least recently used text is prepared again once STATEMENT_CACHE_SIZE others came after it
  for (let i = 0; i < STATEMENT_CACHE_SIZE; i++) client.prepare(`SELECT ${i} FROM t`).bind([]).raw().all();
  client.prepare('SELECT b FROM t WHERE a = ?').bind([2]).raw().all();
  expect(prepared.filter((sql) => sql.startsWith('SELECT b'))).toHaveLength(2);
  sqlite.close();
});

it('answers and writes right through Prisma with the statements kept', async () => {
  const { db } = handle;
  await db.configVersion.createMany({ data: [20, 21, 22].map((version) => ({ kind: 'CACHED', year: 2016, version, body: { version } })) });
  const read = (version: number) => db.configVersion.findFirst({ where: { kind: 'CACHED', version }, select: { version: true, body: true } });
  for (let i = 0; i < 20; i++) expect(await read(20 + (i % 3))).toEqual({ version: 20 + (i % 3), body: { version: 20 + (i % 3) } });
  expect(await read(99)).toBeNull();
  // writes too, inside transactions as outside them
  await db.$transaction(async (tx) => {
    for (const version of [20, 21]) await tx.configVersion.updateMany({ where: { kind: 'CACHED', version }, data: { body: { updated: version } } });
  });
  await db.configVersion.updateMany({ where: { kind: 'CACHED', version: 22 }, data: { body: { updated: 22 } } });
  expect((await db.configVersion.findMany({ where: { kind: 'CACHED' }, orderBy: { version: 'asc' }, select: { body: true } })).map((r) => r.body)).toEqual([{ updated: 20 }, { updated: 21 }, { updated: 22 }]);
});
