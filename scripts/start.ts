/**
 * `npm start`: the whole system on its embedded defaults — migrates the SQLite database under
 * DATA_DIR, seeds the demo province on first start, starts the Temporal dev server persisted under
 * DATA_DIR (unless TEMPORAL_ADDRESS is set), the worker, and the API serving the console.
 * Ctrl-C stops everything cleanly.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { secretKey } from '../api/auth/tokens.ts';
import { listen } from '../api/server.ts';
import { loadConfig } from '../lib/config.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { startDevServer, type RunningDevServer } from '../lib/dev-server.ts';
import { migrate } from '../lib/migrate.ts';
import { embeddedTokenSecret } from '../lib/secrets.ts';
import { createWorker } from '../worker/index.ts';
import { isSeeded, seed } from '../prisma/seed/index.ts';
import { hashPassword } from '../api/auth/password.ts';
import { writeAudit } from '../activities/audit.ts';

const started = Date.now();
// the SDK's own logs (bundler statistics, worker state) only from WARN up
Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
const config = loadConfig();
const logger = pino({ level: config.logLevel });
mkdirSync(config.dataDir, { recursive: true });

console.log(`[start] database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
await migrate(config.databaseUrl);
const handle = createDb(config.databaseUrl);
await tuneSqlite(handle);

let demoPassword = config.demoPassword;
if (!(await isSeeded(handle.db))) {
  demoPassword ??= randomBytes(9).toString('base64url');
  console.log('[start] first start: seeding the demo province (real Hunan divisions, generated villages and households)');
  const summary = await seed(handle, { scale: 'demo', demoPassword });
  console.log(`[start] seeded ${summary.households} households, ${summary.cadres} cadres in ${summary.seconds.toFixed(1)} s`);
} else if (demoPassword) {
  // DEMO_PASSWORD given on a later start: it becomes the demo users' password
  await handle.db.user.updateMany({ where: { demo: true }, data: { passwordHash: await hashPassword(demoPassword) } });
  await writeAudit(handle.db, { actor: { id: null, name: 'npm start (DEMO_PASSWORD)' }, action: 'DEMO_PASSWORD_SET', targetType: 'USER', details: { demoUsers: true } });
}

let devServer: RunningDevServer | null = null;
let address = config.temporalAddress;
if (!address) {
  const port = Number(process.env.TEMPORAL_PORT ?? 7233);
  devServer = await startDevServer({ dataDir: config.dataDir, port, uiPort: Number(process.env.TEMPORAL_UI_PORT ?? port + 1000) });
  address = devServer.address;
}
const nativeConnection = await NativeConnection.connect({ address });
const worker = await createWorker({ db: handle.db, connection: nativeConnection, namespace: config.temporalNamespace, taskQueue: config.taskQueue });
const workerRun = worker.run();
const connection = await Connection.connect({ address });
const client = new Client({ connection, namespace: config.temporalNamespace });
const tokenKey = secretKey(embeddedTokenSecret(config.dataDir, config.jwtSecret));
const api = await listen({ db: handle.db, temporal: { client, taskQueue: config.taskQueue }, logger, tokenKey }, config.port);

const demoUsers = await handle.db.user.findMany({ where: { demo: true }, orderBy: { username: 'asc' } });
console.log('');
console.log(`Console:        ${api.url}/`);
console.log(`API:            ${api.url}/api  (OpenAPI: ${api.url}/api/openapi.json)`);
console.log(`Temporal:       ${address}${devServer?.uiUrl ? `  (Web UI: ${devServer.uiUrl})` : ''}`);
console.log(`Demo users:     ${demoUsers.map((u) => `${u.username} (${u.role}, ${u.regionId})`).join(', ')}`);
console.log(`Demo password:  ${demoPassword ?? '(unchanged since first start; set DEMO_PASSWORD to reset it)'}`);
console.log(`Started in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n[start] ${signal}: stopping API, worker, Temporal`);
  await api.close();
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await workerRun.catch(() => undefined);
  await connection.close();
  await nativeConnection.close();
  await devServer?.stop();
  await handle.db.$disconnect();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
