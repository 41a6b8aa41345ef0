/**
 * fetch wrapper: adds the bearer token and turns the API's error body into the HttpError message,
 * in the user's language: a known error code becomes the translation key `app.errors.<CODE>`
 * (react-admin translates the message it shows), an unknown one keeps the API's own message.
 */
import { fetchUtils, HttpError } from 'react-admin';
import zh from '../i18n/zh.ts';
import { getToken } from './session.ts';

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

/** The error codes the console words itself (`app.errors.<CODE>` in zh.ts and en.ts). */
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys((zh as unknown as { app: { errors: Record<string, string> } }).app.errors));

/** Translation key of an API error code, or null when the console has no wording for it. */
export function errorCodeKey(code: string | null | undefined): string | null {
  return code && KNOWN_CODES.has(code) ? `app.errors.${code}` : null;
}

/** What to show for an API error body: the translation key of its code, else the API's message. */
export function apiErrorMessageKey(body: unknown): string | null {
  return errorCodeKey(apiErrorCode(body)) ?? apiErrorMessage(body);
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
