/**
 * The worker of `npm run bench:steps -- --worker process` in a process of its own, as `npm run
 * start:cluster` and worker/main.ts run it: every production workflow and activity plus the floors of
 * bench/workflows.ts, with the same worker options as worker/index.ts. Environment: TEMPORAL_ADDRESS,
 * TEMPORAL_TASK_QUEUE, DATABASE_URL. Prints `ready` once polling; SIGTERM/SIGINT drain it.
 */
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { createActivities, STICKY_QUEUE_TIMEOUT_MS } from '../worker/index.ts';
import { serveUntilSignal } from './worker-process.ts';

const address = process.env.TEMPORAL_ADDRESS;
const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
const databaseUrl = process.env.DATABASE_URL;
if (!address || !taskQueue || !databaseUrl) throw new Error('TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE and DATABASE_URL are required');

Runtime.install({ logger: new DefaultLogger('ERROR') });
const handle = createDb(databaseUrl);
await tuneSqlite(handle);
const { code } = await bundleWorkflowCode({ workflowsPath: path.join(path.dirname(fileURLToPath(import.meta.url)), 'bundle.ts'), logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowBundle: { code },
  activities: { ...createActivities({ db: handle.db }), noop: async () => undefined },
  stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT_MS,
});
await serveUntilSignal(worker, 'ready', async () => {
  await connection.close();
  await handle.db.$disconnect();
});
