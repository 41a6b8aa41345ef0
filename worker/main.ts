/** Runs a worker alone (deployments with several workers): needs TEMPORAL_ADDRESS and DATABASE_URL. */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../lib/config.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { createWorker } from './index.ts';

const config = loadConfig();
// the SDK's own logs (bundler statistics, worker state) only from WARN up
Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
if (!config.temporalAddress) {
  console.error('TEMPORAL_ADDRESS is required to run the worker alone (npm start runs everything embedded)');
  process.exit(2);
}
const handle = createDb(config.databaseUrl);
await tuneSqlite(handle);
const connection = await NativeConnection.connect({ address: config.temporalAddress });
const worker = await createWorker({ db: handle.db, connection, namespace: config.temporalNamespace, taskQueue: config.taskQueue });
console.log(`worker polling ${config.taskQueue} on ${config.temporalAddress}`);
await worker.run(); // Worker installs SIGINT/SIGTERM handlers and drains before run() resolves
await connection.close();
await handle.db.$disconnect();
