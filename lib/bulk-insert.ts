/**
 * Many rows in one statement per chunk, for the few tables a process writes by the thousand
 * (a village's assessed households, a province's 2.2 million at province scale).
 *
 * Prisma 6.19's `createMany` turns every field of every row into its query compiler's input (run in
 * WebAssembly on the event loop): a village's 23 assessment rows of about 3.7 KB each cost 48 ms of
 * CPU. Here the rows go as one JSON parameter that the database itself unpacks (SQLite `json_each`,
 * PostgreSQL `jsonb_to_recordset`): 14 ms for the same rows. The values are written exactly as
 * Prisma writes them (SQLite: booleans 0/1, JSON as text, times as ISO-8601 with +00:00;
 * PostgreSQL: native types), so Prisma reads them back unchanged (test/db/bulk-insert.test.ts).
 *
 * It runs on the client it is given, so inside an interactive transaction it is part of it.
 */
import { randomBytes } from 'node:crypto';

export type ColumnType = 'text' | 'int' | 'float' | 'boolean' | 'json' | 'datetime';

export interface BulkTable<Row> {
  /** the model's table name */
  table: string;
  /** every column written, with its type (`id`, cuid-like and time-ordered, is added) */
  columns: Record<keyof Row & string, ColumnType>;
  /** the table has an `@updatedAt` column: set to the time of the insert */
  updatedAt?: boolean;
}

/** Rows per statement: a few MB of JSON at most. */
export const BULK_CHUNK = 500;

/** What it needs of a Prisma client or transaction client. */
interface RawClient {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

let counter = 0;
/**
 * An id like Prisma's cuid(): 'c', the time in milliseconds, a counter and random characters, all
 * base 36 (25 characters). Ids written in one millisecond differ by the counter; ids sort by time.
 */
export function newId(now = Date.now()): string {
  counter = (counter + 1) % 36 ** 4;
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(12, '0').slice(-12);
  return `c${now.toString(36).padStart(8, '0')}${counter.toString(36).padStart(4, '0')}${random}`;
}

function providerOf(client: RawClient): 'sqlite' | 'postgresql' {
  const provider = (client as { _activeProvider?: string })._activeProvider;
  if (provider === 'sqlite' || provider === 'postgresql') return provider;
  throw new Error(`bulk insert: unknown database provider ${String(provider)}`);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const PG_TYPES: Record<ColumnType, string> = { text: 'text', int: 'integer', float: 'double precision', boolean: 'boolean', json: 'jsonb', datetime: 'timestamp(3)' };

/** Inserts the rows (ids generated); returns how many were written. */
export async function insertMany<Row extends Record<string, unknown>>(client: RawClient, spec: BulkTable<Row>, rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const provider = providerOf(client);
  const columns = Object.entries(spec.columns) as Array<[string, ColumnType]>;
  const all: Array<[string, ColumnType]> = [['id', 'text'], ...columns, ...(spec.updatedAt ? ([['updatedAt', 'datetime']] as Array<[string, ColumnType]>) : [])];
  const names = all.map(([name]) => quote(name)).join(', ');
  const sql =
    provider === 'sqlite'
      ? `INSERT INTO ${quote(spec.table)} (${names}) SELECT ${all.map(([name]) => `json_extract(value, '$.${name}')`).join(', ')} FROM json_each(?)`
      : `INSERT INTO ${quote(spec.table)} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS x(${all.map(([name, type]) => `${quote(name)} ${PG_TYPES[type]}`).join(', ')})`;
  const now = new Date();
  let written = 0;
  for (let i = 0; i < rows.length; i += BULK_CHUNK) {
    const part = rows.slice(i, i + BULK_CHUNK).map((row) => {
      const out: Record<string, unknown> = { id: newId(now.getTime()) };
      for (const [name, type] of columns) out[name] = encode(row[name], type, provider);
      if (spec.updatedAt) out.updatedAt = encode(now, 'datetime', provider);
      return out;
    });
    written += await client.$executeRawUnsafe(sql, JSON.stringify(part));
  }
  return written;
}

function encode(value: unknown, type: ColumnType, provider: 'sqlite' | 'postgresql'): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      return provider === 'sqlite' ? (value ? 1 : 0) : Boolean(value);
    case 'json':
      // SQLite keeps JSON as its text; PostgreSQL unpacks it as jsonb from the row itself
      return provider === 'sqlite' ? JSON.stringify(value) : value;
    case 'datetime': {
      const iso = (value instanceof Date ? value : new Date(String(value))).toISOString();
      return provider === 'sqlite' ? iso.replace('Z', '+00:00') : iso.slice(0, -1);
    }
    default:
      return value;
  }
}
