/**
 * The exit-verification config in force for a year (年度退出核查配置): the latest ConfigVersion of
 * kind EXIT_VERIFICATION for the year, else the documented default (defaultExitConfig). Used by the
 * launch form's read and validation routes, and meant for POST /api/cycles as its merge base.
 */
import type { Db } from '../../lib/db.ts';
import { defaultExitConfig, mergeExitConfig, parseExitConfig, type ConfigIssue, type ConfigResult, type ExitVerificationConfig } from '../../rules/exit-verification/config.ts';

export const EXIT_CONFIG_KIND = 'EXIT_VERIFICATION';

export interface ConfigInForce {
  year: number;
  /** CONFIG_VERSION: a stored version; DEFAULT: defaultExitConfig(year) */
  source: 'CONFIG_VERSION' | 'DEFAULT';
  version: number;
  /** id of the ConfigVersion row, when stored */
  configVersionId: string | null;
  /** a stored version that no longer validates (then the default is in force), with its issues */
  storedIssues: ConfigIssue[];
  config: ExitVerificationConfig;
}

export async function exitConfigInForce(db: Db, year: number): Promise<ConfigInForce> {
  const stored = await db.configVersion.findFirst({ where: { kind: EXIT_CONFIG_KIND, year }, orderBy: { version: 'desc' } });
  if (stored) {
    const parsed = parseExitConfig(stored.body);
    if (parsed.ok) return { year, source: 'CONFIG_VERSION', version: stored.version, configVersionId: stored.id, storedIssues: [], config: parsed.config };
    return { year, source: 'DEFAULT', version: 1, configVersionId: stored.id, storedIssues: parsed.issues, config: defaultExitConfig(year) };
  }
  return { year, source: 'DEFAULT', version: 1, configVersionId: null, storedIssues: [], config: defaultExitConfig(year) };
}

/**
 * An office's edit merged onto the config in force for `year` and validated (mergeExitConfig). The
 * edit may not move the config to another year than the one launched.
 */
export async function validateExitConfigEdit(db: Db, year: number, edit: unknown): Promise<ConfigResult> {
  const base = await exitConfigInForce(db, year);
  const result = mergeExitConfig(base.config, edit);
  const editYear = typeof edit === 'object' && edit !== null && 'year' in edit ? (edit as { year: unknown }).year : undefined;
  if (editYear !== undefined && editYear !== year) {
    const issue = { field: 'year', message: `year: the config is for ${String(editYear)}, the cycle for ${year}` };
    return { ok: false, issues: result.ok ? [issue] : [issue, ...result.issues.filter((i) => i.field !== 'year')] };
  }
  return result;
}
