/**
 * Why an update that runs activities is slow on the Temporal CLI's dev server (issue 9, item 6):
 * measures, on each server variant, a bare update and an update running two no-op remote
 * activities (scripts/bench-activity-latency-workflow.ts), with the same SDK worker and client.
 *
 *   npx tsx scripts/bench-activity-latency.ts [--n 40] [--only dev|real]
 *
 * Variants: the dev server as `npm start` runs it, the dev server with dynamic config values
 * (BENCH_DEV_VARIANTS adds more: `name=KEY=VALUE,KEY=VALUE;name2=...`), and the production server
 * (go.temporal.io/server on PostgreSQL: TEST_PG_URL, else scripts/start-postgres.sh's cluster; and
 * on SQLite in memory, as the dev server keeps its data). Each line also gives where the time of
 * an activity goes, from the history's server timestamps.
 *
 * Finding (issue 9 item 6): the Temporal CLI v1.5.1 embeds server 1.29.1, where
 * `system.enableActivityEagerExecution` defaults to false; server 1.32 defaults it to true. Without
 * it, every activity goes through matching (schedule → dispatch to a poller), and the workflow task
 * after it comes later too; with it, the activity comes back in the response to the workflow task
 * that scheduled it. The persistence (SQLite or PostgreSQL) and the task queue partitions are not
 * the cause: see the variants.
 */
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { devServer, realServer } from './bench-servers.ts';
import { bareUpdate, stopSignal, twoActivitiesUpdate } from './bench-activity-latency-workflow.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..');
Runtime.install({ logger: new DefaultLogger('WARN') });

const { values } = parseArgs({ options: { n: { type: 'string', default: '40' }, only: { type: 'string' } } });
const N = Number(values.n);
const WARMUP = 5;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * Where the time of an activity goes, from the workflow's history (server timestamps): activity
 * scheduled → started (the server dispatching the activity task to a poller), started → completed
 * (the worker running it and reporting), completed → next workflow task started (dispatching the
 * workflow task), and workflow task started → completed (the worker's own processing).
 */
async function phasesOf(handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> }): Promise<Record<string, number[]>> {
  const history = await handle.fetchHistory();
  const ms = (e: temporal.api.history.v1.IHistoryEvent) => tsToMs(e.eventTime);
  const events = history.events ?? [];
  const byId = new Map(events.map((e) => [String(e.eventId), e]));
  const out: Record<string, number[]> = { 'update accepted→completed (server)': [], 'activity scheduled→started': [], 'activity started→completed': [], 'activity completed→workflow task started': [], 'workflow task started→completed': [] };
  for (const [i, e] of events.entries()) {
    const done = e.activityTaskCompletedEventAttributes;
    if (done) {
      const scheduled = byId.get(String(done.scheduledEventId));
      const started = byId.get(String(done.startedEventId));
      if (scheduled && started) {
        out['activity scheduled→started'].push(ms(started) - ms(scheduled));
        out['activity started→completed'].push(ms(e) - ms(started));
      }
      const nextWftStarted = events.slice(i + 1).find((x) => x.workflowTaskStartedEventAttributes);
      if (nextWftStarted) out['activity completed→workflow task started'].push(ms(nextWftStarted) - ms(e));
    }
    const completedUpdate = e.workflowExecutionUpdateCompletedEventAttributes;
    if (completedUpdate) {
      const accepted = byId.get(String(completedUpdate.acceptedEventId));
      // bare updates complete in the task that accepts them: only the two-activity ones span time
      if (accepted && ms(e) > ms(accepted)) out['update accepted→completed (server)'].push(ms(e) - ms(accepted));
    }
    if (e.workflowTaskCompletedEventAttributes) {
      const started = byId.get(String(e.workflowTaskCompletedEventAttributes.startedEventId));
      if (started) out['workflow task started→completed'].push(ms(e) - ms(started));
    }
  }
  return out;
}

async function measure(address: string): Promise<{ bare: number[]; two: number[]; phases: Record<string, number[]> }> {
  const nativeConnection = await NativeConnection.connect({ address });
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: path.join(here, 'bench-activity-latency-workflow.ts'),
    activities: { noop: async () => undefined },
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const result = await worker.runUntil(async () => {
    const handle = await client.workflow.start('latencyWorkflow', { taskQueue, workflowId: `bench-${randomUUID()}` });
    const bare: number[] = [];
    const two: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      // alternate, so a drift of the machine's load touches both alike
      let t = performance.now();
      await handle.executeUpdate(bareUpdate, { args: [i] });
      if (i >= WARMUP) bare.push(performance.now() - t);
      t = performance.now();
      await handle.executeUpdate(twoActivitiesUpdate, { args: [i] });
      if (i >= WARMUP) two.push(performance.now() - t);
    }
    const phases = await phasesOf(handle);
    await handle.signal(stopSignal);
    await handle.result();
    return { bare, two, phases };
  });
  await connection.close();
  await nativeConnection.close();
  return result;
}

const devVariants: Array<{ name: string; dynamic: string[] }> = [
  { name: 'dev server (as npm start)', dynamic: [] },
  { name: 'dev server, 1 task queue partition', dynamic: ['matching.numTaskqueueReadPartitions=1', 'matching.numTaskqueueWritePartitions=1'] },
  { name: 'dev server, new matcher', dynamic: ['matching.useNewMatcher=true'] },
  // the cause: the CLI's server (1.29.1) has eager activity execution off; 1.32 turns it on
  { name: 'dev server, eager activity execution', dynamic: ['system.enableActivityEagerExecution=true'] },
];
for (const spec of (process.env.BENCH_DEV_VARIANTS ?? '').split(';').filter(Boolean)) {
  const [name, kvs] = spec.split(/=(.*)/s);
  devVariants.push({ name: `dev server, ${name}`, dynamic: kvs.split(',') });
}
const realVariants: Array<{ name: string; yaml?: string; sqlite?: boolean }> = [
  { name: 'production server (deploy/temporal)' },
  { name: 'production server on SQLite in memory', sqlite: true },
];
if (process.env.BENCH_REAL_YAML) realVariants.push({ name: 'production server, BENCH_REAL_YAML', yaml: process.env.BENCH_REAL_YAML });

mkdirSync(path.join(ROOT, 'test', '.tmp'), { recursive: true });
const rows: Array<{ name: string; bare: number[]; two: number[]; phases: Record<string, number[]> }> = [];
const report = (r: (typeof rows)[number]) => {
  console.log(
    `${r.name.padEnd(48)} bare update p50 ${pct(r.bare, 50).toFixed(1).padStart(6)} ms p95 ${pct(r.bare, 95).toFixed(1).padStart(6)} ms | ` +
      `two activities p50 ${pct(r.two, 50).toFixed(1).padStart(6)} ms p95 ${pct(r.two, 95).toFixed(1).padStart(6)} ms`,
  );
  console.log(`${''.padEnd(48)} ${Object.entries(r.phases).map(([k, v]) => `${k} p50 ${v.length ? pct(v, 50).toFixed(1) : '-'} ms`).join(', ')}`);
};
console.log(`${N} updates of each kind per variant (after ${WARMUP} warm-up rounds), one workflow, the worker in this process`);
if (values.only !== 'real') {
  for (const v of devVariants) {
    const server = await devServer(v.dynamic);
    try {
      rows.push({ name: v.name, ...(await measure(server.address)) });
      report(rows[rows.length - 1]);
    } finally {
      await server.stop();
    }
  }
}
if (values.only !== 'dev') {
  for (const v of realVariants) {
    const server = await realServer({ dynamicYaml: v.yaml, sqlite: v.sqlite });
    try {
      rows.push({ name: v.name, ...(await measure(server.address)) });
      report(rows[rows.length - 1]);
    } finally {
      await server.stop();
    }
  }
}
if (rows.length > 1) {
  const base = rows[0];
  console.log('\nratios of the two-activity update p50 against the first variant:');
  for (const r of rows.slice(1)) console.log(`  ${r.name.padEnd(46)} ${(pct(r.two, 50) / pct(base.two, 50)).toFixed(2)}×`);
}
process.exit(0);
