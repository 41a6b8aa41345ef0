/** fetch wrapper: adds the bearer token and turns the API's error body into the HttpError message. */
import { fetchUtils, HttpError } from 'react-admin';
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

export type HttpResult = Awaited<ReturnType<typeof fetchUtils.fetchJson>>;

export async function httpClient(url: string, options: fetchUtils.Options = {}): Promise<HttpResult> {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers });
  } catch (error) {
    if (error instanceof HttpError) {
      const message = apiErrorMessage(error.body);
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
