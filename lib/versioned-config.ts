/**
 * A process's versioned config as it stands for a year: the newest saved ConfigVersion of its kind
 * up to that year, laid over its defaults and validated; the defaults (version 0) when none was
 * saved. Used by the start service and by activities that start another process.
 *
 * A process's settings (how long each step may take, whom it escalates to) carry forward from the
 * year they were saved until a later year saves new ones. A cycle's standards are different: they
 * are the year's own (its poverty line, its thresholds, its framework) and never carry into another
 * year, so a cycle reads them with api/processes/config-in-force.ts (that year's version, else that
 * year's documented default). A saved version that does not validate refuses the start here (the
 * office's rules are never replaced by defaults without a word).
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
