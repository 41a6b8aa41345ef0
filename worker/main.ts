/**
 * Runs a worker alone (deployments with several workers): needs TEMPORAL_ADDRESS and DATABASE_URL.
 * SIGTERM or SIGINT drains it (running activities get SHUTDOWN_LIMITS.workerGraceMs) and exits 0.
 */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../lib/config.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { createLifecycle, failStart } from '../lib/shutdown.ts';
import { installTemporalRuntime } from '../lib/temporal-runtime.ts';
import { runWorker } from '../lib/worker-run.ts';
import { createWorker } from './index.ts';
import { nativeConnectionOptions } from '../lib/temporal-connection.ts';

const lifecycle = createLifecycle('worker');

async function main() {
  installTemporalRuntime();
  const config = loadConfig();
  if (!config.temporalAddress) throw new Error('TEMPORAL_ADDRESS is required to run the worker alone (npm start runs everything embedded)');
  const handle = createDb(config.databaseUrl);
  lifecycle.add('database', () => handle.db.$disconnect());
  await tuneSqlite(handle);
  const connection = await NativeConnection.connect(nativeConnectionOptions(process.env, config.temporalAddress));
  lifecycle.add('Temporal connection', () => connection.close());
  const worker = await createWorker({ db: handle.db, connection, namespace: config.temporalNamespace, taskQueue: config.taskQueue });
  runWorker(worker, lifecycle, (line) => console.error(`[worker] ${line}`));
  console.log(`worker polling ${config.taskQueue} on ${config.temporalAddress} (PID ${process.pid})`);
}

try {
  await main();
} catch (err) {
  await failStart('worker', err, lifecycle);
}
