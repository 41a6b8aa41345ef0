/**
 * The run of a benchmark's worker process (bench/steps-worker.ts, bench/exit-baseline-worker.ts):
 * polls until SIGTERM or SIGINT, which drain it; prints `readyLine` once polling (the benchmark waits
 * for it), then closes what `close` closes and exits 0.
 */
import type { Worker } from '@temporalio/worker';

export async function serveUntilSignal(worker: Worker, readyLine: string, close: () => Promise<void>): Promise<never> {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    worker.shutdown();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const running = worker.run();
  console.log(readyLine);
  await running;
  await close();
  process.exit(0);
}
