/** Builds a worker that runs every workflow of workflows/ with the kit's and every process's activities. */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKitActivities } from '../activities/index.ts';
import type { Db } from '../lib/db.ts';
import { PROCESSES, type ProcessDefinition } from '../processes/index.ts';

export const WORKFLOWS_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');

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

export interface WorkerDeps {
  db: Db;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** a prebuilt bundle (tests build it once); otherwise workflows/ is bundled at start */
  workflowBundle?: WorkerOptions['workflowBundle'];
  processes?: readonly ProcessDefinition[];
}

/**
 * How long a workflow task waits on this worker's sticky queue before the server hands it to any
 * worker. Short, so a worker that died (kill -9) delays the next decision of the workflows in its
 * cache by about this much, well inside the API's bound on a Temporal call (api/temporal.ts); the
 * SDK's default is 10 s.
 */
export const STICKY_SCHEDULE_TO_START = '2 seconds';

export function createWorker({ db, connection, namespace, taskQueue, workflowBundle, processes }: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    stickyQueueScheduleToStartTimeout: STICKY_SCHEDULE_TO_START,
    activities: createActivities({ db, processes }),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
