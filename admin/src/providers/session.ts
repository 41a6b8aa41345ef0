/** The signed-in session, kept in localStorage under two keys: the bearer token and the user. */
import { REGION_LEVELS, ROLES, type RegionLevel, type SessionUser } from '../types.ts';

export const TOKEN_KEY = 'pev.token';
export const USER_KEY = 'pev.user';

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
}

export function clearSession(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
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
