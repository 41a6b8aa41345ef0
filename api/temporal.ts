/**
 * Calls to Temporal from the API, bounded in time, and what their failures mean over HTTP: a
 * server that is down or does not answer within the bound gives 503 with Retry-After at once,
 * never a 500 and never a request hanging for the SDK's own retries (tens of seconds).
 */
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { AppDeps } from './context.ts';
import { HttpError } from './http.ts';

/** Default bound of one call to Temporal from the API (TEMPORAL_CALL_TIMEOUT_MS). */
export const DEFAULT_TEMPORAL_CALL_TIMEOUT_MS = 5000;
/** Bound of a quick follow-up check (did a start that timed out land after all?). */
export const TEMPORAL_CHECK_TIMEOUT_MS = 1500;
/** Seconds a client is asked to wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** gRPC status codes meaning "the service did not answer": UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED. */
const UNAVAILABLE_CODES = new Set([14, 4, 1, 8]);

export function grpcCode(err: unknown): number | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'number') return e.code;
  }
  return undefined;
}

/** Whether the error says Temporal is unreachable or did not answer in time. */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof TemporalTimeout) return true;
  const code = grpcCode(err);
  if (code !== undefined) return UNAVAILABLE_CODES.has(code);
  return err instanceof ServiceError;
}

export class ServiceUnavailable extends HttpError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(message: string, details: unknown[] = []) {
    super(503, 'TEMPORAL_UNAVAILABLE', message, details);
  }
}

/** Thrown when a call to Temporal did not answer within the bound (the call itself is abandoned). */
export class TemporalTimeout extends Error {
  readonly code = 4; // DEADLINE_EXCEEDED
  constructor(ms: number) {
    super(`Temporal did not answer within ${ms} ms`);
  }
}

/**
 * Runs one call to Temporal within the configured bound: a gRPC deadline on every request it makes,
 * and a timer besides, since the client's reconnect backoff to a dead server can outlast a deadline.
 */
export async function callTemporal<T>(temporal: AppDeps['temporal'], fn: () => Promise<T>, bound?: number): Promise<T> {
  const timeout = bound ?? temporal.callTimeoutMs ?? DEFAULT_TEMPORAL_CALL_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const call = temporal.client.withDeadline(Date.now() + timeout, fn);
  call.catch(() => undefined); // answered by the timer already: nobody waits for this one
  try {
    return await Promise.race([call, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TemporalTimeout(timeout)), timeout + 250)))]);
  } finally {
    clearTimeout(timer);
  }
}
