/**
 * `GET /api/me` for a stored session, sent by main.tsx before the console's main chunks have
 * arrived, so the permissions every page's access check waits for are there when React starts.
 * The authProvider takes the answer once (`takeEarlyMe`) instead of asking again.
 */
import { API_ME_URL, getToken, hasLiveSession } from './session.ts';

let early: Promise<Response | null> | null = null;

export function prefetchMe(): void {
  if (!hasLiveSession()) return;
  early = fetch(API_ME_URL, { headers: { Accept: 'application/json', Authorization: `Bearer ${getToken() ?? ''}` } }).catch(() => null);
}

/** The early answer (once; null when none was sent, or it failed and the caller should ask itself). */
export function takeEarlyMe(): Promise<Response | null> | null {
  const answer = early;
  early = null;
  return answer;
}
