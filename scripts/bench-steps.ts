/**
 * `npm run bench:steps` — what a human step costs, against its floor on the same server in the
 * same run. Drives return-to-poverty processes through the real HTTP API (proposal → task visible
 * in the inbox → decision → next task visible → decision), one at a time and then 20 at a time, and
 * measures a bare Temporal update (and the same update running two no-op remote, or local,
 * activities) on the same server. Prints p50/p95 per hop, processes per second and the ratios.
 *
 *   npm run bench:steps -- [--target embedded|production|both] [--worker same|process] [--sequential 30] [--concurrent 200] [--parallel 20] [--bulk 1000]
 *   TEMPORAL_ADDRESS=host:port npm run bench:steps   # a running server instead
 *
 * Targets: `embedded` is the Temporal CLI's dev server as `npm start` runs it; `production` is the
 * real server (go.temporal.io/server with deploy/temporal/, on PostgreSQL; built by
 * `npm run provision:server`); `both` (the default) runs one after the other into one report. The
 * app's own database is a throw-away SQLite file (demo scale) in every case, so only Temporal differs.
 * `--worker same` (the default) runs the worker in this process beside the API, as `npm start` does;
 * `--worker process` runs it in a process of its own (bench/steps-worker.ts), as start:cluster does.
 * Besides the hops, it prints the floors of the HTTP layer (GET /api/health, GET /api/me) and, for
 * the 20-at-a-time phase, the CPU each process used per business process (this process, the worker
 * process, the Temporal server), read from /proc: on a machine where the CPU is the limit, those
 * figures say where the time goes. BENCH_CPU_PROFILE=<file> writes a CPU profile of this process's
 * main thread during that phase.
 * Not part of `npm test`.
 */
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { createApp } from '../api/app.ts';
import { secretKey } from '../api/auth/tokens.ts';
import { pingUpdate } from '../bench/workflows.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { startDevServer } from '../lib/dev-server.ts';
import { cpuSeconds, realServer } from './bench-servers.ts';
import { migrate } from '../lib/migrate.ts';
import { ensureSearchAttributes } from '../worker/search-attributes.ts';
import { seed } from '../prisma/seed/index.ts';
import { createActivities, STICKY_QUEUE_TIMEOUT_MS } from '../worker/index.ts';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'both' },
    sequential: { type: 'string', default: '30' },
    concurrent: { type: 'string', default: '200' },
    parallel: { type: 'string', default: '20' },
    bulk: { type: 'string', default: '1000' },
    /** where the worker runs: in this process beside the API (npm start), or in a process of its own (start:cluster) */
    worker: { type: 'string', default: 'same' },
  },
});
const SEQUENTIAL = Number(args.sequential);
const CONCURRENT = Number(args.concurrent);
const PARALLEL = Number(args.parallel);
const BULK = Number(args.bulk);
const PASSWORD = 'bench-password-123';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
async function pool<T>(items: T[], limit: number, fn: (x: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

interface Target {
  name: string;
  address: string;
  /** the server's process, to read the CPU it used (null: not ours to read) */
  pid?: number | null;
  stop: () => Promise<void>;
}

async function targets(): Promise<Array<() => Promise<Target>>> {
  if (process.env.TEMPORAL_ADDRESS) return [async () => ({ name: `Temporal at ${process.env.TEMPORAL_ADDRESS}`, address: process.env.TEMPORAL_ADDRESS as string, stop: async () => undefined })];
  const embedded = async (): Promise<Target> => {
    const dev = await startDevServer({ port: 17_300 + Math.floor(Math.random() * 500) });
    return { name: `embedded: the Temporal CLI dev server as npm start runs it, at ${dev.address}`, address: dev.address, pid: dev.pid, stop: () => dev.stop() };
  };
  const production = async (): Promise<Target> => {
    const real = await realServer();
    return { name: `production: go.temporal.io/server on PostgreSQL (deploy/temporal/), at ${real.address}`, address: real.address, pid: real.pid, stop: () => real.stop() };
  };
  if (args.target === 'embedded') return [embedded];
  if (args.target === 'production') return [production];
  if (args.target === 'both') return [embedded, production];
  throw new Error(`--target embedded|production|both, not ${args.target}`);
}

/**
 * BENCH_CPU_PROFILE=<file>: a CPU profile of this process's main thread (the API, the activities,
 * the bench's own HTTP client) while 20 processes run at a time, for Chrome DevTools or speedscope.
 */
async function startProfile(): Promise<{ stop: () => Promise<void> } | null> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the 20-at-a-time phase: ${file}`);
    },
  };
}

/** CPU used during `run` by this process (every thread) and by the Temporal server. */
async function measured<T>(serverPid: number | null | undefined, workerPid: number | null, run: () => Promise<T>): Promise<{ value: T; ownCpu: number; workerCpu: number | null; serverCpu: number | null; sec: number }> {
  const own0 = process.cpuUsage();
  const server0 = cpuSeconds(serverPid);
  const worker0 = cpuSeconds(workerPid);
  const t0 = performance.now();
  const value = await run();
  const own = process.cpuUsage(own0);
  const server1 = cpuSeconds(serverPid);
  const worker1 = cpuSeconds(workerPid);
  return { value, ownCpu: (own.user + own.system) / 1e6, workerCpu: worker0 === null || worker1 === null ? null : worker1 - worker0, serverCpu: server0 === null || server1 === null ? null : server1 - server0, sec: (performance.now() - t0) / 1000 };
}

/** The worker: in this process beside the API (`--worker same`, as npm start runs it) or in a child process (`--worker process`). */
async function startWorker(address: string, taskQueue: string, databaseUrl: string, db: ReturnType<typeof createDb>['db']): Promise<{ where: string; pid: number | null; stop: () => Promise<void> }> {
  if (args.worker === 'same') {
    const { code } = await bundleWorkflowCode({ workflowsPath: path.resolve('bench/bundle.ts'), logger: new DefaultLogger('ERROR') });
    const native = await NativeConnection.connect({ address });
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: { code },
      activities: { ...createActivities({ db }), noop: async () => undefined },
      stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT_MS,
    });
    const running = worker.run();
    return {
      where: 'runs in the API process (npm start)',
      pid: null,
      stop: async () => {
        worker.shutdown();
        await running;
        await native.close();
      },
    };
  }
  if (args.worker !== 'process') throw new Error(`--worker same|process, not ${args.worker}`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/steps-worker.ts')], {
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench worker exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    where: `runs in a process of its own (PID ${child.pid}, as start:cluster runs it)`,
    pid: child.pid ?? null,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const report: string[] = [];
const say = (line: string) => {
  report.push(line);
  console.log(line);
};

async function main() {
  const summary: string[] = [];
  for (const start of await targets()) {
    const target = await start();
    try {
      summary.push(await runOn(target));
    } finally {
      await target.stop();
    }
  }
  say('');
  say('summary (ratios measured against the floor of the same server in the same run)');
  for (const line of summary) say(`  ${line}`);
}

async function runOn(temporalTarget: Target): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-steps-'));
  const url = `file:${path.join(dir, 'app.db')}`;
  await migrate(url);
  const handle = createDb(url);
  await tuneSqlite(handle);
  const seeded = await seed(handle, { scale: 'demo', demoPassword: PASSWORD });
  const address = temporalTarget.address;
  const target = temporalTarget.name;
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection);
  const client = new Client({ connection });
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await startWorker(address, taskQueue, url, handle.db);
  const app = createApp({ db: handle.db, temporal: { client, taskQueue }, logger: pino({ level: 'silent' }), tokenKey: secretKey(randomUUID() + randomUUID()), loginRateLimit: { windowMs: 60_000, limit: 1000 } });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (token: string, method: string, p: string, body?: unknown) => {
    const res = await fetch(base + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & Array<Record<string, unknown>> };
  };
  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    return ((await res.json()) as { token: string }).token;
  };
  const operator = await login('county.operator');
  const township = await login('supervisor'); // the province supervisor takes the township level
  const county = await login('county.supervisor'); // and another person the county level (four-eyes)

  const households = await handle.db.household.findMany({ where: { status: 'EXITED', countyId: '431222' }, select: { id: true }, orderBy: { id: 'asc' }, take: 1 + SEQUENTIAL + CONCURRENT + BULK });
  if (households.length < 1 + SEQUENTIAL + CONCURRENT) throw new Error(`only ${households.length} exited households to propose for`);
  let hh = 0;

  /**
   * When a process's task shows in its decider's inbox. One poller per inbox (user and step), as a
   * console refreshing its inbox, shared by every process waiting on it: 20 processes at a time
   * used to poll 20 times over (a request every 5 ms each), so the benchmark's own polling took the
   * event loop the API and the worker share and was most of what it measured.
   */
  const inboxes = new Map<string, { waiters: Map<string, (taskId: string) => void>; polling: boolean }>();
  function visible(token: string, workflowId: string, step: string): Promise<string> {
    const key = `${token} ${step}`;
    let inbox = inboxes.get(key);
    if (!inbox) inboxes.set(key, (inbox = { waiters: new Map(), polling: false }));
    const box = inbox;
    const filter = encodeURIComponent(JSON.stringify({ status: 'OPEN', step }));
    const poll = async () => {
      box.polling = true;
      while (box.waiters.size > 0) {
        const r = await call(token, 'GET', `/api/tasks?filter=${filter}&range=[0,199]`);
        if (r.status === 200) {
          for (const t of r.body) {
            const resolve = box.waiters.get(String(t.workflowId));
            if (resolve) {
              box.waiters.delete(String(t.workflowId));
              resolve(String(t.id));
            }
          }
        }
        if (box.waiters.size > 0) await new Promise((res) => setTimeout(res, 5));
      }
      box.polling = false;
    };
    return new Promise<string>((resolve) => {
      box.waiters.set(workflowId, resolve);
      if (!box.polling) void poll();
    });
  }

  /**
   * A decision through the API. A 503 (Temporal did not answer within the API's bound, which a
   * machine shared by other work reaches now and then at 20 at a time) is what a console user
   * meets as "look at the task before sending again": the same decider sends it again, as the
   * console does, and the resend is counted (the time includes it).
   */
  let resent = 0;
  async function decide(token: string, taskId: string) {
    for (let attempt = 1; ; attempt++) {
      const d = await call(token, 'POST', `/api/tasks/${taskId}/decision`, { decision: 'APPROVE' });
      if (d.status === 200) return;
      // the earlier send landed after all and the workflow has it: told so by a 409
      if (attempt > 1 && d.status === 409 && (d.body.error as { code?: string } | undefined)?.code === 'ALREADY_DECIDED') return;
      if (d.status !== 503 || attempt >= 5) throw new Error(`decision ${d.status} ${JSON.stringify(d.body)}`);
      resent++;
    }
  }

  type Hops = { proposal: number[]; visible1: number[]; decision1: number[]; visible2: number[]; decision2: number[] };
  const hops = (): Hops => ({ proposal: [], visible1: [], decision1: [], visible2: [], decision2: [] });
  async function process1(h: Hops): Promise<string> {
    const id = households[hh++].id;
    let t = performance.now();
    const p = await call(operator, 'POST', `/api/households/${id}/return-to-poverty`, { reason: '基准测试：因病返贫' });
    if (p.status !== 201) throw new Error(`proposal ${p.status} ${JSON.stringify(p.body)}`);
    h.proposal.push(performance.now() - t);
    const workflowId = String(p.body.workflowId);
    t = performance.now();
    const t1 = await visible(township, workflowId, 'township-check');
    h.visible1.push(performance.now() - t);
    t = performance.now();
    await decide(township, t1);
    h.decision1.push(performance.now() - t);
    t = performance.now();
    const t2 = await visible(county, workflowId, 'county-approval');
    h.visible2.push(performance.now() - t);
    t = performance.now();
    await decide(county, t2);
    h.decision2.push(performance.now() - t);
    return workflowId;
  }

  type Floor = { start: number[]; update: number[] };
  async function floor(workflow: string, f: Floor) {
    let t = performance.now();
    const handle = await client.workflow.start(workflow, { taskQueue, workflowId: `bench-${workflow}-${randomUUID()}` });
    f.start.push(performance.now() - t);
    for (const x of [1, 2]) {
      t = performance.now();
      await handle.executeUpdate(pingUpdate, { args: [x] });
      f.update.push(performance.now() - t);
    }
    await handle.result();
  }

  say('');
  say(`bench:steps on ${target}; ${seeded.households} households seeded (demo scale); ${os.cpus().length} cores; the worker ${worker.where}`);

  // warm-up: bundle caches, connections, first workflow tasks
  await process1(hops());
  for (const w of ['bareUpdateWorkflow', 'remoteActivityUpdateWorkflow', 'localActivityUpdateWorkflow']) await floor(w, { start: [], update: [] });

  // one at a time, interleaved so that both see the same machine
  const seq = hops();
  const health: number[] = [];
  const authed: number[] = [];
  const floors: Record<string, Floor> = { bare: { start: [], update: [] }, remote: { start: [], update: [] }, local: { start: [], update: [] } };
  for (let i = 0; i < SEQUENTIAL; i++) {
    // the process's work after its last answer (its last writes) ends before the floors are measured
    await client.workflow.getHandle(await process1(seq)).result();
    await floor('bareUpdateWorkflow', floors.bare);
    await floor('remoteActivityUpdateWorkflow', floors.remote);
    await floor('localActivityUpdateWorkflow', floors.local);
    for (const list of [health, authed]) {
      const t0 = performance.now();
      const r = await fetch(base + (list === health ? '/api/health' : '/api/me'), { headers: list === health ? {} : { Authorization: `Bearer ${township}` } });
      await r.json();
      list.push(performance.now() - t0);
    }
  }
  const decisions = [...seq.decision1, ...seq.decision2];
  say('');
  say(`one at a time (${SEQUENTIAL} processes)            p50        p95`);
  for (const [name, xs] of Object.entries(seq)) say(`  ${name.padEnd(36)} ${fmt(pct(xs, 50)).padStart(9)} ${fmt(pct(xs, 95)).padStart(10)}`);
  say(`  decision (both levels)               ${fmt(pct(decisions, 50)).padStart(9)} ${fmt(pct(decisions, 95)).padStart(10)}`);
  say(`  floor: bare update                   ${fmt(pct(floors.bare.update, 50)).padStart(9)} ${fmt(pct(floors.bare.update, 95)).padStart(10)}`);
  say(`  floor: update + 2 remote activities  ${fmt(pct(floors.remote.update, 50)).padStart(9)} ${fmt(pct(floors.remote.update, 95)).padStart(10)}`);
  say(`  floor: update + 2 local activities   ${fmt(pct(floors.local.update, 50)).padStart(9)} ${fmt(pct(floors.local.update, 95)).padStart(10)}`);
  say(`  floor: GET /api/health              ${fmt(pct(health, 50)).padStart(9)} ${fmt(pct(health, 95)).padStart(10)}`);
  say(`  floor: GET /api/me (signed in)       ${fmt(pct(authed, 50)).padStart(9)} ${fmt(pct(authed, 95)).padStart(10)}`);
  say(`  floor: workflow start                ${fmt(pct(floors.bare.start, 50)).padStart(9)} ${fmt(pct(floors.bare.start, 95)).padStart(10)}`);
  const ratio = pct(decisions, 50) / pct(floors.bare.update, 50);
  say(`  ratio decision p50 / bare update p50: ${ratio.toFixed(2)} (goal ≤ 1.5)`);

  // 20 at a time: whole processes per second, against the floor of the same shape (start + two
  // updates with two remote activities each) driven the same way; a process counts when its workflow
  // has completed (its last writes after the last answer included), as a floor's does
  const con = hops();
  const profiling = await startProfile();
  const oursRun = await measured(temporalTarget.pid, worker.pid, () => pool(Array.from({ length: CONCURRENT }, (_, i) => i), PARALLEL, async () => void (await client.workflow.getHandle(await process1(con)).result())));
  const oursSec = oursRun.sec;
  await profiling?.stop();
  const remoteRun = await measured(temporalTarget.pid, worker.pid, () => pool(Array.from({ length: CONCURRENT }, (_, i) => i), PARALLEL, () => floor('remoteActivityUpdateWorkflow', { start: [], update: [] })));
  const remoteSec = remoteRun.sec;
  const bareRun = await measured(temporalTarget.pid, worker.pid, () => pool(Array.from({ length: CONCURRENT }, (_, i) => i), PARALLEL, () => floor('bareUpdateWorkflow', { start: [], update: [] })));
  const bareSec = bareRun.sec;
  const part = (name: string, cpu: number | null, sec: number) => (cpu === null ? '' : `, ${name} ${((cpu / CONCURRENT) * 1000).toFixed(1)} ms (${((100 * cpu) / sec).toFixed(0)} % of a core)`);
  const cpuLine = (r: { ownCpu: number; workerCpu: number | null; serverCpu: number | null; sec: number }) =>
    `CPU per process: ${worker.pid ? 'API and driver' : 'API, worker and driver'} ${((r.ownCpu / CONCURRENT) * 1000).toFixed(1)} ms (${((100 * r.ownCpu) / r.sec).toFixed(0)} % of a core)${part('worker', r.workerCpu, r.sec)}${part('Temporal server', r.serverCpu, r.sec)}`;
  say('');
  say(`${CONCURRENT} processes, ${PARALLEL} at a time`);
  say(`  return to poverty through the API     ${(CONCURRENT / oursSec).toFixed(1)} processes/s (${oursSec.toFixed(1)} s); decision p50 ${fmt(pct([...con.decision1, ...con.decision2], 50))}, p95 ${fmt(pct([...con.decision1, ...con.decision2], 95))}`);
  say(`  floor: start + 2 updates, 2 remote activities each   ${(CONCURRENT / remoteSec).toFixed(1)} processes/s (${remoteSec.toFixed(1)} s)`);
  say(`  floor: start + 2 bare updates                        ${(CONCURRENT / bareSec).toFixed(1)} processes/s (${bareSec.toFixed(1)} s)`);
  say(`  ours:   ${cpuLine(oursRun)}`);
  say(`  remote: ${cpuLine(remoteRun)}`);
  say(`  bare:   ${cpuLine(bareRun)}`);
  if (resent > 0) say(`  decisions sent again after a 503 (the API's bound on a Temporal call): ${resent}`);
  const throughputRatio = CONCURRENT / oursSec / (CONCURRENT / remoteSec);
  say(`  ratio ours / remote-activity floor: ${throughputRatio.toFixed(2)} (goal ≥ 1)`);
  let bulkLine = '';

  // a bulk decision of many tasks in one request (bounded concurrency in the API)
  if (BULK > 0) {
    const bulkHouseholds = households.slice(hh, hh + BULK);
    await pool(bulkHouseholds, PARALLEL, async ({ id }) => {
      const p = await call(operator, 'POST', `/api/households/${id}/return-to-poverty`, { reason: '基准测试：批量审核' });
      if (p.status !== 201) throw new Error(`proposal ${p.status}`);
    });
    let ids: string[] = [];
    for (;;) {
      ids = (await handle.db.task.findMany({ where: { status: 'OPEN', step: 'township-check', processId: { not: null } }, select: { id: true } })).map((r) => r.id);
      if (ids.length >= bulkHouseholds.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const t = performance.now();
    const bulk = await call(township, 'POST', '/api/tasks/decisions', { ids, decision: 'APPROVE' });
    const bulkSec = (performance.now() - t) / 1000;
    say('');
    bulkLine = `; bulk ${ids.length} tasks ${bulkSec.toFixed(1)} s`;
    say(`bulk decision of ${ids.length} tasks in one request: ${bulkSec.toFixed(1)} s (${(ids.length / bulkSec).toFixed(1)} tasks/s), ${String(bulk.body.succeeded)} succeeded, ${String(bulk.body.failed)} failed`);
  }

  server.close();
  await worker.stop();
  await connection.close();
  await handle.db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  return `${temporalTarget.name.split(':')[0]} (worker ${args.worker === 'same' ? 'in the API process' : 'in its own process'}): decision p50 ${fmt(pct(decisions, 50))} / bare update ${fmt(pct(floors.bare.update, 50))} = ${ratio.toFixed(2)}; ${CONCURRENT} processes ${PARALLEL} at a time ${(CONCURRENT / oursSec).toFixed(1)}/s vs remote-activity floor ${(CONCURRENT / remoteSec).toFixed(1)}/s = ${throughputRatio.toFixed(2)}${bulkLine}`;
}

await main();
