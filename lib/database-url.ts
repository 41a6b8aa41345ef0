/** Reading DATABASE_URL: which provider, and where the SQLite file lives. */
import path from 'node:path';

export type DbProvider = 'sqlite' | 'postgres';

export function databaseProvider(url: string | undefined): DbProvider {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** `file:./data/app.db` → `./data/app.db`; undefined when the URL is not a SQLite file URL. */
export function sqliteFileFromUrl(url: string | undefined): string | undefined {
  if (!url || !url.startsWith('file:')) return undefined;
  return url.slice('file:'.length).replace(/\?.*$/, '');
}

/** The embedded default: a SQLite file under DATA_DIR. */
export function defaultDatabaseUrl(dataDir: string): string {
  return `file:${path.resolve(dataDir, 'app.db')}`;
}
