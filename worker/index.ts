/** Builds a worker that runs every workflow of workflows/ with the kit's and every process's activities. */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKitActivities } from '../activities/index.ts';
import type { Db } from '../lib/db.ts';
import { SHUTDOWN_LIMITS } from '../lib/shutdown.ts';
import { PROCESSES, type ProcessDefinition } from '../processes/index.ts';

/** The kit's activities and those of each registered process (a name defined twice is refused). */
export function createActivities({ db, processes = PROCESSES }: { db: Db; processes?: readonly ProcessDefinition[] }) {
  const all: Record<string, unknown> = {};
  Object.assign(all, createKitActivities({ db, lookup: (name) => all[name] as ((input: Record<string, unknown>) => Promise<unknown>) | undefined }));
  for (const p of processes) {
    for (const [name, fn] of Object.entries(p.activities({ db }))) {
      if (name in all) throw new Error(`activity ${name} of process ${p.type} is already defined`);
      all[name] = fn;
    }
  }
  return all as WorkerOptions['activities'];
}

export const WORKFLOWS_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');

/**
 * How long a workflow task waits on the sticky queue of the worker that ran the workflow last
 * before it goes to the shared queue, where any worker takes it (replaying the history). The SDK's
 * default, 10 s, is what one decision waited when the worker holding the workflow had been killed
 * (kill -9, a crashed host). 2 s bounds that wait, well inside the API's 5 s bound on a Temporal
 * call (api/temporal.ts), and stays far above the time a live worker takes
 * to pick up a sticky task (milliseconds); a worker slower than that only costs one history replay
 * elsewhere. Replays are cheap here: a return-to-poverty history has a few dozen events.
 *
 * Not covered by this setting: a task the server hands to the dead worker's last open poll (a
 * decision in the instant after the crash, or a host gone without closing its connections) waits
 * for the workflow task timeout, a per-workflow setting left at its 10 s default.
 */
export const STICKY_QUEUE_TIMEOUT_MS = 2_000;

export interface WorkerDeps {
  db: Db;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** a prebuilt bundle (tests build it once); otherwise workflows/ is bundled at start */
  workflowBundle?: WorkerOptions['workflowBundle'];
  processes?: readonly ProcessDefinition[];
}

export function createWorker({ db, connection, namespace, taskQueue, workflowBundle, processes }: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities({ db, processes }),
    stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT_MS,
    // a shutdown lets running activities finish for a moment, then gives up on a worker that hangs
    shutdownGraceTime: SHUTDOWN_LIMITS.workerGraceMs,
    shutdownForceTime: SHUTDOWN_LIMITS.workerForceMs,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
