/**
 * `npm run bench:exit -- --scale demo|province [--target embedded|postgres] [--workers N]` — the
 * yearly exit verification (年度脱贫退出核查) of a whole province, end to end, against its floor on
 * the same Temporal server in the same run. Not part of `npm test`.
 *
 * 1. Seeds the scale into a throw-away database: a SQLite file (`embedded`, with the Temporal CLI's
 *    dev server as `npm start` runs it) or a PostgreSQL database (`postgres`, with the real Temporal
 *    server on PostgreSQL as scripts/bench-servers.ts starts it; `bash scripts/start-postgres.sh`
 *    or TEST_PG_URL gives the PostgreSQL server).
 * 2. Runs the API (api/main.ts) and `--workers` worker processes (worker/main.ts) as separate
 *    processes, so that their peak memory can be read from /proc/<pid>/status (VmHWM).
 * 3. Creates bot users, one per role and level so that four-eyes holds, and signs them in through
 *    POST /api/auth/login; launches the 2016 cycle for the province (43) through POST /api/cycles
 *    with durations in seconds (notices 7 s, task due dates long enough never to remind).
 * 4. Drives it to completion only through the API, in bulk: polls the cycle's open tasks (pages of
 *    1,000), acknowledges every candidate of the villages in appraisal (bulk acknowledgements),
 *    uploads each county's findings as one CSV before its survey step, decides tasks with
 *    POST /api/tasks/decisions (≤ 1,000 ids a call). No objection is filed, no finding disputed.
 * 5. Baseline: the same tree of child workflows with, per workflow, the same no-op remote and local
 *    activities, notice sleeps and update round trips as its real history shows (bench/exit-baseline.ts),
 *    driven the same way (same poll interval, same bulk size and concurrency) through the Temporal
 *    client, on the same server, by as many worker processes. Prints the ratios.
 */
import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword } from '../api/auth/password.ts';
import { baselineCycleWorkflow, baselineStepUpdate, type BaselineCycle, type Op } from '../bench/exit-baseline.ts';
import { mapBounded } from '../lib/bounded.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { startDevServer } from '../lib/dev-server.ts';
import { migrate } from '../lib/migrate.ts';
import { seed, type SeedScale } from '../prisma/seed/index.ts';
import { ensureSearchAttributes } from '../worker/search-attributes.ts';
import { cpuSeconds, realServer } from './bench-servers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'demo' },
    target: { type: 'string', default: 'embedded' },
    workers: { type: 'string', default: '1' },
    'poll-ms': { type: 'string', default: '250' },
    'skip-baseline': { type: 'boolean', default: false },
    /** stop driving after this many minutes and print how far the cycle got and its rates */
    'max-minutes': { type: 'string', default: '0' },
  },
});
const SCALE = args.scale as SeedScale;
if (SCALE !== 'demo' && SCALE !== 'province' && SCALE !== 'test') throw new Error(`--scale demo|province (or test, a smoke run), not ${args.scale}`);
const TARGET = args.target as 'embedded' | 'postgres';
if (TARGET !== 'embedded' && TARGET !== 'postgres') throw new Error(`--target embedded|postgres, not ${args.target}`);
const WORKERS = Number(args.workers);
if (!Number.isInteger(WORKERS) || WORKERS < 1 || WORKERS > 8) throw new Error('--workers 1..8');
const POLL_MS = Number(args['poll-ms']);
const MAX_MS = Number(args['max-minutes']) * 60_000;
/** SIGUSR2: stop driving now, as when --max-minutes is reached */
let stopRequested = false;
process.on('SIGUSR2', () => (stopRequested = true));
/** bulk calls (of ≤ 1,000 decisions each, 16 at a time inside the API) in flight at once */
const BULK_PARALLEL = 2;
/** the API's own bound inside one bulk decision (api/tasks/router.ts BULK_CONCURRENCY) */
const API_BULK_CONCURRENCY = 16;
const PAGE = 1000;
const YEAR = 2016;
const PROVINCE = '43';
const PASSWORD = 'bench-password-123';

const report: string[] = [];
const say = (line = '') => {
  report.push(line);
  console.log(line);
};
const log = (line: string) => console.error(`[bench:exit ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// processes

const children: ChildProcess[] = [];
/**
 * BENCH_CPU_PROFILE_DIR=<dir>: every process the bench starts (API, workers) writes a CPU profile of
 * each of its threads there when it stops (node --cpu-prof), for Chrome DevTools or speedscope.
 */
const nodeArgs = (script: string) => [...(process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : []), '--import', 'tsx', script];
function startNode(name: string, script: string, env: Record<string, string>, logDir: string, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, nodeArgs(script), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = createWriteStream(path.join(logDir, `${name}.log`));
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4000);
      if (ready.test(seen)) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready: ${seen.slice(-1500)}`)));
  });
}

function startNodeUnready(name: string, script: string, env: Record<string, string>, logDir: string): ChildProcess {
  const child = spawn(process.execPath, nodeArgs(script), { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = createWriteStream(path.join(logDir, `${name}.log`));
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/**
 * CPU seconds used so far by each named process (this driver included): read at the start and the
 * end of a run, the difference says where the machine's CPU went.
 */
function cpuNow(pids: Record<string, number | null | undefined>): Record<string, number> {
  const own = process.cpuUsage();
  const out: Record<string, number> = { driver: (own.user + own.system) / 1e6 };
  for (const [name, pid] of Object.entries(pids)) {
    const s = cpuSeconds(pid);
    if (s !== null) out[name] = s;
  }
  return out;
}
function cpuLine(before: Record<string, number>, after: Record<string, number>, wallMs: number): string {
  const used = Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)] as const);
  const total = used.reduce((n, [, v]) => n + v, 0);
  return `${used.map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}; ${total.toFixed(1)} s in all, ${((100 * total) / (wallMs / 1000)).toFixed(0)} % of one core over the run (${os.cpus().length} cores)`;
}

/** Peak resident set (VmHWM) of a running process, in MB. */
function peakRssMb(pid: number | undefined): number {
  if (!pid || !existsSync(`/proc/${pid}/status`)) return NaN;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// the HTTP API as the bots use it

/** A JSON answer of the API, read field by field by the driver (the API's own schemas validate it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

class Api {
  calls = 0;
  retries = 0;
  constructor(readonly base: string) {}
  async request(token: string | null, method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json; headers: Headers }> {
    this.calls++;
    let res: Response;
    for (let attempt = 1; ; attempt++) {
      try {
        res = await fetch(this.base + p, {
          method,
          headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': contentType },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        break;
      } catch (err) {
        // a kept-alive connection closed by the server as it was reused (ECONNRESET): every call of
        // the driver may be sent again (a decision twice is 409, an acknowledgement is idempotent)
        this.retries++;
        if (attempt >= 3) throw err;
        await sleepMs(200);
      }
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
  async login(username: string): Promise<string> {
    const r = await this.request(null, 'POST', '/api/auth/login', { username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  }
  /** every row of a list, in pages of 1,000 */
  async list(token: string, resource: string, filter: Record<string, unknown>, sort: [string, string] = ['id', 'ASC']): Promise<Json[]> {
    const rows: Json[] = [];
    for (let start = 0; ; start += PAGE) {
      const q = `filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent(JSON.stringify([start, start + PAGE - 1]))}&sort=${encodeURIComponent(JSON.stringify(sort))}`;
      const r = await this.request(token, 'GET', `/api/${resource}?${q}`);
      if (r.status !== 200) throw new Error(`GET ${resource}: ${r.status} ${JSON.stringify(r.body)}`);
      rows.push(...r.body);
      const total = Number(/\/(\d+)$/.exec(r.headers.get('content-range') ?? '')?.[1] ?? 0);
      if (r.body.length < PAGE || start + PAGE >= total) return rows;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// bots: one per role and level (four-eyes: one person decides at most one level of a process)

interface Bot {
  username: string;
  role: string;
  regionId: string;
  /** the steps this bot decides */
  steps: string[];
  token?: string;
}
const BOTS: Bot[] = [
  // the work team's role with a province scope, so that one bot can act for every village
  { username: 'bench.village', role: 'FIRST_SECRETARY', regionId: PROVINCE, steps: ['village-appraisal'] },
  { username: 'bench.township', role: 'SUPERVISOR', regionId: PROVINCE, steps: ['township-check', 'village-exit-proposal', 'objection-reverification'] },
  { username: 'bench.county', role: 'SUPERVISOR', regionId: PROVINCE, steps: ['village-exit-review', 'village-objection-reverification'] },
  { username: 'bench.county.operator', role: 'COUNTY_OPERATOR', regionId: PROVINCE, steps: ['county-application', 'county-dispute'] },
  { username: 'bench.city', role: 'SUPERVISOR', regionId: PROVINCE, steps: ['city-review', 'county-objection-reverification'] },
  { username: 'bench.evaluator', role: 'EVALUATOR', regionId: PROVINCE, steps: ['third-party-survey'] },
  { username: 'bench.province', role: 'SUPERVISOR', regionId: PROVINCE, steps: ['province-verification', 'dispute-review'] },
  { username: 'bench.office', role: 'OFFICE', regionId: PROVINCE, steps: ['province-approval'] },
];
const PAYLOAD: Record<string, Record<string, string | number>> = {
  'village-appraisal': { appraisalDate: '2016-11-20', participants: 36, minutes: '村民代表会议民主评议，拟退出户名单无异议（基准测试）' },
  'county-application': { report: '本县贫困发生率已降至标准以下，申请摘帽（基准测试）' },
};

// ---------------------------------------------------------------------------------------------
// the run

interface Target {
  name: string;
  address: string;
  databaseUrl: string;
  /** the Temporal server's process (its CPU is read from /proc) */
  pid: number | null;
  stop: () => Promise<void>;
}

async function startTarget(dir: string): Promise<Target> {
  if (TARGET === 'embedded') {
    const dev = await startDevServer({ port: 17_800 + Math.floor(Math.random() * 1000) });
    return { name: `embedded: the Temporal CLI dev server as npm start runs it (${dev.address}), SQLite app database`, address: dev.address, databaseUrl: `file:${path.join(dir, 'app.db')}`, pid: dev.pid, stop: () => dev.stop() };
  }
  const base = process.env.TEST_PG_URL ?? execFileSync('bash', [path.join(ROOT, 'scripts', 'start-postgres.sh')], { encoding: 'utf8' }).trim();
  const name = `bench_exit_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const real = await realServer();
  return {
    name: `postgres: go.temporal.io/server on PostgreSQL (deploy/temporal/, ${real.address}), PostgreSQL app database`,
    address: real.address,
    databaseUrl: url.toString(),
    pid: real.pid,
    stop: async () => {
      await real.stop();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

interface RealFigures {
  t0: number;
  totalMs: number;
  stages: Record<string, number>;
  decisions: number;
  decisionFailures: number;
  acknowledgements: number;
  csvRows: number;
  apiCalls: number;
  exited: number;
  deregistrationMs: number;
  workflows: number;
  workflowsStartMs: number;
  largest: { workflowId: string; events: number };
  events: number;
  rss: Record<string, number>;
  outcomes: Record<string, unknown>;
  progress: Record<string, unknown>;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-exit-'));
  log(`working in ${dir}`);
  const target = await startTarget(dir);
  // on, not once: a second signal while cleaning up (npm and tsx pass theirs on too) must not kill
  // this process before it has stopped the server and removed its folder; cleanup runs once
  process.on('SIGINT', () => void cleanup(target, dir).then(() => process.exit(130)));
  process.on('SIGTERM', () => void cleanup(target, dir).then(() => process.exit(143)));
  try {
    await run(target, dir);
  } finally {
    await cleanup(target, dir);
  }
}

/** once: a signal and the run's own ending both wait for the same cleanup */
let cleaning: Promise<void> | null = null;
function cleanup(target: Target, dir: string): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(children.map(stopChild));
    await target.stop().catch((e: Error) => log(`stopping the server: ${e.message}`));
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

async function run(target: Target, dir: string) {
  say(`bench:exit --scale ${SCALE} --target ${TARGET} --workers ${WORKERS}`);
  say(`  on ${target.name}; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB; load average at start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (a shared machine)`);

  // --- seed
  let t = performance.now();
  await migrate(target.databaseUrl);
  const handle = createDb(target.databaseUrl);
  await tuneSqlite(handle);
  const seeded = await seed(handle, { scale: SCALE, demoPassword: PASSWORD });
  const seedMs = performance.now() - t;
  const passwordHash = await hashPassword(PASSWORD);
  for (const b of BOTS) await handle.db.user.create({ data: { username: b.username, displayName: `基准测试 ${b.username}`, passwordHash, role: b.role as never, regionId: b.regionId } });
  const poorHouseholds = await handle.db.household.count({ where: { status: 'POOR' } });
  say(`  seeded ${seeded.households} households (${poorHouseholds} POOR) in ${sec(seedMs)}`);
  say(`  bots: ${BOTS.map((b) => `${b.username} (${b.role}, ${b.regionId})`).join(', ')}`);
  say('  note: the bench gives the work team\'s role (FIRST_SECRETARY) a province scope so that one bot acts for every village');
  // the app processes open the database themselves (npm start migrates it first: no connection of ours may hold it)
  await handle.db.$disconnect();

  // --- processes
  const connection = await Connection.connect({ address: target.address });
  await ensureSearchAttributes(connection);
  const client = new Client({ connection });
  const taskQueue = `bench-exit-${randomUUID().slice(0, 8)}`;
  const common = { TEMPORAL_ADDRESS: target.address, DATABASE_URL: target.databaseUrl, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', DATA_DIR: dir };
  t = performance.now();
  // embedded: the API and the worker in one process, as `npm start` runs them (scripts/start.ts, with
  // TEMPORAL_ADDRESS set to the bench's dev server): on one SQLite file, an API and a worker in separate
  // processes wait for each other's write lock with a synchronous busy wait (better-sqlite3), which
  // freezes the worker's event loop past the workflow task timeout; npm start never runs that way.
  // postgres: the API and the workers as separate processes, as start:cluster runs them.
  const port = await freePort();
  // a decision waits up to 60 s (the most TEMPORAL_CALL_TIMEOUT_MS allows) for a busy worker instead of
  // 5 s: the bench measures how slow the worker gets, a 503 after 5 s would only make the driver resend
  const apiEnv = { ...common, PORT: String(port), JWT_SECRET: randomBytes(32).toString('hex'), TEMPORAL_CALL_TIMEOUT_MS: '60000' };
  const embedded = TARGET === 'embedded';
  const extraWorkers = embedded ? WORKERS - 1 : WORKERS;
  const workers = await Promise.all(Array.from({ length: extraWorkers }, (_, i) => startNode(`worker-${i + 1}`, 'worker/main.ts', common, dir, /worker polling/)));
  const api = startNodeUnready(embedded ? 'npm-start' : 'api', embedded ? 'scripts/start.ts' : 'api/main.ts', apiEnv, dir);
  const apiLabel = embedded ? 'api+worker (npm start)' : 'api';
  for (const deadline = Date.now() + 180_000; ; ) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (api.exitCode !== null || Date.now() > deadline) throw new Error(`the API did not serve (see ${dir}/${embedded ? 'npm-start' : 'api'}.log)`);
    await sleepMs(200);
  }
  log(`${apiLabel} (PID ${api.pid}) and ${extraWorkers} worker process(es) (PID ${workers.map((w) => w.pid).join(', ')}) up in ${sec(performance.now() - t)}`);
  if (embedded) say(`  embedded: the API and the worker in one process, as npm start runs them${extraWorkers ? `, and ${extraWorkers} more worker process(es)` : ''}`);
  const http1 = new Api(`http://127.0.0.1:${port}`);
  for (const b of BOTS) b.token = await http1.login(b.username);
  const botOf = new Map<string, Bot>();
  for (const b of BOTS) for (const s of b.steps) botOf.set(s, b);
  const office = BOTS.find((b) => b.role === 'OFFICE')!;

  // --- launch
  const taskDue = Object.fromEntries(['villageProposal', 'householdAcknowledgement', 'townshipCheck', 'countyApproval', 'cityReview', 'provinceVerification', 'thirdPartySurvey', 'countyDispute', 'objectionReverification', 'escalateAfter'].map((k) => [k, 3650]));
  const config = { timeUnit: 'second', noticePeriods: { household: 7, village: 7, county: 7 }, taskDue };
  const cyclePids = (): Record<string, number | undefined | null> => ({ [apiLabel]: api.pid, ...Object.fromEntries(workers.map((w, i) => [`worker-${i + 1}`, w.pid])), 'Temporal server': target.pid });
  const cpu0 = cpuNow(cyclePids());
  const t0 = performance.now();
  const t0Wall = Date.now();
  const launched = await http1.request(office.token!, 'POST', '/api/cycles', { type: 'EXIT_VERIFICATION', year: YEAR, regionId: PROVINCE, config });
  if (launched.status !== 201) throw new Error(`launch: ${launched.status} ${JSON.stringify(launched.body)}`);
  const cycle = launched.body as { id: string; workflowId: string; config: { sample: unknown } };
  say(`  launched ${cycle.workflowId} (POST /api/cycles ${sec(performance.now() - t0)}): timeUnit second, notices 7 s, task due 3650 s; sample sizes ${JSON.stringify(cycle.config.sample)} (the defaults)`);

  // --- drive
  let decisions = 0;
  let decisionFailures = 0;
  let acknowledgements = 0;
  let csvRows = 0;
  const failuresByCode: Record<string, number> = {};
  const acked = new Set<string>();
  const uploaded = new Set<string>();
  let lastProgress = 0;
  const phase = { list: 0, acknowledge: 0, csv: 0, decide: 0, rounds: 0 };
  let timedOut = false;
  for (let round = 0; ; round++) {
    phase.rounds = round;
    if ((MAX_MS > 0 && performance.now() - t0 > MAX_MS) || stopRequested) {
      timedOut = true;
      break;
    }
    let tp = performance.now();
    const cycleNow = await http1.request(office.token!, 'GET', `/api/cycles/${cycle.id}`);
    // 404 until the cycle workflow has written its row (POST /api/cycles answers before that under load)
    if (cycleNow.status === 200 && cycleNow.body.status !== 'RUNNING') {
      if (cycleNow.body.status !== 'COMPLETED') throw new Error(`the cycle ended ${cycleNow.body.status}`);
      break;
    }
    const open = await http1.list(office.token!, 'tasks', { cycleId: cycle.id, status: 'OPEN' }, ['createdAt', 'ASC']);
    phase.list += performance.now() - tp;
    if (performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      const counts: Record<string, number> = {};
      for (const task of open) counts[task.step] = (counts[task.step] ?? 0) + 1;
      log(`${sec(performance.now() - t0)}: ${open.length} open ${JSON.stringify(counts)}; ${decisions} decided, ${acknowledgements} acknowledged; refused ${JSON.stringify(failuresByCode)}`);
    }
    if (open.length === 0) {
      await sleepMs(POLL_MS);
      continue;
    }
    const byStep = new Map<string, Json[]>();
    for (const task of open) byStep.set(task.step, [...(byStep.get(task.step) ?? []), task]);

    // acknowledgements of the villages in appraisal, then the appraisal itself
    const appraisals = byStep.get('village-appraisal') ?? [];
    const toAck = appraisals.filter((task) => !acked.has(task.subjectId));
    tp = performance.now();
    if (toAck.length) {
      const village = BOTS[0];
      const lists = await mapBounded(toAck, 8, (task) => http1.list(village.token!, 'exit-households', { cycleId: cycle.id, villageId: task.subjectId, status: 'CANDIDATE' }));
      const entries = lists.flat().map((h) => ({ id: h.id as string, acknowledged: true, note: '户主签字认可（基准测试）' }));
      const ackChunks: number[] = [];
      for (let i = 0; i < entries.length; i += 1000) ackChunks.push(i);
      await mapBounded(ackChunks, BULK_PARALLEL, async (i) => {
        const r = await http1.request(village.token!, 'POST', '/api/exit-households/acknowledgements', { entries: entries.slice(i, i + 1000) });
        if (r.status !== 200) throw new Error(`acknowledgements: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
        const bad = (r.body.results as { ok: boolean }[]).filter((x) => !x.ok);
        if (bad.length) log(`${bad.length} acknowledgements refused: ${JSON.stringify(bad.slice(0, 3))}`);
        acknowledgements += r.body.results.length - bad.length;
      });
      for (const task of toAck) acked.add(task.subjectId);
    }
    phase.acknowledge += performance.now() - tp;
    tp = performance.now();
    // each county's findings as one CSV before its survey is decided
    for (const task of byStep.get('third-party-survey') ?? []) {
      if (uploaded.has(task.subjectId)) continue;
      const evaluator = botOf.get('third-party-survey')!;
      const entries = await http1.list(evaluator.token!, 'sample-entries', { cycleId: cycle.id, countyId: task.subjectId }, ['ordinal', 'ASC']);
      const lines = ['ordinal,meetsStandard,acknowledges,approves,visitedName,missed'];
      for (const e of entries) lines.push(e.kind === 'IN_REGISTER' ? `${e.ordinal},是,是,是,,` : `${e.ordinal},,,是,受访户${e.ordinal},否`);
      const r = await http1.request(evaluator.token!, 'POST', `/api/sample-findings/import?cycleId=${cycle.id}&countyId=${task.subjectId}&fileName=bench-${task.subjectId}.csv`, lines.join('\n') + '\n', 'text/csv');
      if (r.status !== 200) throw new Error(`findings of ${task.subjectId}: ${r.status} ${JSON.stringify(r.body).slice(0, 800)}`);
      csvRows += r.body.imported;
      uploaded.add(task.subjectId);
    }
    phase.csv += performance.now() - tp;
    tp = performance.now();
    // bulk decisions: per step, ≤ 1,000 ids a call, BULK_PARALLEL calls in flight
    const calls: { bot: Bot; step: string; ids: string[] }[] = [];
    for (const [step, tasks] of byStep) {
      const bot = botOf.get(step);
      if (!bot) throw new Error(`no bot decides step ${step}`);
      for (let i = 0; i < tasks.length; i += 1000) calls.push({ bot, step, ids: tasks.slice(i, i + 1000).map((x) => x.id) });
    }
    await mapBounded(calls, BULK_PARALLEL, async ({ bot, step, ids }) => {
      const r = await http1.request(bot.token!, 'POST', '/api/tasks/decisions', { ids, decision: 'APPROVE', ...(PAYLOAD[step] ? { payload: PAYLOAD[step] } : {}) });
      if (r.status !== 200) throw new Error(`decisions ${step}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
      decisions += r.body.succeeded;
      decisionFailures += r.body.failed;
      for (const x of r.body.results as { ok: boolean; error?: { code: string } }[]) if (!x.ok) failuresByCode[`${step}:${x.error?.code}`] = (failuresByCode[`${step}:${x.error?.code}`] ?? 0) + 1;
    });
    phase.decide += performance.now() - tp;
  }
  const totalMs = performance.now() - t0;
  const phases = `driver: ${phase.rounds} rounds; time listing open tasks ${sec(phase.list)}, acknowledging ${sec(phase.acknowledge)}, uploading findings ${sec(phase.csv)}, deciding ${sec(phase.decide)}`;
  if (timedOut) {
    const rssNow: Record<string, number> = { [apiLabel]: peakRssMb(api.pid) };
    workers.forEach((w, i) => (rssNow[`worker-${i + 1}`] = peakRssMb(w.pid)));
    const p = (await http1.request(office.token!, 'GET', `/api/exit-progress?filter=${encodeURIComponent(JSON.stringify({ cycleId: cycle.id }))}`)).body[0];
    const s = totalMs / 1000;
    say('');
    say(`stopped after ${sec(totalMs)} (--max-minutes ${args['max-minutes']}): how far the cycle got`);
    say(`  counties ${p.counties} (${p.countiesDone} done), villages ${p.villages} started (${p.villagesDone} done, ${p.villagesExited} exited)`);
    say(`  households assessed ${p.assessed} (${(p.assessed / s).toFixed(1)}/s), candidates ${p.candidates}, acknowledged ${p.acknowledged}, exited ${p.exited} (${(p.exited / s).toFixed(1)}/s)`);
    say(`  decisions ${decisions} (${(decisions / s).toFixed(1)}/s), ${decisionFailures} refused; acknowledgements ${acknowledgements}; open tasks ${p.open ?? JSON.stringify(p.openTasks ?? {})}`);
    say(`  peak RSS (VmHWM) so far ${Object.entries(rssNow).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}`);
    say(`  CPU used ${cpuLine(cpu0, cpuNow(cyclePids()), totalMs)}`);
    say(`  ${phases}`);
    let workflows = 0;
    let largestNow = { id: '', n: 0 };
    try {
      for await (const w of client.workflow.list({ query: `ProcessType = "EXIT_VERIFICATION"` })) {
        workflows++;
        if (w.historyLength > largestNow.n) largestNow = { id: w.workflowId, n: w.historyLength };
      }
    } catch (err) {
      // e.g. the embedded dev server (in memory) was restarted by its supervisor under load
      say(`  the workflows could not be listed: ${(err as Error).message}`);
      return;
    }
    say(`  workflows started ${workflows} (${(workflows / s).toFixed(1)}/s); largest history so far ${largestNow.n} events (${largestNow.id})`);
    await Promise.all([api, ...workers].map(stopChild));
    if (args['skip-baseline']) return;
    // the baseline of the work done so far: plans compiled from the histories as they are now (a
    // step not yet decided and a notice not yet over end the plan), run to their end
    const ids: string[] = [];
    for await (const w of client.workflow.list({ query: `ProcessType = "EXIT_VERIFICATION"` })) if (w.workflowId.startsWith(cycle.workflowId)) ids.push(w.workflowId);
    const baseline = await runBaseline(client, target, dir, ids, cycle.workflowId);
    say('');
    say('baseline of the same work (the histories as they were when driving stopped), same server');
    say(`  plans compiled from ${baseline.histories} histories: ${baseline.remote} no-op remote activities, ${baseline.local} no-op local activities, ${baseline.sleeps} sleeps, ${baseline.updates} update round trips`);
    say(`  total ${sec(baseline.totalMs)}; updates sent ${baseline.sent} (${baseline.refused} refused and resent); peak RSS ${Object.entries(baseline.rss).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    say(`  CPU used ${baseline.cpu}`);
    say(`  ratio (time this cycle took for this work ÷ baseline): ${(totalMs / baseline.totalMs).toFixed(2)}`);
    return;
  }
  log(`the cycle completed in ${sec(totalMs)}`);
  const cycleCpu = cpuLine(cpu0, cpuNow(cyclePids()), totalMs);
  const loadAfterCycle = os.loadavg().map((x) => x.toFixed(1)).join(' ');

  // --- figures of the real run
  const rss: Record<string, number> = { [apiLabel]: peakRssMb(api.pid) };
  workers.forEach((w, i) => (rss[`worker-${i + 1}`] = peakRssMb(w.pid)));
  const progress = (await http1.request(office.token!, 'GET', `/api/exit-progress?filter=${encodeURIComponent(JSON.stringify({ cycleId: cycle.id }))}`)).body[0];
  const counties = await http1.list(office.token!, 'exit-counties', { cycleId: cycle.id });
  const outcomes: Record<string, number> = {};
  for (const c of counties) outcomes[c.outcome ?? c.stage] = (outcomes[c.outcome ?? c.stage] ?? 0) + 1;
  const db = createDb(target.databaseUrl).db;
  const wf = cycle.workflowId;
  const ms = (d: Date | null | undefined) => (d ? d.getTime() - t0Wall : NaN);
  const appraisalsOpen = ms((await db.task.aggregate({ where: { cycleId: cycle.id, step: 'village-appraisal' }, _max: { createdAt: true } }))._max.createdAt);
  const noticesOpen = ms((await db.publicNotice.aggregate({ where: { workflowId: { startsWith: wf }, stepKey: { startsWith: 'household-notice' } }, _max: { startsAt: true } }))._max.startsAt);
  const exitedAt = await db.exitHousehold.aggregate({ where: { cycleId: cycle.id, status: 'EXITED' }, _max: { exitedAt: true }, _min: { exitedAt: true }, _count: { _all: true } });
  const deregistered = ms(exitedAt._max.exitedAt);
  const villagesDone = ms((await db.exitVillage.aggregate({ where: { cycleId: cycle.id }, _max: { updatedAt: true } }))._max.updatedAt);
  const countiesDone = ms((await db.exitCounty.aggregate({ where: { cycleId: cycle.id }, _max: { updatedAt: true } }))._max.updatedAt);
  const stages = {
    'launch → all appraisals open': appraisalsOpen,
    'appraisals → all household notices open': noticesOpen - appraisalsOpen,
    'notices → deregistration done': deregistered - noticesOpen,
    'deregistration → villages done': villagesDone - deregistered,
    'villages done → county steps done': countiesDone - villagesDone,
  };

  // histories: sizes from the list API, every history for the baseline's plans
  const listed: { workflowId: string; historyLength: number; startTime: Date }[] = [];
  for await (const w of client.workflow.list({ query: `ProcessType = "EXIT_VERIFICATION"` })) listed.push({ workflowId: w.workflowId, historyLength: w.historyLength, startTime: w.startTime });
  const ours = listed.filter((w) => w.workflowId.startsWith(wf));
  const largest = ours.reduce((a, b) => (b.historyLength > a.historyLength ? b : a), ours[0]);
  const events = ours.reduce((n, w) => n + w.historyLength, 0);
  const lastStart = Math.max(...ours.map((w) => w.startTime.getTime()));

  const figures: RealFigures = {
    t0: t0Wall,
    totalMs,
    stages,
    decisions,
    decisionFailures,
    acknowledgements,
    csvRows,
    apiCalls: http1.calls,
    exited: exitedAt._count._all,
    deregistrationMs: exitedAt._max.exitedAt && exitedAt._min.exitedAt ? exitedAt._max.exitedAt.getTime() - exitedAt._min.exitedAt.getTime() : NaN,
    workflows: ours.length,
    workflowsStartMs: lastStart - t0Wall,
    largest: { workflowId: largest.workflowId, events: largest.historyLength },
    events,
    rss,
    outcomes,
    progress,
  };
  await Promise.all([api, ...workers].map(stopChild));
  await db.$disconnect();

  say('');
  say('the cycle, through the API');
  say(`  total (launch → cycle COMPLETED)         ${sec(totalMs)}`);
  for (const [k, v] of Object.entries(stages)) say(`  ${k.padEnd(41)}${sec(v)}`);
  say('  (each stage ends when the last village or county reaches it; villages move on independently)');
  say(`  workflows started                        ${figures.workflows} (1 cycle, ${progress.counties} counties, ${progress.villages} villages) in ${sec(figures.workflowsStartMs)}: ${(figures.workflows / (figures.workflowsStartMs / 1000)).toFixed(1)} started/s; ${(figures.workflows / (totalMs / 1000)).toFixed(1)}/s over the run`);
  say(`  updates (decisions through the API)      ${decisions} (${(decisions / (totalMs / 1000)).toFixed(1)}/s over the run); ${decisionFailures} refused and retried ${JSON.stringify(failuresByCode)}`);
  say(`  acknowledgements                         ${acknowledgements} (bulk, ≤ 1,000 per call); findings by CSV: ${csvRows} rows in ${uploaded.size} files (every sampled household meets the standard and approves, no visit finds a missed household); API calls: ${http1.calls}; objections and disputes: none`);
  say(`  households deregistered                  ${figures.exited} of ${progress.candidates} candidates (${progress.assessed} assessed): ${(figures.exited / (totalMs / 1000)).toFixed(1)}/s over the run, ${(figures.exited / (figures.deregistrationMs / 1000)).toFixed(1)}/s from the first exit to the last (${sec(figures.deregistrationMs)})`);
  say(`  county outcomes                          ${JSON.stringify(outcomes)}; villages exited ${progress.villagesExited}`);
  say(`  ${phases}; ${http1.retries} calls resent after a reset connection; load average at the end ${loadAfterCycle}`);
  say(`  peak RSS (VmHWM)                         ${Object.entries(rss).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}`);
  say(`  CPU used                                 ${cycleCpu}`);
  say(`  largest workflow history                 ${largest.historyLength} events (${largest.workflowId}); ${events} events in all`);

  if (args['skip-baseline']) return;
  const baseline = await runBaseline(client, target, dir, ours.map((w) => w.workflowId), wf);
  say('');
  say('baseline: the same tree of child workflows, no-op activities, sleeps and update round trips, on the same server');
  say(`  plans compiled from ${baseline.histories} real histories: ${baseline.remote} no-op remote activities, ${baseline.local} no-op local activities, ${baseline.sleeps} sleeps, ${baseline.updates} update round trips`);
  say(`  total                                    ${sec(baseline.totalMs)} (load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  say(`  start → first step open in every village ${sec(baseline.firstStepsMs)}`);
  say(`  start → villages done (every county)     ${sec(baseline.villagesDoneMs)}`);
  say(`  updates sent                             ${baseline.sent} (${baseline.refused} refused and resent), ${(baseline.sent / (baseline.totalMs / 1000)).toFixed(1)}/s over the run`);
  say(`  peak RSS (VmHWM)                         ${Object.entries(baseline.rss).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}`);
  say(`  CPU used                                 ${baseline.cpu}`);
  say('');
  say('ratios (this cycle ÷ baseline, same server, same run)');
  say(`  total                                    ${(totalMs / baseline.totalMs).toFixed(2)} (goal ≤ 2)`);
  say(`  first step open in every village        ${(appraisalsOpen / baseline.firstStepsMs).toFixed(2)}`);
  say(`  villages done                            ${(villagesDone / baseline.villagesDoneMs).toFixed(2)}`);
  // no ratio of the county part: it is the tail after the last county's villages, and which county is
  // last (one with county steps and a notice, or one without) differs between the two runs
}

// ---------------------------------------------------------------------------------------------
// the baseline

interface HistoryEvent {
  activityTaskScheduledEventAttributes?: unknown;
  markerRecordedEventAttributes?: { markerName?: string | null } | null;
  timerStartedEventAttributes?: { timerId?: string | null; startToFireTimeout?: { seconds?: unknown; nanos?: number | null } | null } | null;
  timerFiredEventAttributes?: { timerId?: string | null } | null;
  workflowExecutionUpdateAcceptedEventAttributes?: unknown;
  workflowExecutionUpdateCompletedEventAttributes?: unknown;
  startChildWorkflowExecutionInitiatedEventAttributes?: unknown;
}

/**
 * A workflow's plan from its history, in order: remote activities scheduled, local activities
 * recorded in the main flow, timers that fired (the notice sleeps; the due-date timers of steps are
 * cancelled by the decision, which the baseline's step wait reproduces), updates with the local
 * activities their handler ran, and the children. The local activity that announces a step (the
 * real one writes the task row) is the one just before the update.
 */
export function planOf(events: HistoryEvent[]): Op[] {
  const fired = new Set(events.flatMap((e) => (e.timerFiredEventAttributes?.timerId ? [e.timerFiredEventAttributes.timerId] : [])));
  const ops: Op[] = [];
  const push = (kind: 'A' | 'L', n = 1) => {
    const last = ops[ops.length - 1];
    if (last && last[0] === kind) last[1] += n;
    else ops.push([kind, n]);
  };
  let update: ['U', number] | null = null;
  let children = false;
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes) push('A');
    else if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      if (update) update[1] += 1;
      else push('L');
    } else if (e.timerStartedEventAttributes && fired.has(e.timerStartedEventAttributes.timerId ?? '')) {
      const d = e.timerStartedEventAttributes.startToFireTimeout;
      ops.push(['S', Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6)]);
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const last = ops[ops.length - 1];
      if (last && last[0] === 'L') {
        last[1] -= 1; // the announcement
        if (last[1] === 0) ops.pop();
      }
      update = ['U', 0];
      ops.push(update);
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) update = null;
    else if (e.startChildWorkflowExecutionInitiatedEventAttributes && !children) {
      children = true;
      ops.push(['C']);
    }
  }
  return ops;
}

async function runBaseline(client: Client, target: Target, dir: string, workflowIds: string[], cycleWorkflowId: string) {
  log(`compiling the baseline from ${workflowIds.length} histories`);
  const plans = new Map<string, Op[]>();
  await mapBounded(workflowIds, 8, async (id) => {
    const history = await client.workflow.getHandle(id).fetchHistory();
    plans.set(id, planOf((history.events ?? []) as HistoryEvent[]));
  });
  const planIndex = new Map<string, number>();
  const plansTable: Op[][] = [];
  const indexOf = (id: string) => {
    const plan = plans.get(id)!;
    const key = JSON.stringify(plan);
    if (!planIndex.has(key)) {
      planIndex.set(key, plansTable.length);
      plansTable.push(plan);
    }
    return planIndex.get(key)!;
  };
  const tree: BaselineCycle = { id: cycleWorkflowId, plans: plansTable, plan: indexOf(cycleWorkflowId), counties: [] };
  for (const id of workflowIds) {
    const m = /^(.*)\/county:(\d+)$/.exec(id);
    if (m && m[1] === cycleWorkflowId) tree.counties.push({ id: m[2], plan: indexOf(id), villages: [] });
  }
  tree.counties.sort((a, b) => a.id.localeCompare(b.id));
  for (const id of workflowIds) {
    const m = /\/county:(\d+)\/village:(\d+)$/.exec(id);
    if (m) tree.counties.find((c) => c.id === m[1])!.villages.push({ id: m[2], plan: indexOf(id) });
  }
  for (const c of tree.counties) c.villages.sort((a, b) => a.id.localeCompare(b.id));
  const totals = { remote: 0, local: 0, sleeps: 0, updates: 0 };
  for (const plan of plans.values()) {
    for (const op of plan) {
      if (op[0] === 'A') totals.remote += op[1];
      if (op[0] === 'L') totals.local += op[1];
      if (op[0] === 'U') {
        totals.updates += 1;
        totals.local += op[1] + 1; // the handler's, and the announcement
      }
      if (op[0] === 'S') totals.sleeps += 1;
    }
  }
  const villagesWithSteps = tree.counties.reduce((n, c) => n + c.villages.filter((v) => plansTable[v.plan].some((op) => op[0] === 'U')).length, 0);

  // the driver's ear: announcements of waiting steps and of villages done, posted by the baseline workers
  const waiting: { workflowId: string; step: number }[] = [];
  const firstStepSeen = new Set<string>();
  const villagesDoneSeen = new Set<string>();
  let firstStepsAt = NaN;
  let villagesDoneAt = NaN;
  let t0 = 0;
  const ear = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const msg = JSON.parse(body) as { workflowId?: string; step?: number; tag?: string };
      if (msg.workflowId && msg.step) {
        waiting.push({ workflowId: msg.workflowId, step: msg.step });
        if (msg.workflowId.includes('/village:') && msg.step === 1 && !firstStepSeen.has(msg.workflowId)) {
          firstStepSeen.add(msg.workflowId);
          if (firstStepSeen.size === villagesWithSteps) firstStepsAt = performance.now() - t0;
        }
      } else if (msg.tag?.startsWith('villages-done:')) {
        villagesDoneSeen.add(msg.tag);
        if (villagesDoneSeen.size === tree.counties.length) villagesDoneAt = performance.now() - t0;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => ear.listen(0, '127.0.0.1', r));
  const driverUrl = `http://127.0.0.1:${(ear.address() as AddressInfo).port}/`;
  const taskQueue = `bench-exit-baseline-${randomUUID().slice(0, 8)}`;
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, (_, i) => startNode(`baseline-worker-${i + 1}`, 'bench/exit-baseline-worker.ts', { TEMPORAL_ADDRESS: target.address, TEMPORAL_TASK_QUEUE: taskQueue, BENCH_DRIVER_URL: driverUrl }, dir, /baseline worker polling/)),
  );
  log(`baseline: ${plansTable.length} distinct plans, ${tree.counties.length} counties, ${tree.counties.reduce((n, c) => n + c.villages.length, 0)} villages, ${totals.updates} updates`);

  const baselinePids = () => ({ ...Object.fromEntries(workers.map((w, i) => [`baseline-worker-${i + 1}`, w.pid])), 'Temporal server': target.pid });
  const cpu0 = cpuNow(baselinePids());
  t0 = performance.now();
  const id = `bench-exit-baseline-${randomUUID().slice(0, 8)}`;
  const handle = await client.workflow.start(baselineCycleWorkflow, { taskQueue, workflowId: id, args: [tree], workflowExecutionTimeout: '6 hours' });
  let done = false;
  const result = handle.result().finally(() => (done = true));
  let sent = 0;
  let refused = 0;
  let lastLog = performance.now();
  while (!done) {
    if (waiting.length === 0) {
      await Promise.race([sleepMs(POLL_MS), result.catch(() => undefined)]);
      continue;
    }
    const batch = waiting.splice(0, waiting.length);
    const chunks: (typeof batch)[] = [];
    for (let i = 0; i < batch.length; i += 1000) chunks.push(batch.slice(i, i + 1000));
    await mapBounded(chunks, BULK_PARALLEL, (chunk) =>
      mapBounded(chunk, API_BULK_CONCURRENCY, async ({ workflowId, step }) => {
        try {
          await client.workflow.getHandle(workflowId).executeUpdate(baselineStepUpdate, { args: [step] });
          sent++;
        } catch (err) {
          refused++;
          waiting.push({ workflowId, step }); // resent next round, as the real driver finds the task still open
          log(`baseline update refused: ${(err as Error).message}`);
        }
      }),
    );
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`baseline ${sec(performance.now() - t0)}: ${sent} updates sent`);
    }
  }
  await result;
  const totalMs = performance.now() - t0;
  const cpu = cpuLine(cpu0, cpuNow(baselinePids()), totalMs);
  const rss: Record<string, number> = {};
  workers.forEach((w, i) => (rss[`baseline-worker-${i + 1}`] = peakRssMb(w.pid)));
  await Promise.all(workers.map(stopChild));
  ear.close();
  return { histories: plans.size, ...totals, totalMs, firstStepsMs: firstStepsAt, villagesDoneMs: villagesDoneAt, sent, refused, rss, cpu };
}

await main();
process.exit(0);
