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
import { seed } from '../../prisma/seed/index.ts';
import { createActivities } from '../../worker/index.ts';
import { freshDb, type Provider } from './db.ts';
import { inject } from './env.ts';

export const TEST_PASSWORD = 'test-demo-password';

export async function startStack(provider: Provider, opts: { loginRateLimit?: AppDeps['loginRateLimit']; adminDist?: string } = {}) {
  const handle = await freshDb(provider);
  await seed(handle, { scale: 'test', demoPassword: TEST_PASSWORD });
  const address = inject('temporalAddress');
  const taskQueue = `test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  let worker = await newWorker();
  let running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const deps: AppDeps = {
    db: handle.db,
    temporal: { client, taskQueue },
    logger: pino({ level: 'silent' }),
    tokenKey: secretKey('a-test-only-signing-key-of-32-characters!'),
    loginRateLimit: opts.loginRateLimit ?? { windowMs: 60_000, limit: 10_000 },
    adminDist: opts.adminDist,
  };
  const app = createApp(deps);

  function newWorker() {
    return Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ db: handle.db }),
    });
  }

  return {
    app,
    deps,
    db: handle.db,
    url: handle.url,
    provider,
    taskQueue,
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
