/**
 * The SQLite adapter's one connection shared by concurrent requests (lib/sqlite-adapter.ts): a write
 * made outside a transaction while another request's transaction is open must survive that
 * transaction's rollback, and must not see its uncommitted rows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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
