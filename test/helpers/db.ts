/** A fresh, migrated database per test file: a copy of the SQLite template, or a PostgreSQL database cloned from the template. */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb, tuneSqlite, type DbHandle } from '../../lib/db.ts';
import { inject } from './env.ts';

export type Provider = 'sqlite' | 'postgres';

let counter = 0;

export async function freshDb(provider: Provider): Promise<DbHandle & { drop: () => Promise<void> }> {
  const id = `${process.pid}_${Date.now()}_${counter++}`;
  if (provider === 'sqlite') {
    const file = path.join(path.dirname(inject('sqliteTemplate')), `db_${id}.db`);
    copyFileSync(inject('sqliteTemplate'), file);
    const handle = createDb(`file:${file}`);
    await tuneSqlite(handle);
    return { ...handle, drop: () => handle.db.$disconnect() };
  }
  const base = inject('pgUrl');
  const template = inject('pgTemplateDb');
  if (!base || !template) throw new Error('PostgreSQL is not configured (TEST_PG_URL)');
  const name = `pee_${inject('pgRun')}_${id}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = createDb(url.toString());
  return {
    ...handle,
    drop: async () => {
      await handle.db.$disconnect();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Polls until `check` returns a value that is not undefined/false (no fixed sleeps). */
export async function waitFor<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
