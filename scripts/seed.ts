/**
 * Seeds a database with the deterministic demo province (prisma/seed/).
 *
 *   npx tsx scripts/seed.ts --scale test|demo|province [--seed N] [--as-of-year 2016] [--database-url URL]
 *
 * The database defaults to DATABASE_URL, else the SQLite file <DATA_DIR or ./data>/app.db. It is
 * migrated first; a database that is already seeded is refused (exit code 2). The demo users'
 * password is DEMO_PASSWORD when set, else a generated one, printed at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseProvider, defaultDatabaseUrl, sqliteFileFromUrl } from '../lib/database-url.ts';
import { createDb } from '../lib/db.ts';
import { migrate } from '../lib/migrate.ts';
import { isSeeded, seed, SEED_SCALES, type SeedScale } from '../prisma/seed/index.ts';

const USAGE = 'usage: tsx scripts/seed.ts --scale test|demo|province [--seed N] [--as-of-year YEAR] [--database-url URL]';

class UsageError extends Error {}

async function main(): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) throw err;
    console.error(`${err.message}\n${USAGE}`);
    return 64;
  }
}

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      'as-of-year': { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scale = values.scale as SeedScale | undefined;
  if (!scale || !SEED_SCALES.includes(scale)) throw new UsageError(`--scale must be one of ${SEED_SCALES.join(', ')}`);
  const toInt = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a non-negative integer, got ${text}`);
    return Number(text);
  };
  const seedNumber = toInt('seed', values.seed);
  const asOfYear = toInt('as-of-year', values['as-of-year']);

  const url = values['database-url'] ?? process.env.DATABASE_URL ?? defaultDatabaseUrl(process.env.DATA_DIR ?? './data');
  const sqliteFile = databaseProvider(url) === 'sqlite' ? sqliteFileFromUrl(url) : undefined;
  if (sqliteFile) mkdirSync(path.dirname(path.resolve(sqliteFile)), { recursive: true });

  console.log(`migrating ${redact(url)} …`);
  await migrate(url);
  const handle = createDb(url);
  try {
    if (await isSeeded(handle.db)) {
      console.error(`refusing to seed: ${redact(url)} is already seeded (region 43 exists)`);
      return 2;
    }
    const generated = !process.env.DEMO_PASSWORD;
    const demoPassword = process.env.DEMO_PASSWORD || randomBytes(12).toString('base64url');
    const summary = await seed(handle, { scale, seed: seedNumber, asOfYear, demoPassword, log: (msg) => console.log(msg) });
    console.log('');
    console.log(`scale ${summary.scale}, seed ${summary.seed}: ${summary.seconds} s`);
    const rows: Array<[string, number]> = [
      ['regions', summary.regions],
      ['villages', summary.villages],
      ['households', summary.households],
      ['members', summary.members],
      ['yearly records', summary.yearRecords],
      ['cadres', summary.cadres],
      ['assignments', summary.assignments],
    ];
    for (const [name, n] of rows) console.log(`  ${name.padEnd(16)} ${n.toLocaleString('en-US').padStart(12)}`);
    if (sqliteFile) console.log(`  ${'file size'.padEnd(16)} ${(statSync(sqliteFile).size / 1024 / 1024).toFixed(1).padStart(9)} MiB`);
    console.log(`demo users: ${summary.users.join(', ')}`);
    console.log(generated ? `demo password (generated): ${demoPassword}` : 'demo password: from DEMO_PASSWORD');
    return 0;
  } finally {
    await handle.db.$disconnect();
  }
}

/** hides a password in a postgresql:// URL */
function redact(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
