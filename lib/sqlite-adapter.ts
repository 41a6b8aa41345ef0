/**
 * Prisma's better-sqlite3 adapter with its one connection shared safely.
 *
 * The adapter runs every query on one SQLite connection. Its interactive transactions wait for each
 * other (a mutex around BEGIN … COMMIT), but a query outside a transaction does not wait: sent while
 * another request's transaction is open, it runs inside that transaction. If that transaction then
 * rolls back (a refused decision, a failed import), the unrelated write is rolled back with it and
 * lost without an error, and its reads see uncommitted rows.
 *
 * Here every statement outside a transaction waits until no transaction is open (better-sqlite3
 * runs a statement synchronously, so waiting is all it takes), and transactions keep their order.
 * Code inside a transaction must use the transaction's client, never the outer one: the outer one
 * would wait for the transaction that is waiting for it (Prisma's transaction timeout ends it).
 *
 * The adapter also prepares every statement anew (`prepare(sql).bind(args)`), which took about 4 %
 * of the embedded process's CPU in a demo-scale exit cycle: here prepared statements are kept per SQL
 * text (the most recent STATEMENT_CACHE_SIZE) and bound per call.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type Factory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<Factory['connect']>>;
type Tx = Awaited<ReturnType<Adapter['startTransaction']>>;

/** A first-come, first-served lock: `acquire()` resolves with its release once every earlier holder released. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const granted = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return granted;
  }
}

/** Prepared statements kept per connection (distinct SQL texts; an `IN (…)` list of each length is one). */
export const STATEMENT_CACHE_SIZE = 500;

/** What the adapter uses of a better-sqlite3 statement. */
interface Statement {
  reader: boolean;
  bind(args: unknown[]): Statement;
  run(...args: unknown[]): unknown;
  columns(): unknown[];
  raw(on?: boolean): { all(...args: unknown[]): unknown[] };
}

/** A cached statement with this call's parameters: the adapter's `.bind(args)` no longer binds it for good. */
function withArgs(stmt: Statement, args: unknown[]): Statement {
  return {
    reader: stmt.reader,
    bind: (next) => withArgs(stmt, next),
    run: () => stmt.run(args),
    columns: () => stmt.columns(),
    raw: (on = true) => ({ all: () => stmt.raw(on).all(args) }),
  };
}

export function cacheStatements(client: { prepare(sql: string): Statement }): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Statement>();
  client.prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // most recently used last
    } else {
      stmt = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, stmt);
    return withArgs(stmt, []);
  };
}

function serialized(adapter: Adapter): Adapter {
  cacheStatements((adapter as unknown as { client: { prepare(sql: string): Statement } }).client);
  const lock = new Lock();
  const alone = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'queryRaw') return (query: Parameters<Adapter['queryRaw']>[0]) => alone(() => target.queryRaw(query));
      if (prop === 'executeRaw') return (query: Parameters<Adapter['executeRaw']>[0]) => alone(() => target.executeRaw(query));
      if (prop === 'executeScript') return (script: string) => alone(() => target.executeScript(script));
      if (prop === 'startTransaction') {
        return async (isolationLevel?: Parameters<Adapter['startTransaction']>[0]): Promise<Tx> => {
          const release = await lock.acquire();
          let tx: Tx;
          try {
            tx = await target.startTransaction(isolationLevel);
          } catch (err) {
            release();
            throw err;
          }
          let open = true;
          const end = () => {
            if (!open) return;
            open = false;
            release();
          };
          return new Proxy(tx, {
            get(t, p, r) {
              if (p === 'commit') return () => t.commit().finally(end);
              if (p === 'rollback') return () => t.rollback().finally(end);
              const value = Reflect.get(t, p, r);
              return typeof value === 'function' ? value.bind(t) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The adapter factory for `new PrismaClient({ adapter })` on a SQLite file. */
export function sqliteAdapter(config: ConstructorParameters<typeof PrismaBetterSQLite3>[0]): Factory {
  const factory = new PrismaBetterSQLite3(config);
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === 'connect') return async () => serialized(await target.connect());
      if (prop === 'connectToShadowDb') return async () => serialized(await target.connectToShadowDb());
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
