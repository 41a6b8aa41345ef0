/**
 * The database client. One data model, two providers: the client generated for SQLite is the
 * type the whole code base uses; for PostgreSQL the client generated from the derived schema is
 * structurally identical (same models, same enums) and is typed as the same `Db`.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.ts';
import { databaseProvider, sqliteFileFromUrl, type DbProvider } from './database-url.ts';
import { sqliteAdapter } from './sqlite-adapter.ts';

export type Db = SqliteClient;
export * from '../generated/sqlite/enums.ts';
export { Prisma } from '../generated/sqlite/client.ts';

export interface DbHandle {
  db: Db;
  provider: DbProvider;
  url: string;
}

export function createDb(url: string): DbHandle {
  const provider = databaseProvider(url);
  if (provider === 'postgres') {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    const db = new PostgresClient({ adapter }) as unknown as Db;
    return { db, provider, url };
  }
  const file = sqliteFileFromUrl(url);
  if (!file) throw new Error(`DATABASE_URL must be file:<path> or postgresql://…, got ${url}`);
  const adapter = sqliteAdapter({ url: file, timeout: 10_000 });
  const db = new SqliteClient({ adapter });
  return { db, provider, url };
}

/** SQLite pragmas for a file shared by the API and the worker processes. */
export async function tuneSqlite(handle: DbHandle): Promise<void> {
  if (handle.provider !== 'sqlite') return;
  await handle.db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await handle.db.$queryRawUnsafe('PRAGMA busy_timeout = 10000');
  await handle.db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
}
