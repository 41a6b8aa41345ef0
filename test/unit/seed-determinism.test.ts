/**
 * Same seed number ⇒ identical rows, ids included; another seed number ⇒ other rows.
 * Seeds scale `test` into fresh SQLite files (copies of the migrated template) and compares a
 * digest of every generated row.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFileFromUrl } from '../../lib/database-url.ts';
import { seed, type SeedSummary } from '../../prisma/seed/index.ts';
import { freshDb } from '../helpers/db.ts';

/** tables and columns whose rows must repeat exactly (users' hashes and creation times do not) */
const DIGESTED: Array<[table: string, columns: string]> = [
  ['Region', '*'],
  ['Household', '*'],
  ['Member', '*'],
  ['HouseholdYear', '*'],
  ['LedgerEntry', '*'],
  ['Cadre', '*'],
  ['CadreAssignment', '*'],
  ['Pairing', '*'],
  ['User', '"id", "username", "displayName", "role", "regionId", "active", "demo"'],
  ['ConfigVersion', '"id", "kind", "year", "version", "body"'],
];

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of cleanups) await drop();
});

async function seedAndDigest(seedNumber: number): Promise<{ digest: string; households: string; summary: SeedSummary }> {
  const handle = await freshDb('sqlite');
  cleanups.push(handle.drop);
  const summary = await seed(handle, { scale: 'test', seed: seedNumber, demoPassword: 'determinism-test' });
  const file = sqliteFileFromUrl(handle.url);
  if (!file) throw new Error('not a SQLite database');
  const raw = new Database(file, { readonly: true });
  try {
    const all = createHash('sha256');
    const households = createHash('sha256');
    for (const [table, columns] of DIGESTED) {
      const rows = raw.prepare(`SELECT ${columns} FROM "${table}" ORDER BY "id"`).all();
      expect(rows.length, table).toBeGreaterThan(0);
      const text = JSON.stringify(rows);
      all.update(`${table}\n${text}\n`);
      if (table === 'Household' || table === 'Member' || table === 'HouseholdYear') households.update(text);
    }
    return { digest: all.digest('hex'), households: households.digest('hex'), summary };
  } finally {
    raw.close();
  }
}

describe('seed determinism (scale test, SQLite)', () => {
  it('writes identical rows for the same seed and different rows for another seed', async () => {
    const first = await seedAndDigest(2016);
    const second = await seedAndDigest(2016);
    const other = await seedAndDigest(7);
    expect(second.digest).toBe(first.digest);
    expect(second.households).toBe(first.households);
    expect(other.households).not.toBe(first.households);
    expect(other.digest).not.toBe(first.digest);
    expect(second.summary).toEqual({ ...first.summary, seconds: second.summary.seconds });
    // the test scale stays fast: API and workflow tests seed fresh databases many times
    expect(first.summary.seconds).toBeLessThan(3);
  });
});
