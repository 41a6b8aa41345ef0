/**
 * Driver adapter for `prisma migrate deploy/diff/status` on PostgreSQL without native engines.
 *
 * Why this shim exists: @prisma/adapter-pg 6.19 does not map PostgreSQL's `name` type (OID 19),
 * which the schema engine's catalog queries return, so `migrate deploy` fails with
 * "Column type 'name' could not be deserialized". `name` is a 63-byte identifier string, so this
 * Pool reports OID-19 result columns as `text` (OID 25). It is used only by the migration adapter
 * (prisma.config.ts and lib/migrate.ts); the application's client uses the plain adapter.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

export const PG_NAME_OID = 19;
export const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

/** Rewrites `name` columns of a result to `text`, in place. */
export function nameColumnsAsText<T>(result: T): T {
  const fields = (result as QueryResultLike | undefined)?.fields;
  if (Array.isArray(fields)) {
    for (const field of fields) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/** A pg.Pool whose promise-returning `query` reports `name` columns as `text`. */
export class NameAsTextPool extends pg.Pool {
  // pg's overloads cannot be restated one by one; the promise form is the one adapter-pg uses.
  override query(...args: unknown[]): never {
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).then(nameColumnsAsText) as never;
    }
    return out as never; // callback and stream forms pass through untouched
  }
}

export function migrationAdapterFactory(connectionString: string): PrismaPg {
  return new PrismaPg(new NameAsTextPool({ connectionString, max: 2 }));
}
