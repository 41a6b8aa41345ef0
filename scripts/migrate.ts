/** `npm run migrate`: applies the committed migrations to DATABASE_URL (default: the SQLite file under DATA_DIR). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../lib/config.ts';
import { sqliteFileFromUrl } from '../lib/database-url.ts';
import { migrate } from '../lib/migrate.ts';

try {
  const config = loadConfig();
  // a SQLite file needs its folder; PostgreSQL needs nothing on this machine
  const file = sqliteFileFromUrl(config.databaseUrl);
  if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await migrate(config.databaseUrl);
  console.log(`migrated ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
} catch (err) {
  console.error(`[migrate] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
