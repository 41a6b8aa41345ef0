/**
 * A worker process for the baseline of `npm run bench:exit` (bench/exit-baseline.ts), started by the
 * benchmark as many times as the real run had workers, with the same worker options as worker/main.ts
 * (default concurrency, the same sticky queue timeout). Environment: TEMPORAL_ADDRESS,
 * TEMPORAL_TASK_QUEUE, BENCH_DRIVER_URL (where announcements are posted). SIGTERM/SIGINT drain it.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTemporalRuntime } from '../lib/temporal-runtime.ts';
import { STICKY_QUEUE_TIMEOUT_MS } from '../worker/index.ts';
import type { BaselineActivities } from './exit-baseline.ts';
import { serveUntilSignal } from './worker-process.ts';

const address = process.env.TEMPORAL_ADDRESS;
const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
const driver = process.env.BENCH_DRIVER_URL;
if (!address || !taskQueue || !driver) throw new Error('TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE and BENCH_DRIVER_URL are required');

installTemporalRuntime();

async function tell(body: unknown): Promise<void> {
  const res = await fetch(driver as string, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`driver answered ${res.status}`);
  await res.arrayBuffer();
}

const activities: BaselineActivities = {
  async baselineNoop(tag) {
    if (tag) await tell({ tag });
  },
  async baselineAnnounce(workflowId, step) {
    await tell({ workflowId, step });
  },
};

const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowsPath: path.join(path.dirname(fileURLToPath(import.meta.url)), 'exit-baseline.ts'),
  activities,
  stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT_MS,
});
await serveUntilSignal(worker, `baseline worker polling ${taskQueue} (PID ${process.pid})`, () => connection.close());
