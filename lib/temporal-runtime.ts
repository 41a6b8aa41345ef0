/**
 * The Temporal SDK runtime of our processes (npm start, the stand-alone worker): its logs, and no
 * signal handling of its own (lib/shutdown.ts stops the worker in our order).
 *
 * The SDK core logs a warning for every retried poll while the Temporal server is unreachable
 * (about 120 lines a minute for one worker). Those retry warnings are forwarded here and reduced to
 * one line when they start and at most one reminder a minute while they go on (an outage ends when no
 * retry has been reported for two minutes); everything else from the SDK passes from
 * TEMPORAL_LOG_LEVEL (default WARN) up.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';

export const RETRY_REMINDER_MS = 60_000;

const LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

function line(entry: LogEntry): string {
  const meta = entry.meta ?? {};
  const { sdkComponent, target, spanContexts, ...rest } = meta as Record<string, unknown>;
  void spanContexts;
  const fields = Object.entries(rest)
    .filter(([, v]) => v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const where = typeof target === 'string' ? target : typeof sdkComponent === 'string' ? sdkComponent : 'sdk';
  return `[temporal-sdk] ${entry.level} ${where}: ${entry.message}${fields ? ` ${fields}` : ''}`;
}

/** One line per outage of the Temporal server instead of one per retried poll. */
export function throttledRetryLog(write: (text: string) => void, now: () => number = Date.now) {
  let outageSince = 0;
  let lastRetry = 0;
  let lastSaid = 0;
  let suppressed = 0;
  return (entry: LogEntry): void => {
    const meta = (entry.meta ?? {}) as Record<string, unknown>;
    const isRetry = meta.target === 'temporalio_client::retry' || /retried \d+ times/.test(entry.message);
    if (!isRetry) {
      write(line(entry));
      return;
    }
    const t = now();
    const error = typeof meta.error === 'string' ? meta.error.replace(/\s+/g, ' ').match(/message: "([^"]*)"/)?.[1] : undefined;
    const newOutage = lastRetry === 0 || t - lastRetry > 2 * RETRY_REMINDER_MS;
    lastRetry = t;
    if (newOutage) {
      outageSince = t;
      lastSaid = t;
      suppressed = 0;
      write(`[temporal-sdk] WARN the worker cannot reach the Temporal server (${error ?? entry.message}); retrying, repeats are summarised once a minute`);
      return;
    }
    suppressed += 1;
    if (t - lastSaid >= RETRY_REMINDER_MS) {
      write(`[temporal-sdk] WARN still retrying to reach the Temporal server for ${Math.round((t - outageSince) / 1000)} s (${suppressed} retry warnings suppressed)`);
      lastSaid = t;
      suppressed = 0;
    }
  };
}

export function installTemporalRuntime(): void {
  const level = (process.env.TEMPORAL_LOG_LEVEL?.toUpperCase() ?? 'WARN') as LogLevel;
  if (!LEVELS.includes(level)) throw new Error(`TEMPORAL_LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  const retries = throttledRetryLog((text) => console.error(text));
  Runtime.install({
    logger: new DefaultLogger(level, retries),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level === 'TRACE' || level === 'DEBUG' ? level : 'WARN' }), forward: {} } },
    shutdownSignals: [],
  });
}
