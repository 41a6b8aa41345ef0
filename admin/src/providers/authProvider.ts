import { HttpError, type AuthProvider, type UserIdentity } from 'react-admin';
import { canAccessWith } from '../permissions.ts';
import type { Me, SessionUser, TemporalUi } from '../types.ts';
import { API_URL, apiErrorMessageKey } from './http.ts';
import { takeEarlyMe } from './earlyMe.ts';
import { API_ME_URL, clearSession, getMe, getToken, getUser, hasLiveSession, parseMe, saveMe, saveSession } from './session.ts';

interface LoginAnswer {
  token: string;
  user: SessionUser;
}

export interface SessionIdentity extends UserIdentity {
  username: string;
  role: SessionUser['role'];
  regionId: string;
  regionName?: string | null;
  permissions: string[];
  temporalUi: TemporalUi | null;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** `GET /api/me` with the stored token: the user's permissions and the Temporal Web UI. */
async function fetchMe(): Promise<Me> {
  const token = getToken();
  // main.tsx asked already when the page opened with a stored session (providers/earlyMe.ts)
  const response =
    (await takeEarlyMe()) ??
    (await fetch(API_ME_URL, {
      headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    }));
  const body = await readJson(response);
  if (!response.ok) throw new HttpError(apiErrorMessageKey(body) ?? 'ra.notification.http_error', response.status, body);
  const me = parseMe(body);
  if (!me) throw new HttpError('ra.notification.http_error', response.status, body);
  saveMe(me);
  return me;
}

/**
 * The permissions are read from the API once per page load (at login, or on the first question
 * after a reload), so a changed role or policy shows after a reload, never from a stale copy.
 */
let loaded: Promise<Me> | null = null;

function loadMe(): Promise<Me> {
  loaded ??= fetchMe().catch((error: unknown) => {
    loaded = null;
    if (error instanceof HttpError && error.status === 401) clearSession();
    throw error;
  });
  return loaded;
}

/** The permissions as the API gave them; the stored copy only while the API does not answer. */
async function currentMe(): Promise<Me | null> {
  if (!hasLiveSession()) return null;
  try {
    return await loadMe();
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) return null;
    return getMe();
  }
}

export const authProvider: AuthProvider = {
  async login(params: { username?: string; password?: string }) {
    const response = await fetch(`${API_URL}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: params.username ?? '', password: params.password ?? '' }),
    });
    const body = await readJson(response);
    if (!response.ok) {
      // a wrong password is the login form's own message; anything else (rate limit...) is the API's, translated
      if (response.status === 401) throw new Error('ra.auth.sign_in_error');
      throw new Error(apiErrorMessageKey(body) ?? 'ra.notification.http_error');
    }
    const answer = body as LoginAnswer;
    saveSession(answer.token, answer.user);
    loaded = null;
    try {
      await loadMe();
    } catch (error) {
      clearSession();
      throw error instanceof Error ? error : new Error('ra.notification.http_error');
    }
  },

  async logout() {
    loaded = null;
    clearSession();
  },

  async checkAuth() {
    if (!hasLiveSession()) {
      clearSession();
      throw new Error('ra.auth.auth_check_error');
    }
  },

  async checkError(error: { status?: number }) {
    // 401: the token is missing, expired or revoked -> log out. 403 is a scope refusal, not a logout.
    if (error?.status === 401) {
      loaded = null;
      clearSession();
      throw new Error('ra.notification.logged_out');
    }
  },

  async getIdentity(): Promise<SessionIdentity> {
    const me = await currentMe();
    const user = me ?? getUser();
    if (!user) throw new Error('ra.auth.auth_check_error');
    return {
      id: user.id,
      fullName: user.displayName || user.username,
      username: user.username,
      role: user.role,
      regionId: user.regionId,
      regionName: user.regionName,
      permissions: me?.permissions ?? [],
      temporalUi: me?.temporalUi ?? null,
    };
  },

  /** The policy actions of `GET /api/me` (e.g. "task.decide"). */
  async getPermissions() {
    return (await currentMe())?.permissions ?? [];
  },

  async canAccess({ resource, action }) {
    return canAccessWith((await currentMe())?.permissions, resource, action);
  },
};
