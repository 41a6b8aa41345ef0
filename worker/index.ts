/** Builds a worker that runs every workflow of workflows/ with the activities of activities/. */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities/index.ts';
import type { Db } from '../lib/db.ts';
import { SHUTDOWN_LIMITS } from '../lib/shutdown.ts';

export const WORKFLOWS_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');

/**
 * How long a workflow task waits on the sticky queue of the worker that ran the workflow last
 * before it goes to the shared queue, where any worker takes it (replaying the history). The SDK's
 * default, 10 s, is what one decision waited when the worker holding the workflow had been killed
 * (kill -9, a crashed host). 3 s bounds that wait, and stays far above the time a live worker takes
 * to pick up a sticky task (milliseconds); a worker slower than that only costs one history replay
 * elsewhere. Replays are cheap here: a return-to-poverty history has a few dozen events.
 *
 * Not covered by this setting: a task the server hands to the dead worker's last open poll (a
 * decision in the instant after the crash, or a host gone without closing its connections) waits
 * for the workflow task timeout, a per-workflow setting left at its 10 s default.
 */
export const STICKY_QUEUE_TIMEOUT_MS = 3_000;

export interface WorkerDeps {
  db: Db;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** a prebuilt bundle (tests build it once); otherwise workflows/ is bundled at start */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createWorker({ db, connection, namespace, taskQueue, workflowBundle }: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities({ db }),
    stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT_MS,
    // a shutdown lets running activities finish for a moment, then gives up on a worker that hangs
    shutdownGraceTime: SHUTDOWN_LIMITS.workerGraceMs,
    shutdownForceTime: SHUTDOWN_LIMITS.workerForceMs,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
