/** Running a worker inside one of our processes: a failure ends the process, a shutdown drains it. */
import type { Worker } from '@temporalio/worker';
import type { Lifecycle } from './shutdown.ts';

/**
 * Starts `worker.run()` and registers its drain with `lifecycle`. A worker that fails while the
 * process is not stopping stops the process with exit code 1 (a process manager restarts it).
 */
export function runWorker(worker: Worker, lifecycle: Lifecycle, log: (line: string) => void): void {
  const run = worker.run();
  run.then(
    () => {
      if (!lifecycle.stopping) void lifecycle.stop('the worker stopped by itself', 1);
    },
    (err: unknown) => {
      if (lifecycle.stopping) return;
      log(`the worker failed: ${err instanceof Error ? err.message : String(err)}`);
      void lifecycle.stop('worker failed', 1);
    },
  );
  lifecycle.add('worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    // rejects with GracefulShutdownPeriodExpiredError when the drain took longer than shutdownForceTime
    await run;
  });
}
