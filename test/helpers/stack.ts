/**
 * The real stack for API and browser tests: a fresh database seeded at the `test` scale, a worker
 * on the shared Temporal dev server with its own task queue, and the Express app.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createApp } from '../../api/app.ts';
import { secretKey } from '../../api/auth/tokens.ts';
import type { AppDeps } from '../../api/context.ts';
import { google } from '@temporalio/proto';
import { ensureSearchAttributes } from '../../worker/search-attributes.ts';
import { seed } from '../../prisma/seed/index.ts';
import { createActivities, STICKY_QUEUE_TIMEOUT_MS } from '../../worker/index.ts';
import { freshDb, type Provider } from './db.ts';
import { inject } from './env.ts';

export const TEST_PASSWORD = 'test-demo-password';

export async function startStack(provider: Provider, opts: { loginRateLimit?: AppDeps['loginRateLimit']; adminDist?: string; processes?: AppDeps['processes'] } = {}) {
  const handle = await freshDb(provider);
  await seed(handle, { scale: 'test', demoPassword: TEST_PASSWORD });
  const address = inject('temporalAddress');
  const taskQueue = `test-${randomUUID()}`;
  // a namespace per stack: the stacks of one run share the dev server and their seeded ids (so the
  // deterministic workflow ids of their processes) are the same
  const namespace = `t-${randomUUID()}`;
  const connection = await Connection.connect({ address });
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: google.protobuf.Duration.fromObject({ seconds: 86_400 }) });
  await ensureSearchAttributes(connection, namespace);
  const client = new Client({ connection, namespace });
  const nativeConnection = await NativeConnection.connect({ address });
  let worker = await newWorker();
  let running = worker.run();
  const deps: AppDeps = {
    db: handle.db,
    temporal: { client, taskQueue, namespace, uiUrl: 'http://127.0.0.1:8233' },
    logger: pino({ level: 'silent' }),
    tokenKey: secretKey('a-test-only-signing-key-of-32-characters!'),
    loginRateLimit: opts.loginRateLimit ?? { windowMs: 60_000, limit: 10_000 },
    adminDist: opts.adminDist,
    processes: opts.processes,
  };
  const app = createApp(deps);

  function newWorker() {
    return Worker.create({
      connection: nativeConnection,
      namespace,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ db: handle.db, processes: opts.processes }),
      stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT_MS,
    });
  }

  return {
    app,
    deps,
    db: handle.db,
    url: handle.url,
    provider,
    taskQueue,
    namespace,
    client,
    address,
    /** stops the in-process worker (the test then runs its own, e.g. in a child process) */
    async stopWorker() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
    async restartWorker() {
      worker = await newWorker();
      running = worker.run();
    },
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      await nativeConnection.close();
      await handle.drop();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
export { randomUUID };
