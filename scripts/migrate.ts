/** `npm run migrate`: applies the committed migrations to DATABASE_URL (default: the SQLite file under DATA_DIR). */
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../lib/config.ts';
import { migrate } from '../lib/migrate.ts';

const config = loadConfig();
mkdirSync(config.dataDir, { recursive: true });
await migrate(config.databaseUrl);
console.log(`migrated ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
