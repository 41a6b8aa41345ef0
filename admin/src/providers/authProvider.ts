import type { AuthProvider, UserIdentity } from 'react-admin';
import { canAccessFor } from '../permissions.ts';
import type { SessionUser } from '../types.ts';
import { API_URL, apiErrorMessage } from './http.ts';
import { clearSession, getUser, hasLiveSession, saveSession } from './session.ts';

interface LoginAnswer {
  token: string;
  user: SessionUser;
}

export interface SessionIdentity extends UserIdentity {
  username: string;
  role: SessionUser['role'];
  regionId: string;
  regionName?: string | null;
}

export const authProvider: AuthProvider = {
  async login(params: { username?: string; password?: string }) {
    const response = await fetch(`${API_URL}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: params.username ?? '', password: params.password ?? '' }),
    });
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      // a wrong password is the login form's own message; anything else (rate limit...) is the API's
      if (response.status === 401) throw new Error('ra.auth.sign_in_error');
      throw new Error(apiErrorMessage(body) ?? 'ra.notification.http_error');
    }
    const answer = body as LoginAnswer;
    saveSession(answer.token, answer.user);
  },

  async logout() {
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
      clearSession();
      throw new Error('ra.notification.logged_out');
    }
  },

  async getIdentity(): Promise<SessionIdentity> {
    const user = getUser();
    if (!user) throw new Error('ra.auth.auth_check_error');
    return {
      id: user.id,
      fullName: user.displayName || user.username,
      username: user.username,
      role: user.role,
      regionId: user.regionId,
      regionName: user.regionName,
    };
  },

  async getPermissions() {
    return getUser()?.role ?? null;
  },

  async canAccess({ resource, action }) {
    return canAccessFor(getUser()?.role, resource, action);
  },
};
