/**
 * fetch wrapper: adds the bearer token and turns the API's error body into the HttpError message,
 * in the user's language with the useful details (providers/errors.ts); an unknown code keeps the
 * API's own message.
 */
import { fetchUtils, HttpError } from 'react-admin';
import { i18nProvider } from '../i18n/index.ts';
import { apiError, describeApiError, errorCodeKey } from './errors.ts';
import { getToken, getUser } from './session.ts';

export const API_URL = '/api';

/** The message of an API error body `{"error":{"code","message","details"}}`, if there is one. */
export function apiErrorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || !('message' in error)) return null;
  const message = (error as { message: unknown }).message;
  return typeof message === 'string' && message.length > 0 ? message : null;
}

export function apiErrorCode(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** Translation key of an API error code, or null when the console has no wording for it. */
export { errorCodeKey };

/**
 * What to show for an API error body: the sentence in the user's language with what its details
 * tell (providers/errors.ts), else the API's message. The sentence is final: react-admin shows a
 * message it has no key for as it is.
 */
export function apiErrorMessageKey(body: unknown): string | null {
  const error = apiError(body);
  if (!error) return null;
  const user = getUser();
  // the user's own scope by its name (the region the API refused is named by its code)
  const extra = user?.regionName && user.regionId === detailOf(error.details).scopeId ? { scopeName: user.regionName } : {};
  return describeApiError(error, (key, options) => i18nProvider.translate(key, options), i18nProvider.getLocale(), extra) ?? errorCodeKey(error.code);
}

function detailOf(details: unknown[]): Record<string, unknown> {
  const first = details[0];
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
}

/** The fields an INVALID_INPUT answer names (`details[].field`, e.g. "body.payload.income"). */
export function apiErrorFields(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('error' in body)) return [];
  const details = (body as { error: { details?: unknown } }).error?.details;
  if (!Array.isArray(details)) return [];
  return details
    .map((d: unknown) => (typeof d === 'object' && d !== null && 'field' in d ? (d as { field: unknown }).field : null))
    .filter((f): f is string => typeof f === 'string' && f !== '');
}

export type HttpResult = Awaited<ReturnType<typeof fetchUtils.fetchJson>>;

export async function httpClient(url: string, options: fetchUtils.Options = {}): Promise<HttpResult> {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers });
  } catch (error) {
    if (error instanceof HttpError) {
      const message = apiErrorMessageKey(error.body);
      if (message) throw new HttpError(message, error.status, error.body);
    }
    throw error;
  }
}

/** POST a JSON body to an API route and return the parsed answer. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const { json } = await httpClient(`${API_URL}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return json as T;
}
