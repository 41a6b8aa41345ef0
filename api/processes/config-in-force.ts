/**
 * The config in force for a process and year: the latest ConfigVersion of the process's kind for the
 * year, else the year's documented default. A stored version that no longer validates is reported
 * with its issues and the default is in force. Used by the launch of every cycle and by the config
 * routes the launch forms read.
 *
 * Exactly the year, unlike a process's own settings (lib/versioned-config.ts), which carry forward
 * from the year they were saved: a cycle's standards are the year's own (the poverty line of 2016 is
 * not 2017's), so a year without a saved version has its documented default, and the launch form
 * shows the office which one it is launching with.
 */
import type { Db } from '../../lib/db.ts';
import type { ConfigIssue, ParsedConfig } from '../../rules/config-kit.ts';

export interface ConfigInForce<C> {
  year: number;
  /** CONFIG_VERSION: a stored version; DEFAULT: the year's default */
  source: 'CONFIG_VERSION' | 'DEFAULT';
  version: number;
  /** id of the ConfigVersion row, when stored */
  configVersionId: string | null;
  /** a stored version that no longer validates (then the default is in force), with its issues */
  storedIssues: ConfigIssue[];
  config: C;
}

export async function configInForce<C>(db: Db, kind: string, year: number, parse: (body: unknown) => ParsedConfig<C>, defaults: (year: number) => C): Promise<ConfigInForce<C>> {
  const stored = await db.configVersion.findFirst({ where: { kind, year }, orderBy: { version: 'desc' } });
  if (stored) {
    const parsed = parse(stored.body);
    if (parsed.ok) return { year, source: 'CONFIG_VERSION', version: stored.version, configVersionId: stored.id, storedIssues: [], config: parsed.config };
    return { year, source: 'DEFAULT', version: 1, configVersionId: stored.id, storedIssues: parsed.issues, config: defaults(year) };
  }
  return { year, source: 'DEFAULT', version: 1, configVersionId: null, storedIssues: [], config: defaults(year) };
}
