/**
 * The signed-in session, kept in localStorage under three keys: the bearer token, the user, and
 * what `GET /api/me` answered (permissions, Temporal Web UI), refreshed at login and on reload.
 */
import { REGION_LEVELS, ROLES, type Me, type RegionLevel, type SessionUser, type TemporalUi } from '../types.ts';

export const TOKEN_KEY = 'pev.token';
export const USER_KEY = 'pev.user';
export const ME_KEY = 'pev.me';
/** where the console reads the signed-in user's permissions */
export const API_ME_URL = '/api/me';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

function isSessionUser(value: unknown): value is SessionUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.username === 'string' &&
    typeof v.regionId === 'string' &&
    typeof v.role === 'string' &&
    (ROLES as readonly string[]).includes(v.role)
  );
}

export function getUser(): SessionUser | null {
  const raw = localStorage.getItem(USER_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSessionUser(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveSession(token: string, user: SessionUser): void {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  localStorage.removeItem(ME_KEY);
}

export function clearSession(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  localStorage.removeItem(ME_KEY);
}

function asTemporalUi(value: unknown): TemporalUi | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  return typeof v.url === 'string' && v.url !== '' && typeof v.namespace === 'string' && v.namespace !== ''
    ? { url: v.url.replace(/\/+$/, ''), namespace: v.namespace }
    : null;
}

/**
 * `GET /api/me`'s answer as the console uses it. An answer without `permissions` (an older API)
 * grants nothing: the console shows no menu rather than guess a role table.
 */
export function parseMe(value: unknown): Me | null {
  if (!isSessionUser(value)) return null;
  const v = value as unknown as Record<string, unknown>;
  const permissions = Array.isArray(v.permissions) ? v.permissions.filter((p): p is string => typeof p === 'string') : [];
  return { ...value, permissions, temporalUi: asTemporalUi(v.temporalUi) };
}

export function getMe(): Me | null {
  const raw = localStorage.getItem(ME_KEY);
  if (!raw) return null;
  try {
    return parseMe(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function saveMe(me: Me): void {
  localStorage.setItem(ME_KEY, JSON.stringify(me));
  // the user's name, role and scope as the API has them now
  const { permissions: _permissions, temporalUi: _temporalUi, ...user } = me;
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}

/** Seconds-since-epoch expiry of a JWT, or null when the token carries none (or is not a JWT). */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    if (typeof claims === 'object' && claims !== null && 'exp' in claims) {
      const exp = (claims as { exp: unknown }).exp;
      return typeof exp === 'number' ? exp : null;
    }
    return null;
  } catch {
    return null;
  }
}

export function hasLiveSession(now: number = Date.now()): boolean {
  const token = getToken();
  if (!token || !getUser()) return false;
  const exp = tokenExpiry(token);
  return exp === null || exp * 1000 > now;
}

/**
 * Level of a region from its statistical division code: codes are hierarchical by prefix
 * (province 2 digits, city 4, county 6, township 9, village 12). Full 12-digit codes padded with
 * zeros (430000000000) are read by their trailing zeros.
 */
export function levelOfCode(code: string): RegionLevel | null {
  if (!/^\d+$/.test(code)) return null;
  const byLength: Record<number, RegionLevel> = { 2: 'PROVINCE', 4: 'CITY', 6: 'COUNTY', 9: 'TOWNSHIP' };
  if (code.length !== 12) return byLength[code.length] ?? null;
  if (code.endsWith('0000000000')) return 'PROVINCE';
  if (code.endsWith('00000000')) return 'CITY';
  if (code.endsWith('000000')) return 'COUNTY';
  if (code.endsWith('000')) return 'TOWNSHIP';
  return REGION_LEVELS[4];
}
