/**
 * Temporal goes away under a running API and worker (a cluster outage): the worker says so in one
 * line instead of one line per retried poll, and SIGTERM still stops both within 10 s with exit
 * code 0, without the gRPC "Channel has been shut down" crash or any stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type RunningDevServer } from '../../lib/dev-server.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { freePort, killAll, spawnNpm, stopsCleanly, STACK_TRACE, waitUntil } from './processes.ts';

describe('a Temporal outage under npm run start:api and start:worker', () => {
  let stack: Stack;
  let temporal: RunningDevServer;

  beforeAll(async () => {
    stack = await startStack('sqlite');
    await stack.stopWorker();
    temporal = await startDevServer({ port: await freePort() });
  });
  afterAll(async () => {
    killAll();
    await temporal?.stop();
    await stack?.stop();
  });

  it('logs the outage once, and SIGTERM stops both within 10 s, exit 0, no stack trace', async () => {
    const port = await freePort();
    const env = { TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: stack.url, TEMPORAL_TASK_QUEUE: stack.taskQueue, JWT_SECRET: 'a-process-test-signing-key-of-32-characters', LOG_LEVEL: 'info', PORT: String(port) };
    const worker = spawnNpm(['run', 'start:worker'], env);
    const api = spawnNpm(['run', 'start:api'], env);
    await Promise.all([worker.waitForOutput(/worker polling/, 60_000), api.waitForOutput(/API listening/, 60_000)]);
    const health = async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
    expect(await health()).toBe(200);

    await temporal.stop();
    await waitUntil(async () => (await health()) === 503, 'health to report Temporal down', 20_000);
    await worker.waitForOutput(/cannot reach the Temporal server/, 30_000);
    // the rate of the worker's log during the outage is what is measured: a fixed window
    const from = worker.output().length;
    await new Promise((r) => setTimeout(r, 10_000));
    const lines = worker.output().slice(from).split('\n').filter((l) => l.trim() !== '');
    console.log(`[process] worker log lines in 10 s of Temporal outage: ${lines.length}`);
    expect(lines, lines.join('\n')).toHaveLength(0);
    expect(worker.output()).not.toMatch(/retried \d+ times/);
    expect(await health()).toBe(503);

    const [w, a] = await Promise.all([stopsCleanly(worker, 'SIGTERM', []), stopsCleanly(api, 'SIGTERM', [port])]);
    console.log(`[process] with Temporal down: worker stopped in ${w.ms} ms, API in ${a.ms} ms`);
    expect([w.code, a.code]).toEqual([0, 0]);
    for (const p of [worker, api]) {
      expect(p.output()).not.toContain('Channel has been shut down');
      expect(p.output()).not.toMatch(STACK_TRACE);
    }
  });
});
