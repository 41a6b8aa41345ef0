/**
 * Writes that outlive the request that caused them (the audit row of a request is written when its
 * response has been sent). They are tracked here so a shutdown closes the database only after they
 * have completed, and the audit log keeps the requests that were drained.
 */
const pending = new Set<Promise<unknown>>();

/** Tracks `write` until it settles; returns it unchanged. */
export function trackWrite<T>(write: Promise<T>): Promise<T> {
  const tracked = write.finally(() => pending.delete(tracked));
  pending.add(tracked);
  tracked.catch(() => undefined);
  return write;
}

/** Resolves when every tracked write has settled, or after `timeoutMs`; returns how many were still pending. */
export async function settleWrites(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...pending]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0));
      }),
    ]);
    clearTimeout(timer);
  }
  return pending.size;
}
