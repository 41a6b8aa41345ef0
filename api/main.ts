/** Runs the API alone (deployments with separate workers): needs TEMPORAL_ADDRESS and JWT_SECRET. */
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { loadConfig } from '../lib/config.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { secretKey } from './auth/tokens.ts';
import { listen } from './server.ts';

const config = loadConfig();
if (!config.temporalAddress || !config.jwtSecret) {
  console.error('TEMPORAL_ADDRESS and JWT_SECRET are required to run the API alone (npm start runs everything embedded)');
  process.exit(2);
}
const logger = pino({ level: config.logLevel });
const handle = createDb(config.databaseUrl);
await tuneSqlite(handle);
const connection = await Connection.connect({ address: config.temporalAddress });
const client = new Client({ connection, namespace: config.temporalNamespace });
const api = await listen(
  { db: handle.db, temporal: { client, taskQueue: config.taskQueue }, logger, tokenKey: secretKey(config.jwtSecret) },
  config.port,
);
logger.info(`API listening on ${api.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await api.close();
    await connection.close();
    await handle.db.$disconnect();
    process.exit(0);
  });
}
