/**
 * The exit-verification config in force for a year (年度退出核查配置): the latest ConfigVersion of
 * kind EXIT_VERIFICATION for the year, else the documented default (defaultExitConfig). Used by the
 * launch form's read and validation routes, and meant for POST /api/cycles as its merge base.
 */
import type { Db } from '../../lib/db.ts';
import { configInForce, type ConfigInForce as GenericConfigInForce } from '../processes/config-in-force.ts';
import { defaultExitConfig, mergeExitConfig, parseExitConfig, type ConfigResult, type ExitVerificationConfig } from '../../rules/exit-verification/config.ts';

export const EXIT_CONFIG_KIND = 'EXIT_VERIFICATION';

export type ConfigInForce = GenericConfigInForce<ExitVerificationConfig>;

export function exitConfigInForce(db: Db, year: number): Promise<ConfigInForce> {
  return configInForce(db, EXIT_CONFIG_KIND, year, parseExitConfig, defaultExitConfig);
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
