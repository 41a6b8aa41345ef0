/**
 * Derives the provider-specific Prisma schemas from prisma/schema.prisma (the one model) and,
 * with `--migration NAME`, writes a migration for each provider from the difference between the
 * last migrated schema (kept as prisma/<provider>/migrations/schema.snapshot.prisma) and the
 * current one. `prisma migrate diff` runs offline with the JS schema engine (prisma.config.ts).
 *
 *   tsx scripts/prisma-schemas.ts                 # re-derive schemas only
 *   tsx scripts/prisma-schemas.ts --check         # exit 1 when derived files are stale
 *   tsx scripts/prisma-schemas.ts --migration add_x
 *
 * It also writes rules/enums.ts: the model's enums as constant lists and types, the one source of
 * roles, levels, decisions and statuses for the workflows, activities, API and console.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROVIDERS = ['sqlite', 'postgres'] as const;
type Provider = (typeof PROVIDERS)[number];

export function deriveSchema(source: string, provider: Provider): string {
  const header = '// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.ts: do not edit.\n';
  return (
    header +
    source
      .replace('output     = "../generated/PROVIDER"', `output     = "../../generated/${provider}"`)
      .replace(
        /provider = "sqlite"\n {2}url {6}= "file:\.\/adapter-provided\.db"/,
        provider === 'sqlite'
          ? 'provider = "sqlite"\n  url      = "file:./adapter-provided.db"'
          : 'provider = "postgresql"\n  url      = "postgresql://adapter-provided/db"',
      )
  );
}

export const ENUMS_FILE = path.join(root, 'rules', 'enums.ts');

/** The enums of the model as a TypeScript module (values in declaration order, comments kept). */
export function deriveEnums(source: string): string {
  const out = [
    '// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.ts: do not edit.',
    '// The one source of every list of values (roles, levels, decisions, statuses) outside Prisma.',
    '',
  ];
  for (const m of source.matchAll(/^enum (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const [, name, body] = m;
    const values = body
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('//'))
      .map((l) => {
        const [value, ...comment] = l.split('//');
        return { value: value.trim(), comment: comment.join('//').trim() };
      });
    const constName = name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() + '_VALUES';
    out.push(`export const ${constName} = [`);
    for (const v of values) out.push(`  '${v.value}',${v.comment ? ` // ${v.comment}` : ''}`);
    out.push('] as const;');
    out.push(`export type ${name} = (typeof ${constName})[number];`);
    out.push('');
  }
  return out.join('\n');
}

function schemaPath(provider: Provider) {
  return path.join(root, 'prisma', provider, 'schema.prisma');
}

function main() {
  const args = process.argv.slice(2);
  const source = readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
  let stale = false;
  for (const provider of PROVIDERS) {
    const derived = deriveSchema(source, provider);
    const file = schemaPath(provider);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== derived) {
      stale = true;
      if (!args.includes('--check')) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, derived);
      }
    }
  }
  const enums = deriveEnums(source);
  if ((existsSync(ENUMS_FILE) ? readFileSync(ENUMS_FILE, 'utf8') : '') !== enums) {
    stale = true;
    if (!args.includes('--check')) writeFileSync(ENUMS_FILE, enums);
  }
  if (args.includes('--check')) {
    if (stale) {
      console.error('derived Prisma schemas are stale: run `tsx scripts/prisma-schemas.ts`');
      process.exit(1);
    }
    return;
  }
  const at = args.indexOf('--migration');
  if (at >= 0) {
    const name = args[at + 1];
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('--migration needs a snake_case name');
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    for (const provider of PROVIDERS) {
      const dir = path.join(root, 'prisma', provider, 'migrations');
      mkdirSync(dir, { recursive: true });
      const snapshot = path.join(dir, 'schema.snapshot.prisma');
      const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
      const sql = execFileSync(
        path.join(root, 'node_modules', '.bin', 'prisma'),
        ['migrate', 'diff', ...from, '--to-schema-datamodel', schemaPath(provider), '--script'],
        {
          cwd: root,
          encoding: 'utf8',
          // diff reads no database, but the PostgreSQL adapter still connects: give it any server
          env: {
            ...process.env,
            PRISMA_PROVIDER: provider,
            DATABASE_URL: provider === 'postgres' ? (process.env.PG_URL ?? 'postgresql://postgres@127.0.0.1:54329/postgres') : 'file::memory:',
          },
        },
      );
      if (/^-- This is an empty migration\.\s*$/.test(sql.trim()) || sql.trim() === '') {
        // nothing to migrate on this provider (an enum value on SQLite, whose enums are text), but
        // the snapshot follows the model, or the next diff and the schema test see a stale one
        writeFileSync(snapshot, readFileSync(schemaPath(provider), 'utf8'));
        console.log(`${provider}: no changes to migrate (snapshot updated)`);
        continue;
      }
      const mdir = path.join(dir, `${stamp}_${name}`);
      mkdirSync(mdir, { recursive: true });
      writeFileSync(path.join(mdir, 'migration.sql'), sql);
      writeFileSync(snapshot, readFileSync(schemaPath(provider), 'utf8'));
      if (!existsSync(path.join(dir, 'migration_lock.toml'))) {
        writeFileSync(
          path.join(dir, 'migration_lock.toml'),
          `# Please do not edit this file manually\nprovider = "${provider === 'sqlite' ? 'sqlite' : 'postgresql'}"\n`,
        );
      }
      console.log(`${provider}: wrote ${path.relative(root, mdir)}`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
