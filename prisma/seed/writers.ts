/**
 * Bulk writers: the seed writes its rows with the database driver, not through Prisma, so that the
 * province scale (about 20 million rows) takes minutes.
 *
 * - SQLite: a second better-sqlite3 connection on the same file, multi-row prepared INSERTs inside
 *   transactions (journal_mode=WAL, synchronous=OFF while seeding). Small seeds are one transaction;
 *   large ones commit every COMMIT_EVERY rows, with foreign-key checks off on this connection and
 *   the province row written last, so `isSeeded` is false until the seed has finished.
 * - PostgreSQL: one `pg` client and one transaction (a failed seed leaves nothing behind); each
 *   table's rows go as one JSON array per statement (`jsonb_array_elements`, cast by column), a
 *   township's statements in one round trip, and the next township is generated while the server
 *   inserts the previous one. The demo and province scales drop the bulk tables' foreign keys and
 *   secondary indexes inside the transaction and rebuild them from their catalog definitions at
 *   the end.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { RowBatch } from './generate.ts';
import {
  CADRE,
  CADRE_ASSIGNMENT,
  HOUSEHOLD,
  HOUSEHOLD_YEAR,
  LEDGER_ENTRY,
  MEMBER,
  REGION,
  TABLES_IN_ORDER,
  type Column,
  type Row,
  type Table,
  type Value,
} from './tables.ts';

export interface BulkWriter {
  readonly provider: 'sqlite' | 'postgres';
  /** true when the province row must be inserted last (see the file comment) */
  readonly rootLast: boolean;
  /** Writes (or queues) the batch; the batch may be cleared and reused as soon as this returns. */
  write(batch: RowBatch): Promise<void>;
  /** Sets Region.ruralPopulation of the given region ids. */
  setRuralPopulation(values: ReadonlyMap<string, number>): Promise<void>;
  /** Waits for queued writes and commits. */
  finish(): Promise<void>;
  /** Rolls back what is not committed and closes. */
  abort(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// SQLite

/** rows per multi-row INSERT statement */
const SQLITE_ROWS_PER_STATEMENT = 64;
/** commit after this many rows (the test and demo scales stay inside one transaction) */
const COMMIT_EVERY = 500_000;

function sqliteValue(column: Column, value: Value): unknown {
  if (value === null) return null;
  switch (column.type) {
    case 'bool':
      return value ? 1 : 0;
    case 'date':
      // Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit offset
      return (value as string).endsWith('Z') ? `${(value as string).slice(0, -1)}+00:00` : value;
    case 'json':
      return JSON.stringify(value);
    default:
      return value;
  }
}

interface SqliteStatements {
  many: Database.Statement;
  one: Database.Statement;
  /** indexes of the columns that need converting */
  convert: number[];
}

export class SqliteWriter implements BulkWriter {
  readonly provider = 'sqlite' as const;
  readonly rootLast = true;
  private readonly db: Database.Database;
  private readonly statements = new Map<Table, SqliteStatements>();
  private rowsInTransaction = 0;
  private readonly params: unknown[] = [];

  constructor(file: string) {
    this.db = new Database(file, { timeout: 10_000, fileMustExist: true });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('cache_size = -262144'); // 256 MiB
    this.db.pragma('temp_store = MEMORY');
    this.db.exec('BEGIN');
  }

  private statementsFor(table: Table): SqliteStatements {
    let s = this.statements.get(table);
    if (!s) {
      const cols = table.columns.map((c) => `"${c.name}"`).join(', ');
      const tuple = `(${table.columns.map(() => '?').join(', ')})`;
      const sql = (n: number) => `INSERT INTO "${table.name}" (${cols}) VALUES ${Array.from({ length: n }, () => tuple).join(', ')}`;
      s = {
        many: this.db.prepare(sql(SQLITE_ROWS_PER_STATEMENT)),
        one: this.db.prepare(sql(1)),
        convert: table.columns.flatMap((c, i) => (c.type === 'bool' || c.type === 'date' || c.type === 'json' ? [i] : [])),
      };
      this.statements.set(table, s);
    }
    return s;
  }

  private insert(table: Table, rows: readonly Row[]): void {
    const s = this.statementsFor(table);
    const width = table.columns.length;
    const params = this.params;
    let i = 0;
    const fill = (from: number, count: number) => {
      params.length = count * width;
      let p = 0;
      for (let r = from; r < from + count; r++) {
        const row = rows[r];
        for (let c = 0; c < width; c++) params[p++] = row[c];
        for (const c of s.convert) params[p - width + c] = sqliteValue(table.columns[c], row[c]);
      }
    };
    for (; i + SQLITE_ROWS_PER_STATEMENT <= rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
      fill(i, SQLITE_ROWS_PER_STATEMENT);
      s.many.run(params);
    }
    for (; i < rows.length; i++) {
      fill(i, 1);
      s.one.run(params);
    }
  }

  async write(batch: RowBatch): Promise<void> {
    for (const table of TABLES_IN_ORDER) {
      const rows = batch.rows.get(table);
      if (rows && rows.length > 0) this.insert(table, rows);
    }
    this.rowsInTransaction += batch.size;
    if (this.rowsInTransaction >= COMMIT_EVERY) {
      this.db.exec('COMMIT');
      this.db.exec('BEGIN');
      this.rowsInTransaction = 0;
    }
  }

  async setRuralPopulation(values: ReadonlyMap<string, number>): Promise<void> {
    const update = this.db.prepare(`UPDATE "${REGION.name}" SET "ruralPopulation" = ? WHERE "id" = ?`);
    for (const [id, population] of values) update.run(population, id);
  }

  async finish(): Promise<void> {
    this.db.exec('COMMIT');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  async abort(): Promise<void> {
    if (this.db.open) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.db.close();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** rows per INSERT statement */
const PG_ROWS_PER_STATEMENT = 20_000;
/** dollar quote around the inlined JSON (generated values never contain it; checked) */
const DOLLAR_TAG = '$seed_rows$';

export class PostgresWriter implements BulkWriter {
  readonly provider = 'postgres' as const;
  readonly rootLast = false;
  private inflight: Promise<void> = Promise.resolve();

  private deferred: DeferredDdl | null = null;

  private constructor(private readonly client: pg.Client) {}

  /**
   * `deferIndexes`: drop the foreign keys and secondary indexes of the bulk tables inside the
   * transaction and recreate them, from their catalog definitions, before committing (bulk
   * loading then building an index is several times faster than maintaining it row by row).
   */
  static async open(url: string, opts: { deferIndexes?: boolean } = {}): Promise<PostgresWriter> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const writer = new PostgresWriter(client);
    try {
      await client.query('SET synchronous_commit = off');
      await client.query('BEGIN');
      if (opts.deferIndexes) writer.deferred = await dropForeignKeysAndIndexes(client, BULK_TABLES);
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return writer;
  }

  /**
   * INSERT statements for one table's rows: the rows inlined as one dollar-quoted JSON array of
   * arrays (native JSON.stringify), taken apart server-side by position and cast to each column's type.
   */
  private statementsFor(table: Table, rows: readonly Row[]): string[] {
    const cols = table.columns.map((c) => `"${c.name}"`).join(', ');
    const values = table.columns.map((c, i) => (c.type === 'json' ? `(e->${i})` : `(e->>${i})::${c.pgType}`)).join(', ');
    const statements: string[] = [];
    for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
      const payload = JSON.stringify(rows.length <= PG_ROWS_PER_STATEMENT ? rows : rows.slice(i, i + PG_ROWS_PER_STATEMENT));
      if (payload.includes(DOLLAR_TAG)) throw new Error(`${table.name}: a value contains ${DOLLAR_TAG}`);
      statements.push(`INSERT INTO "${table.name}" (${cols}) SELECT ${values} FROM jsonb_array_elements(${DOLLAR_TAG}${payload}${DOLLAR_TAG}::jsonb) AS e`);
    }
    return statements;
  }

  /**
   * Sends the whole batch as one multi-statement query (one round trip), so the server inserts it
   * while the generator, which keeps the event loop busy, produces the next batch.
   */
  async write(batch: RowBatch): Promise<void> {
    const statements: string[] = [];
    for (const table of TABLES_IN_ORDER) {
      const rows = batch.rows.get(table);
      if (rows && rows.length > 0) statements.push(...this.statementsFor(table, rows));
    }
    await this.inflight;
    if (statements.length === 0) return;
    this.inflight = this.client.query(statements.join(';\n')).then(() => undefined);
    // the error, if any, is raised by the next write / finish
    this.inflight.catch(() => undefined);
  }

  async setRuralPopulation(values: ReadonlyMap<string, number>): Promise<void> {
    await this.inflight;
    const payload = JSON.stringify([...values].map(([id, population]) => ({ id, population })));
    await this.client.query(
      `UPDATE "${REGION.name}" AS r SET "ruralPopulation" = v.population
         FROM json_to_recordset($1::json) AS v(id text, population int) WHERE r."id" = v.id`,
      [payload],
    );
  }

  async finish(): Promise<void> {
    await this.inflight;
    if (this.deferred) {
      await this.client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const index of this.deferred.indexes) await this.client.query(index.def);
      for (const fk of this.deferred.foreignKeys) await this.client.query(`ALTER TABLE "${fk.table}" ADD CONSTRAINT "${fk.name}" ${fk.def}`);
    }
    await this.client.query('COMMIT');
    for (const table of TABLES_IN_ORDER) await this.client.query(`ANALYZE "${table.name}"`);
    await this.client.end();
  }

  async abort(): Promise<void> {
    await this.inflight.catch(() => undefined);
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

/** the tables whose foreign keys and secondary indexes a deferred-index load rebuilds */
export const BULK_TABLES = [REGION, HOUSEHOLD, MEMBER, HOUSEHOLD_YEAR, LEDGER_ENTRY, CADRE, CADRE_ASSIGNMENT].map((t) => t.name);

interface DeferredDdl {
  /** CREATE [UNIQUE] INDEX statements (pg_get_indexdef) */
  indexes: Array<{ name: string; def: string }>;
  /** FOREIGN KEY (…) REFERENCES … clauses (pg_get_constraintdef) */
  foreignKeys: Array<{ table: string; name: string; def: string }>;
}

/**
 * Reads the definitions of the foreign keys declared on `tables` and of their indexes other than
 * primary keys (Prisma's @unique and @@index are plain indexes), then drops them. Primary keys
 * stay, so foreign keys from other tables are untouched.
 */
export async function dropForeignKeysAndIndexes(client: pg.Client, tables: readonly string[]): Promise<DeferredDdl> {
  const foreignKeys = (
    await client.query<{ table: string; name: string; def: string }>(
      `SELECT t.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relname = ANY($1) AND t.relnamespace = current_schema()::regnamespace
        ORDER BY t.relname, c.conname`,
      [tables],
    )
  ).rows;
  const indexes = (
    await client.query<{ name: string; def: string }>(
      `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE t.relname = ANY($1) AND t.relnamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
        ORDER BY t.relname, ic.relname`,
      [tables],
    )
  ).rows;
  for (const fk of foreignKeys) await client.query(`ALTER TABLE "${fk.table}" DROP CONSTRAINT "${fk.name}"`);
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
  return { indexes, foreignKeys };
}
