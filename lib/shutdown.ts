/**
 * Orderly stop on the signals a process manager or a terminal sends (SIGTERM, SIGINT).
 *
 * Each entry point registers what it started, in start order; a signal stops them in reverse order
 * (the API drains first while the worker still runs, then the worker, then Temporal, then the
 * database), one step at a time, each step bounded. A step that fails is logged in one line and the
 * rest still run. The process exits 0 when every step ran within the limit, 1 when the hard limit
 * was reached (naming the step that hung). Repeated signals (npm forwards the terminal's SIGINT that
 * the process already received) do not restart or cut the sequence.
 */

/** The time limits of a shutdown, in one place (milliseconds). */
export const SHUTDOWN_LIMITS = {
  /** in-flight HTTP requests may finish within this time; then their connections are closed */
  httpDrainMs: 4_000,
  /** audit rows of the drained requests may be written within this time after the last response */
  pendingWritesMs: 1_500,
  /** running activities may finish within this time before they are cancelled */
  workerGraceMs: 2_000,
  /** a worker that has not stopped after this time is abandoned (Temporal unreachable, stuck poll) */
  workerForceMs: 3_000,
  /** the embedded Temporal server gets SIGTERM, then SIGKILL after this time */
  temporalStopMs: 2_000,
  /** everything together; past this the process exits 1 */
  totalMs: 9_500,
} as const;

export interface StopStep {
  name: string;
  stop: () => Promise<unknown>;
}

type Log = (line: string) => void;

export interface Lifecycle {
  /** registers something that was started; stopped before everything registered earlier */
  add(name: string, stop: () => Promise<unknown>): void;
  /** starts the stop sequence (also what a signal does); resolves never: the process exits */
  stop(reason: string, exitCode?: number): Promise<never>;
  readonly stopping: boolean;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    }),
  ]);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/**
 * Installs the SIGTERM/SIGINT handlers of this process. `log` receives one line per event.
 * Call it first thing, so a signal during start-up also stops what has been started so far.
 */
export function createLifecycle(label: string, log: Log = (line) => console.error(line)): Lifecycle {
  const steps: StopStep[] = [];
  let stopping: Promise<never> | null = null;

  const run = async (reason: string, exitCode: number): Promise<never> => {
    if (steps.length === 0) process.exit(exitCode);
    log(`[${label}] ${reason}: stopping`);
    const started = Date.now();
    let current: string | null = null;
    const hard = setTimeout(() => {
      log(`[${label}] not stopped within ${SHUTDOWN_LIMITS.totalMs} ms (still stopping: ${current ?? 'unknown'}); exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMITS.totalMs);
    hard.unref();
    // errors thrown by libraries' timers while their connections go away are reported, not fatal
    const late = (err: unknown) => log(`[${label}] while stopping ${current ?? ''}: ${messageOf(err)}`);
    process.on('uncaughtException', late);
    process.on('unhandledRejection', late);
    const took: string[] = [];
    for (const step of [...steps].reverse()) {
      current = step.name;
      const t = Date.now();
      try {
        const left = SHUTDOWN_LIMITS.totalMs - (Date.now() - started) - 100;
        const outcome = await withTimeout(Promise.resolve().then(step.stop), Math.max(left, 0));
        if (outcome === 'timeout') log(`[${label}] ${step.name} did not stop in time`);
      } catch (err) {
        log(`[${label}] ${step.name}: ${messageOf(err)}`);
      }
      took.push(`${step.name} ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    current = null;
    log(`[${label}] stopped in ${((Date.now() - started) / 1000).toFixed(1)} s (${took.join(', ')})`);
    process.exit(exitCode);
  };

  const lifecycle: Lifecycle = {
    add(name, stop) {
      steps.push({ name, stop });
    },
    stop(reason, exitCode = 0) {
      stopping ??= run(reason, exitCode);
      return stopping;
    },
    get stopping() {
      return stopping !== null;
    },
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void lifecycle.stop(signal));
  }
  return lifecycle;
}

/** Prints a start-up failure as one clear line (no stack trace for expected failures) and exits non-zero. */
export function failStart(label: string, err: unknown, lifecycle?: Lifecycle): Promise<never> {
  console.error(`[${label}] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  if (lifecycle) return lifecycle.stop('start failed', 1);
  process.exit(1);
}
