/**
 * Prisma CLI configuration: JS schema engine through driver adapters, so migrate deploy / diff /
 * status / generate run without Prisma's native engines (which cannot be downloaded here).
 * The provider follows DATABASE_URL (postgresql:// selects PostgreSQL) unless PRISMA_PROVIDER
 * names one.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { databaseProvider, sqliteFileFromUrl } from './lib/database-url.ts';

const provider = (process.env.PRISMA_PROVIDER || databaseProvider(process.env.DATABASE_URL)) as 'sqlite' | 'postgres';
if (provider !== 'sqlite' && provider !== 'postgres') throw new Error(`PRISMA_PROVIDER must be sqlite or postgres, got ${provider}`);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  async adapter() {
    if (provider === 'postgres') {
      const { migrationAdapterFactory } = await import('./lib/pg-migration-adapter.ts');
      return migrationAdapterFactory(process.env.DATABASE_URL ?? 'postgresql://localhost/postgres');
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: sqliteFileFromUrl(process.env.DATABASE_URL) ?? ':memory:' });
  },
});
