/**
 * A process's versioned config as it stands for a year: the newest saved ConfigVersion of its kind
 * up to that year, laid over its defaults and validated; the defaults (version 0) when none was
 * saved. Used by the start service and by activities that start another process.
 */
import type { z } from 'zod';
import type { Db } from './db.ts';

export interface ConfigKind<C> {
  kind: string;
  schema: z.ZodType<C>;
  defaults: C;
}

export async function versionedConfig<C>(db: Db, config: ConfigKind<C>, year: number): Promise<{ body: C; version: number }> {
  const row = await db.configVersion.findFirst({ where: { kind: config.kind, year: { lte: year } }, orderBy: [{ year: 'desc' }, { version: 'desc' }] });
  if (!row) return { body: config.defaults, version: 0 };
  return { body: config.schema.parse({ ...(config.defaults as object), ...(row.body as object) }), version: row.version };
}
