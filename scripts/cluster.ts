/**
 * The production topology on one machine (`npm run start:cluster`), the same pieces an operator runs
 * on several machines:
 *
 *   PostgreSQL     DATABASE_URL's server, or Debian's PostgreSQL started in DATA_DIR/postgres
 *   Temporal       go.temporal.io/server (scripts/provision-temporal-server.sh) on PostgreSQL:
 *                  databases `temporal` and `temporal_visibility`, schemas set up and upgraded at
 *                  every start (idempotent), configured by deploy/temporal/config.yaml
 *   namespace      created when missing
 *   workers        WORKERS processes of worker/main.ts (default 2)
 *   API            api/main.ts, serving the console
 *
 * Each piece is a supervised child process (lib/supervisor.ts) with its log in DATA_DIR/logs.
 * `startCluster` returns once every piece serves; `stop()` stops them in order within 10 s.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { ensureSearchAttributes } from '../worker/search-attributes.ts';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chownSync, constants, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { writeAudit } from '../activities/audit.ts';
import { hashPassword } from '../api/auth/password.ts';
import { isSeeded } from '../prisma/seed/index.ts';
import { createDb } from '../lib/db.ts';
import { migrate } from '../lib/migrate.ts';
import { embeddedTokenSecret } from '../lib/secrets.ts';
import { Supervisor, type Piece } from '../lib/supervisor.ts';
import { clientConnectionOptions, describeConnection, temporalConnectionSettings } from '../lib/temporal-connection.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPORAL_CONFIG = path.join(ROOT, 'deploy', 'temporal', 'config.yaml');
export const TEMPORAL_DYNAMIC_CONFIG = path.join(ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml');
const run = promisify(execFile);

// --- the server binaries ------------------------------------------------------------------------

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** holds postgresql/v12/temporal and postgresql/v12/visibility */
  schemaDir: string;
}

export function pinnedServerVersion(): { version: string; goToolchain: string } {
  const text = readFileSync(path.join(ROOT, 'deploy', 'temporal', 'versions.env'), 'utf8');
  const get = (key: string) => {
    const m = new RegExp(`^${key}=(\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`deploy/temporal/versions.env has no ${key}`);
    return m[1];
  };
  return { version: get('TEMPORAL_SERVER_VERSION'), goToolchain: get('TEMPORAL_SERVER_GOTOOLCHAIN') };
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function cacheDir(): string {
  return process.env.TEMPORAL_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'poverty-exit-engine');
}

/** The built server and schema tool: explicit paths first, then the cache; null when neither. */
export function findClusterBinaries(env: NodeJS.ProcessEnv = process.env): ClusterBinaries | null {
  if (env.TEMPORAL_SERVER_PATH) {
    const b = { server: env.TEMPORAL_SERVER_PATH, sqlTool: env.TEMPORAL_SQL_TOOL_PATH ?? '', schemaDir: env.TEMPORAL_SCHEMA_DIR ?? '' };
    if (!executable(b.server)) throw new Error(`TEMPORAL_SERVER_PATH=${b.server} is not an executable file`);
    if (!executable(b.sqlTool)) throw new Error('TEMPORAL_SQL_TOOL_PATH must name the schema tool (temporal-sql-tool) beside TEMPORAL_SERVER_PATH');
    if (!existsSync(path.join(b.schemaDir, 'postgresql', 'v12', 'temporal'))) throw new Error('TEMPORAL_SCHEMA_DIR must hold postgresql/v12/temporal beside TEMPORAL_SERVER_PATH');
    return b;
  }
  const dir = path.join(cacheDir(), `temporal-server-${pinnedServerVersion().version}`);
  if (!existsSync(path.join(dir, '.complete'))) return null;
  return { server: path.join(dir, 'bin', 'temporal-server'), sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'), schemaDir: path.join(dir, 'schema') };
}

/**
 * Finds the binaries, building them once (scripts/provision-temporal-server.sh) when missing; the
 * build's progress goes to `logFile`. An abort (a signal while starting) ends the build.
 */
export async function resolveClusterBinaries(log: (line: string) => void, logFile: string, signal?: AbortSignal): Promise<ClusterBinaries> {
  const found = findClusterBinaries();
  if (found) return found;
  log(`no Temporal server ${pinnedServerVersion().version} built yet: building it (about 3 minutes on 2 cores, cached in ${cacheDir()}; progress in ${logFile})`);
  const t = Date.now();
  const { code } = await runLogged('bash', [path.join(ROOT, 'scripts', 'provision-temporal-server.sh')], process.env, logFile, signal);
  if (code !== 0) throw new Error(`scripts/provision-temporal-server.sh failed (exit ${code}); see ${logFile}`);
  log(`built the Temporal server in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const built = findClusterBinaries();
  if (!built) throw new Error('scripts/provision-temporal-server.sh did not leave a server in the cache');
  return built;
}

// --- PostgreSQL ---------------------------------------------------------------------------------

export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function pgServerOf(url: string): PgServer {
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error('DATABASE_URL must be a postgresql:// URL for the cluster topology');
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password) };
}

export function pgUrl(s: PgServer, database: string): string {
  const auth = s.password ? `${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}` : encodeURIComponent(s.user);
  return `postgresql://${auth}@${s.host}:${s.port}/${database}`;
}

function redact(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

async function pgReachable(s: PgServer, database = 'postgres'): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl(s, database), connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database when missing (needs CREATEDB on an existing server). */
export async function ensureDatabase(s: PgServer, name: string): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name} must be lower-case letters, digits and _`);
  const client = new pg.Client({ connectionString: pgUrl(s, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${name}`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return false; // created meanwhile
    throw err;
  } finally {
    await client.end();
  }
}

function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error("PostgreSQL's server is not installed (apt-get install postgresql), and DATABASE_URL names no server");
  return path.join(base, versions[versions.length - 1], 'bin');
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null; // runs as whoever we are
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, PostgreSQL needs the postgres user (apt-get install postgresql creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** initdb once in `dir` (password auth, the password kept in DATA_DIR with mode 0600). */
function initLocalPostgres(dir: string, passwordFile: string): { uid?: number; gid?: number } {
  const owner = postgresUser();
  mkdirSync(dir, { recursive: true });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]);
    } catch {
      throw new Error(`PostgreSQL runs as the postgres user, who cannot write ${dir}: choose a DATA_DIR it can reach (e.g. under /var/lib or /tmp), or set DATABASE_URL`);
    }
  }
  const data = path.join(dir, 'data');
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    const pwfile = path.join(dir, 'initdb-password');
    writeFileSync(pwfile, readFileSync(passwordFile, 'utf8').trim(), { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      execFileSync(
        path.join(postgresBin(), 'initdb'),
        ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-local=scram-sha-256', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
        { stdio: ['ignore', 'ignore', 'pipe'], uid: owner?.uid, gid: owner?.gid },
      );
    } finally {
      writeFileSync(pwfile, '');
    }
  }
  return { uid: owner?.uid, gid: owner?.gid };
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// --- Temporal -----------------------------------------------------------------------------------

export interface TemporalPorts {
  frontend: number;
  http: number;
  history: number;
  matching: number;
  worker: number;
  membership: { frontend: number; history: number; matching: number; worker: number };
}

/** The server's ports from the frontend's: 7233 gives the usual 7233-7243 and 6933-6939. */
export function temporalPorts(frontend: number): TemporalPorts {
  return {
    frontend,
    http: frontend + 10,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    membership: { frontend: frontend - 300, history: frontend - 299, matching: frontend - 298, worker: frontend - 294 },
  };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function allPortsFree(ports: number[]): Promise<number[]> {
  const busy: number[] = [];
  for (const p of ports) if (!(await portFree(p))) busy.push(p);
  return busy;
}

function portList(p: TemporalPorts): number[] {
  return [p.frontend, p.http, p.history, p.matching, p.worker, ...Object.values(p.membership)];
}

/** A frontend port whose whole block (see temporalPorts) is free: for tests and parallel runs. */
export async function freeTemporalPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    // below Linux's ephemeral range (32768-60999), where outgoing connections would take ports
    const base = 20_400 + Math.floor(Math.random() * 12_000);
    if ((await allPortsFree(portList(temporalPorts(base)))).length === 0) return base;
  }
  throw new Error('no free block of ports for a Temporal server');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Creates Temporal's databases when missing, installs the base schema on an empty one and upgrades
 * it to the version the binaries ship (`temporal-sql-tool update-schema`): safe at every start.
 */
export async function setupTemporalSchema(bin: ClusterBinaries, s: PgServer, dbs: { temporal: string; visibility: string }, log: (line: string) => void): Promise<void> {
  for (const [db, schema] of [
    [dbs.temporal, 'temporal'],
    [dbs.visibility, 'visibility'],
  ] as const) {
    if (await ensureDatabase(s, db)) log(`created database ${db}`);
    const client = new pg.Client({ connectionString: pgUrl(s, db) });
    await client.connect();
    const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass('public.schema_version')::text AS t`);
    await client.end();
    const env = { ...process.env, SQL_PLUGIN: 'postgres12', SQL_HOST: s.host, SQL_PORT: String(s.port), SQL_USER: s.user, SQL_PASSWORD: s.password, SQL_DATABASE: db };
    const tool = async (args: string[]) => {
      try {
        await run(bin.sqlTool, args, { env, maxBuffer: 16 * 1024 * 1024 });
      } catch (err) {
        const e = err as { stderr?: string; stdout?: string; message: string };
        throw new Error(`temporal-sql-tool ${args.join(' ')} on ${db}: ${e.stderr || e.stdout || e.message}`, { cause: err });
      }
    };
    if (!rows[0].t) {
      await tool(['setup-schema', '-v', '0.0']);
      log(`set up the schema of ${db}`);
    }
    await tool(['update-schema', '-d', path.join(bin.schemaDir, 'postgresql', 'v12', schema, 'versioned')]);
  }
}

/** The environment deploy/temporal/config.yaml reads. */
export function temporalServerEnv(s: PgServer, dbs: { temporal: string; visibility: string }, ports: TemporalPorts, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    TEMPORAL_DB_HOST: s.host,
    TEMPORAL_DB_PORT: String(s.port),
    TEMPORAL_DB_USER: s.user,
    TEMPORAL_DB_PASSWORD: s.password,
    TEMPORAL_DB_NAME: dbs.temporal,
    TEMPORAL_VISIBILITY_DB_NAME: dbs.visibility,
    TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.http),
    TEMPORAL_HISTORY_PORT: String(ports.history),
    TEMPORAL_MATCHING_PORT: String(ports.matching),
    TEMPORAL_WORKER_PORT: String(ports.worker),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.membership.frontend),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.membership.history),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.membership.matching),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.membership.worker),
    TEMPORAL_DYNAMIC_CONFIG_FILE: TEMPORAL_DYNAMIC_CONFIG,
    ...extra,
  };
}

/** Ready when the frontend answers GetSystemInfo over the connection the clients use. */
export async function temporalServes(connectEnv: NodeJS.ProcessEnv, address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...clientConnectionOptions(connectEnv, address), connectTimeout: 2_000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Registers the namespace when missing, waits until the frontend knows it, and registers the search attributes. */
export async function ensureNamespace(connectEnv: NodeJS.ProcessEnv, address: string, namespace: string, retentionDays: number): Promise<boolean> {
  const connection = await Connection.connect(clientConnectionOptions(connectEnv, address));
  let created = false;
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== 5) throw err; // NOT_FOUND
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000) });
        created = true;
      } catch (e) {
        if ((e as { code?: number }).code !== 6) throw e; // ALREADY_EXISTS: registered meanwhile
      }
    }
    await waitUntil(
      () =>
        connection.workflowService.describeNamespace({ namespace }).then(
          () => true,
          () => false,
        ),
      `namespace ${namespace} to be known`,
      30_000,
      200,
    );
    // the processes' search attributes (ProcessType, RegionCode, ProcessStep, ProcessYear)
    await ensureSearchAttributes(connection, namespace);
    return created;
  } finally {
    await connection.close();
  }
}

// --- the whole topology -------------------------------------------------------------------------

export const SEED_CHOICES = ['demo', 'test', 'province', 'none'] as const;
export type SeedChoice = (typeof SEED_CHOICES)[number];

export interface ClusterOptions {
  dataDir: string;
  /** the app's database on an existing server; else Debian's PostgreSQL in dataDir/postgres */
  databaseUrl?: string;
  /** the server (and credentials) for Temporal's databases; default: databaseUrl's */
  temporalDbUrl?: string;
  temporalDbName?: string;
  temporalVisibilityDbName?: string;
  pgPort?: number;
  temporalPort?: number;
  apiPort?: number;
  workers?: number;
  namespace?: string;
  retentionDays?: number;
  /** default: `demo` on a local PostgreSQL's first start, `none` otherwise */
  seed?: SeedChoice;
  demoPassword?: string;
  jwtSecret?: string;
  /** the environment every child inherits (TLS settings, LOG_LEVEL, ...); default process.env */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** aborted (a signal while starting): the pieces started so far are stopped and the start fails */
  signal?: AbortSignal;
}

export interface RunningCluster {
  databaseUrl: string;
  temporalAddress: string;
  apiUrl: string;
  namespace: string;
  logDir: string;
  demoPassword?: string;
  supervisor: Supervisor;
  piece: (name: string) => Piece;
  workers: Piece[];
  /** seconds each phase took */
  timings: Record<string, number>;
  stop: () => Promise<void>;
}

export async function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string) => {
    timings[name] = (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  const dataDir = path.resolve(opts.dataDir);
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const say = opts.log ?? ((line: string) => console.log(`[cluster] ${line}`));
  const baseEnv = { ...(opts.env ?? process.env) };
  // what the children must not inherit from the caller: each gets its own below
  for (const k of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'PORT', 'NODE_OPTIONS']) delete baseEnv[k];
  const supervisor = new Supervisor(logDir, say, path.join(dataDir, 'cluster.json'));
  const namespace = opts.namespace ?? baseEnv.TEMPORAL_NAMESPACE ?? 'default';
  const workerCount = opts.workers ?? 2;
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > 64) throw new Error(`WORKERS must be an integer from 1 to 64, got ${workerCount}`);

  const stop = async () => {
    // the API and the workers (they drain), then Temporal, then PostgreSQL: within 10 s
    await supervisor.stop([
      { names: ['api', ...[...supervisor.pieces.keys()].filter((n) => n.startsWith('worker-'))], graceMs: 3_500 },
      { names: ['temporal'], graceMs: 2_500 },
      { names: ['postgres'], graceMs: 3_500 },
    ]);
  };

  const checkAbort = () => {
    if (opts.signal?.aborted) throw new Error('start aborted');
  };
  opts.signal?.addEventListener('abort', () => void stop());
  try {
    const binaries = await resolveClusterBinaries(say, path.join(logDir, 'provision.log'), opts.signal);
    phase('binaries');
    checkAbort();

    // PostgreSQL
    let appUrl: string;
    let localFirstStart = false;
    if (opts.databaseUrl) {
      appUrl = opts.databaseUrl;
      const server = pgServerOf(appUrl);
      await waitUntil(() => pgReachable(server), `PostgreSQL at ${server.host}:${server.port}`, 30_000, 500);
      const appDb = new URL(appUrl).pathname.slice(1) || 'postgres';
      if (await ensureDatabase(server, appDb)) say(`created database ${appDb}`);
    } else {
      const dir = path.join(dataDir, 'postgres');
      const passwordFile = path.join(dataDir, 'postgres-password');
      localFirstStart = !existsSync(path.join(dir, 'data', 'PG_VERSION'));
      const owner = initLocalPostgres(dir, passwordFile);
      const port = opts.pgPort ?? 54320;
      const server: PgServer = { host: '127.0.0.1', port, user: 'postgres', password: readFileSync(passwordFile, 'utf8').trim() };
      const busy = await allPortsFree([port]);
      if (busy.length) throw new Error(`port ${port} (PG_PORT) is in use`);
      supervisor.add({
        name: 'postgres',
        command: path.join(postgresBin(), 'postgres'),
        args: ['-D', path.join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
        env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
        uid: owner.uid,
        gid: owner.gid,
        stopSignal: 'SIGINT', // fast shutdown: rolls back open transactions, no waiting for clients
        ready: () => waitUntil(() => pgReachable(server), 'PostgreSQL to accept connections', 30_000),
        readyTimeoutMs: 60_000,
      });
      await supervisor.get('postgres').start();
      appUrl = pgUrl(server, 'poverty_exit');
      if (await ensureDatabase(server, 'poverty_exit')) say('created database poverty_exit');
    }
    say(`PostgreSQL: ${redact(appUrl)}`);
    phase('postgres');
    checkAbort();

    // the app's database: migrated (by the seed script when it seeds: it migrates first), and seeded on request
    const seedChoice: SeedChoice = opts.seed ?? (localFirstStart ? 'demo' : 'none');
    if (seedChoice === 'none') await migrate(appUrl);
    phase('migrate');
    checkAbort();
    let demoPassword = opts.demoPassword;
    let seededNow = false;
    if (seedChoice !== 'none') {
      demoPassword ??= randomBytes(9).toString('base64url');
      const { stdout, code } = await runLogged(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--scale', seedChoice], { ...baseEnv, DATABASE_URL: appUrl, DEMO_PASSWORD: demoPassword }, path.join(logDir, 'seed.log'), opts.signal);
      if (code === 2) {
        say('the database is seeded already: seeding skipped');
        demoPassword = opts.demoPassword;
      } else if (code !== 0) throw new Error(`seeding failed (exit ${code}); see ${path.join(logDir, 'seed.log')}`);
      else {
        seededNow = true;
        say(`seeded (${seedChoice}): ${stdout.split('\n').find((l) => l.startsWith('scale')) ?? ''}`);
      }
    }
    if (opts.demoPassword && !seededNow) await resetDemoPassword(appUrl, opts.demoPassword, say);
    phase('seed');
    checkAbort();

    // Temporal
    const temporalServer = opts.temporalDbUrl ? pgServerOf(opts.temporalDbUrl) : pgServerOf(appUrl);
    const dbs = { temporal: opts.temporalDbName ?? 'temporal', visibility: opts.temporalVisibilityDbName ?? 'temporal_visibility' };
    await setupTemporalSchema(binaries, temporalServer, dbs, say);
    phase('temporal-schema');
    checkAbort();
    const ports = temporalPorts(opts.temporalPort ?? 7233);
    const busy = await allPortsFree(portList(ports));
    if (busy.length) throw new Error(`Temporal's ports ${busy.join(', ')} are in use (TEMPORAL_PORT=${ports.frontend} uses ${portList(ports).join(', ')})`);
    const address = `127.0.0.1:${ports.frontend}`;
    supervisor.info.temporalAddress = address;
    supervisor.info.namespace = namespace;
    const connectEnv = baseEnv;
    temporalConnectionSettings(connectEnv, address); // refuses bad TLS settings before anything starts
    supervisor.add({
      name: 'temporal',
      command: binaries.server,
      args: ['--config-file', TEMPORAL_CONFIG, '--allow-no-auth', 'start'],
      cwd: ROOT,
      env: { ...baseEnv, ...temporalServerEnv(temporalServer, dbs, ports) },
      ready: () => waitUntil(() => temporalServes(connectEnv, address), `the Temporal server at ${address}`, 60_000, 200),
      readyTimeoutMs: 90_000,
    });
    await supervisor.get('temporal').start();
    phase('temporal-server');
    checkAbort();
    if (await ensureNamespace(connectEnv, address, namespace, opts.retentionDays ?? 7)) say(`created namespace ${namespace}`);
    phase('namespace');
    checkAbort();
    say(`Temporal: ${describeConnection(temporalConnectionSettings(connectEnv, address))}, namespace ${namespace}`);

    // workers and the API
    const childEnv = { ...baseEnv, DATABASE_URL: appUrl, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, DATA_DIR: dataDir };
    const workers: Piece[] = [];
    for (let i = 1; i <= workerCount; i++) {
      workers.push(
        supervisor.add({
          name: `worker-${i}`,
          command: process.execPath,
          args: ['--import', 'tsx', 'worker/main.ts'],
          cwd: ROOT,
          env: childEnv,
          ready: (p) => p.waitForLine(/^worker polling /).then(() => undefined),
          readyTimeoutMs: 180_000,
        }),
      );
    }
    await Promise.all(workers.map((w) => w.start()));
    phase('workers');
    checkAbort();
    const apiPort = opts.apiPort ?? 3000;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    supervisor.info.apiUrl = apiUrl;
    const jwtSecret = embeddedTokenSecret(dataDir, opts.jwtSecret);
    supervisor.add({
      name: 'api',
      command: process.execPath,
      args: ['--import', 'tsx', 'api/main.ts'],
      cwd: ROOT,
      env: { ...childEnv, PORT: String(apiPort), JWT_SECRET: jwtSecret },
      ready: () =>
        waitUntil(
          () =>
            fetch(`${apiUrl}/api/health`).then(
              (r) => r.status === 200,
              () => false,
            ),
          'the API to be healthy',
          60_000,
          200,
        ),
      readyTimeoutMs: 90_000,
    });
    await supervisor.get('api').start();
    phase('api');
    timings.total = (Date.now() - t0) / 1000;

    return {
      databaseUrl: appUrl,
      temporalAddress: address,
      apiUrl,
      namespace,
      logDir,
      demoPassword,
      supervisor,
      piece: (name) => supervisor.get(name),
      workers,
      timings,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** As `npm start` does: DEMO_PASSWORD given on a later start becomes the demo users' password (audited). */
async function resetDemoPassword(url: string, password: string, say: (line: string) => void): Promise<void> {
  const handle = createDb(url);
  try {
    if (!(await isSeeded(handle.db))) return;
    const { count } = await handle.db.user.updateMany({ where: { demo: true }, data: { passwordHash: await hashPassword(password) } });
    if (!count) return;
    await writeAudit(handle.db, { actor: { id: null, name: 'npm run start:cluster (DEMO_PASSWORD)' }, action: 'DEMO_PASSWORD_SET', targetType: 'USER', details: { demoUsers: true } });
    say(`DEMO_PASSWORD set for ${count} demo users`);
  } finally {
    await handle.db.$disconnect();
  }
}

/** Runs a command to completion, its output appended to a log; an abort sends it SIGTERM. */
async function runLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, signal?: AbortSignal): Promise<{ code: number; stdout: string }> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const abort = () => child.kill('SIGTERM');
  signal?.addEventListener('abort', abort);
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    log.write(b);
  });
  child.stderr.on('data', (b: Buffer) => log.write(b));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  signal?.removeEventListener('abort', abort);
  log.end();
  return { code, stdout };
}
