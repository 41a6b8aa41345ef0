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

function serialized(adapter: Adapter): Adapter {
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
