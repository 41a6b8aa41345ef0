/**
 * Runs the API alone (deployments with separate workers): needs TEMPORAL_ADDRESS and JWT_SECRET.
 * Listens on HOST:PORT (default 127.0.0.1:3000); a port that is taken ends it with exit code 1.
 * SIGTERM or SIGINT drains in-flight requests (bounded, lib/shutdown.ts) and exits 0.
 */
import { Client, Connection } from '@temporalio/client';
import { clientConnectionOptions } from '../lib/temporal-connection.ts';
import { pino } from 'pino';
import { loadConfig } from '../lib/config.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { createLifecycle, failStart } from '../lib/shutdown.ts';
import { secretKey } from './auth/tokens.ts';
import { listen } from './server.ts';

const lifecycle = createLifecycle('api');

async function main() {
  const config = loadConfig();
  if (!config.temporalAddress || !config.jwtSecret) {
    throw new Error('TEMPORAL_ADDRESS and JWT_SECRET are required to run the API alone (npm start runs everything embedded)');
  }
  const logger = pino({ level: config.logLevel });
  const handle = createDb(config.databaseUrl);
  lifecycle.add('database', () => handle.db.$disconnect());
  await tuneSqlite(handle);
  // not closed explicitly: pending gRPC retries of a health check would throw on a closed channel
  const connection = await Connection.connect(clientConnectionOptions(process.env, config.temporalAddress));
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const api = await listen({ db: handle.db, temporal: { client, taskQueue: config.taskQueue, namespace: config.temporalNamespace, uiUrl: config.temporalUiUrl ?? null, callTimeoutMs: config.temporalCallTimeoutMs }, logger, tokenKey: secretKey(config.jwtSecret) }, config.port, config.host);
  lifecycle.add('API', async () => {
    const { cut } = await api.close();
    if (cut) logger.warn(`${cut} connection(s) still busy after the drain limit were closed`);
  });
  logger.info(`API listening on ${api.listeningOn}: ${api.url} (PID ${process.pid})`);
}

try {
  await main();
} catch (err) {
  await failStart('api', err, lifecycle);
}
