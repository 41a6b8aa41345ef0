/**
 * The body of `npm start` (scripts/start.ts), loaded once the data folder's lock is held: migrates and
 * seeds the database, starts the supervised Temporal dev server (unless TEMPORAL_ADDRESS is set),
 * the worker and the API, registering each with the lifecycle that stops them in reverse order.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { hashPassword } from '../api/auth/password.ts';
import { secretKey } from '../api/auth/tokens.ts';
import { listen } from '../api/server.ts';
import { writeAudit } from '../activities/audit.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { startDevServer, type RunningDevServer } from '../lib/dev-server.ts';
import type { InstanceInfo, InstanceLock } from '../lib/instance-lock.ts';
import { migrate } from '../lib/migrate.ts';
import { embeddedTokenSecret } from '../lib/secrets.ts';
import type { Lifecycle } from '../lib/shutdown.ts';
import { installTemporalRuntime } from '../lib/temporal-runtime.ts';
import type { AppConfig } from '../lib/config.ts';
import { runWorker } from '../lib/worker-run.ts';
import { isSeeded, seed } from '../prisma/seed/index.ts';
import { createWorker } from '../worker/index.ts';
import { ensureSearchAttributes } from '../worker/search-attributes.ts';
import { clientConnectionOptions, nativeConnectionOptions } from '../lib/temporal-connection.ts';

const say = (line: string) => console.log(line);

/** A dev server left running by an `npm start` that was killed (kill -9): stopped before ours starts. */
async function stopLeftoverDevServer(previous: InstanceInfo | null, dataDir: string): Promise<void> {
  const pid = previous?.temporalPid;
  if (!pid || !existsSync(`/proc/${pid}/cmdline`)) return;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (!cmdline.includes('start-dev') || !cmdline.includes(path.join(dataDir, 'temporal.db'))) return;
  say(`[start] stopping the Temporal dev server (PID ${pid}) left behind by the previous start`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

export async function startSystem(config: AppConfig, lock: InstanceLock, lifecycle: Lifecycle, started: number): Promise<void> {
  installTemporalRuntime();
  const logger = pino({ level: config.logLevel });
  if (!config.temporalAddress) await stopLeftoverDevServer(lock.previous, config.dataDir);

  say(`[start] database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  await migrate(config.databaseUrl);
  const handle = createDb(config.databaseUrl);
  lifecycle.add('database', () => handle.db.$disconnect());
  await tuneSqlite(handle);

  let demoPassword = config.demoPassword;
  if (!(await isSeeded(handle.db))) {
    demoPassword ??= randomBytes(9).toString('base64url');
    say('[start] first start: seeding the demo province (real Hunan divisions, generated villages and households)');
    const summary = await seed(handle, { scale: 'demo', demoPassword });
    say(`[start] seeded ${summary.households} households, ${summary.cadres} cadres in ${summary.seconds.toFixed(1)} s`);
  } else if (demoPassword) {
    // DEMO_PASSWORD given on a later start: it becomes the demo users' password
    await handle.db.user.updateMany({ where: { demo: true }, data: { passwordHash: await hashPassword(demoPassword) } });
    await writeAudit(handle.db, { actor: { id: null, name: 'npm start (DEMO_PASSWORD)' }, action: 'DEMO_PASSWORD_SET', targetType: 'USER', details: { demoUsers: true } });
  }

  let devServer: RunningDevServer | null = null;
  let address = config.temporalAddress;
  if (!address) {
    const server = await startDevServer({
      dataDir: config.dataDir,
      port: config.temporalPort,
      uiPort: config.temporalUiPort,
      supervise: true,
      report: (line) => {
        say(line);
        lock.update({ temporalPid: devServer?.pid ?? null });
      },
    });
    devServer = server;
    lifecycle.add('Temporal dev server', () => server.stop());
    lock.update({ temporalPid: server.pid, temporalUi: server.uiUrl });
    address = server.address;
  }

  // The client connection is not closed explicitly: the gRPC retries of a health check that gave up
  // may still be pending, and their timers throw on a closed channel. Exiting closes it.
  // TLS and API key settings (TEMPORAL_TLS_*, TEMPORAL_API_KEY) apply to a cluster, not to our own dev server
  const connection = await Connection.connect(devServer ? { address } : clientConnectionOptions(process.env, address));
  // the processes' search attributes (ProcessType, RegionCode, ProcessStep, ProcessYear)
  const added = await ensureSearchAttributes(connection, config.temporalNamespace).catch((err: Error) => {
    say(`[start] could not register the search attributes (${err.message}); see the README's production section`);
    return [];
  });
  if (added.length) say(`[start] registered search attributes ${added.join(', ')}`);
  const nativeConnection = await NativeConnection.connect(devServer ? { address } : nativeConnectionOptions(process.env, address));
  lifecycle.add('worker connection', () => nativeConnection.close());
  const worker = await createWorker({ db: handle.db, connection: nativeConnection, namespace: config.temporalNamespace, taskQueue: config.taskQueue });
  runWorker(worker, lifecycle, (line) => say(`[start] ${line}`));

  const client = new Client({ connection, namespace: config.temporalNamespace });
  const tokenKey = secretKey(embeddedTokenSecret(config.dataDir, config.jwtSecret));
  const api = await listen({ db: handle.db, temporal: { client, taskQueue: config.taskQueue, namespace: config.temporalNamespace, uiUrl: config.temporalUiUrl ?? devServer?.uiUrl ?? null, callTimeoutMs: config.temporalCallTimeoutMs }, logger, tokenKey }, config.port, config.host);
  lifecycle.add('API', async () => {
    const { cut } = await api.close();
    if (cut) say(`[start] ${cut} connection(s) still busy after the drain limit were closed`);
  });
  lock.update({ api: api.listeningOn });

  const demoUsers = await handle.db.user.findMany({ where: { demo: true }, orderBy: { username: 'asc' } });
  say('');
  say(`Console:        ${api.url}/  (listening on ${api.listeningOn})`);
  say(`API:            ${api.url}/api  (OpenAPI: ${api.url}/api/openapi.json)`);
  say(`Temporal:       ${address}${devServer?.uiUrl ? `  (Web UI: ${devServer.uiUrl})` : ''}`);
  say(`Demo users:     ${demoUsers.map((u) => `${u.username} (${u.role}, ${u.regionId})`).join(', ')}`);
  say(`Demo password:  ${demoPassword ?? '(unchanged since first start; set DEMO_PASSWORD to reset it)'}`);
  say(`Started in ${((Date.now() - started) / 1000).toFixed(1)} s (PID ${process.pid}). Ctrl-C or SIGTERM stops everything.`);
}

