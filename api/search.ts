/**
 * The `q` filter of the lists: a literal substring of a name, or a literal prefix of a code.
 *
 * Prisma 6 turns `contains`/`startsWith` into SQL LIKE without escaping, so `{"q":"%"}` matched every
 * row. It cannot be escaped portably through Prisma: PostgreSQL's LIKE escapes with a backslash by
 * default, SQLite's LIKE has no escape character unless the query names one (`ESCAPE`), which
 * Prisma never does. So a q holding `%`, `_` or `\` is matched in SQL that means the same on both
 * (replace/substr/length, q a bound parameter) and selects the matching ids — such input is rare
 * and matches few rows; any other q keeps Prisma's LIKE, which is literal for it. Case: SQLite's LIKE
 * ignores ASCII case, PostgreSQL's does not; the SQL path compares lower() of both sides.
 */
import { Prisma, type Db } from '../lib/db.ts';
import { badRequest } from './http.ts';

/** More matches than this for a q holding a LIKE wildcard: refused rather than bound as a huge id list. */
export const MAX_LITERAL_MATCHES = 5000;

const LIKE_SPECIAL = /[%_\\]/;

/** The tables a list searches, with the columns `q` matches as a substring or as a prefix. */
const SEARCHED = {
  Region: { contains: ['name'], prefix: ['code'] },
  Household: { contains: ['headName'], prefix: ['code'] },
  Cadre: { contains: ['name', 'unit'], prefix: ['code'] },
} as const;

type Condition = { OR: Record<string, unknown>[] } | { id: { in: string[] } };

/** The where-condition of `q` on one of the searched tables. */
export async function textMatch(db: Db, table: keyof typeof SEARCHED, q: string, maxMatches = MAX_LITERAL_MATCHES): Promise<Condition> {
  const { contains, prefix } = SEARCHED[table];
  if (!LIKE_SPECIAL.test(q)) {
    return { OR: [...contains.map((c) => ({ [c]: { contains: q } })), ...prefix.map((c) => ({ [c]: { startsWith: q } }))] };
  }
  // identifiers come from SEARCHED above, never from input
  const column = (c: string) => Prisma.raw(`lower("${c}")`);
  const needle = Prisma.sql`lower(CAST(${q} AS TEXT))`;
  const conditions = [
    ...contains.map((c) => Prisma.sql`length(${column(c)}) > length(replace(${column(c)}, ${needle}, ''))`),
    ...prefix.map((c) => Prisma.sql`substr(${column(c)}, 1, length(${needle})) = ${needle}`),
  ];
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE ${Prisma.join(conditions, ' OR ')} LIMIT ${maxMatches + 1}`;
  if (rows.length > maxMatches) {
    throw badRequest('invalid query', [{ field: 'query.filter.q', message: `more than ${maxMatches} rows contain ${JSON.stringify(q)}; search for a longer text` }]);
  }
  return { id: { in: rows.map((r) => r.id) } };
}
