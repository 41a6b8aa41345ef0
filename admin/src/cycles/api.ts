/** The exit verification's calls beyond react-admin's REST reads: all pessimistic. */
import type { ExitVerificationConfig } from '../../../rules/exit-verification/config.ts';
import { API_URL, httpClient, postJson } from '../providers/http.ts';
import type { Cycle } from './types.ts';

export interface ConfigInForce {
  year: number;
  source: 'CONFIG_VERSION' | 'DEFAULT';
  version: number;
  config: ExitVerificationConfig;
}

/** GET /exit-config/default?year= */
export async function fetchConfigInForce(year: number): Promise<ConfigInForce> {
  const { json } = await httpClient(`${API_URL}/exit-config/default?year=${encodeURIComponent(String(year))}`);
  return json as ConfigInForce;
}

/** POST /exit-config/validate: the merged config, or an HttpError whose body lists the issues. */
export const validateConfig = (year: number, config: Record<string, unknown>) =>
  postJson<{ ok: true; config: ExitVerificationConfig }>('/exit-config/validate', { year, config });

/** POST /cycles (201 with the cycle; 409 CYCLE_EXISTS; 400 with the config's issues). */
export const launchCycle = (year: number, regionId: string, config: Record<string, unknown>) =>
  postJson<Cycle>('/cycles', { type: 'EXIT_VERIFICATION', year, regionId, config });

/** POST /cycles/:id/cancel */
export const cancelCycle = (id: string) => postJson<Cycle>(`/cycles/${encodeURIComponent(id)}/cancel`, {});

/** POST /exit-households/:id/acknowledgement (only while the village is in APPRAISAL; 409 STAGE_CLOSED otherwise). */
export const acknowledgeHousehold = (id: string, acknowledged: boolean, note: string) =>
  postJson<unknown>(`/exit-households/${encodeURIComponent(id)}/acknowledgement`, { acknowledged, ...(note ? { note } : {}) });
