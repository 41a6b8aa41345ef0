/**
 * `npm start` as an operator runs it, in a temporary DATA_DIR on free ports: one instance per data
 * folder (a second start is refused at once, naming the first), the embedded Temporal server
 * supervised (killed, it comes back and a waiting decision still goes through), and SIGTERM / SIGINT
 * to the npm PID stopping everything it started within 10 s with exit code 0, draining an in-flight
 * request and keeping its audit row.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../lib/db.ts';
import { alive, freePort, killAll, portOpen, slowPost, spawnNpm, stopsCleanly, STACK_TRACE, waitUntil, type Spawned } from './processes.ts';

const PASSWORD = 'process-test-password';

describe('npm start (embedded)', () => {
  let dataDir: string;
  let ports: { api: number; temporal: number; ui: number };
  let env: Record<string, string>;
  let first: Spawned;
  let base: string;

  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    expect(res.status, `login ${username}`).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  const call = async (token: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
  };
  const health = async () => {
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) });
      return ((await res.json()) as { status: string }).status;
    } catch {
      return 'unreachable';
    }
  };
  const devServerPid = () => first.remember().find((p) => p.args.includes('start-dev'))?.pid;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pee-start-'));
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
    env = { DATA_DIR: dataDir, PORT: String(ports.api), TEMPORAL_PORT: String(ports.temporal), TEMPORAL_UI_PORT: String(ports.ui), DEMO_PASSWORD: PASSWORD };
    first = spawnNpm(['start'], env);
    await first.waitForOutput(/Started in/, 110_000);
    base = `http://127.0.0.1:${ports.api}`;
    first.remember();
  });
  afterAll(() => {
    killAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback by default and says so', async () => {
    expect(first.output()).toContain(`listening on 127.0.0.1:${ports.api}`);
    expect(await health()).toBe('ok');
  });

  it('refuses a second start on the same DATA_DIR at once, naming the PID and ports of the first, even with another DATABASE_URL', async () => {
    const other = { api: await freePort(), temporal: await freePort() };
    const t0 = Date.now();
    const second = spawnNpm(['start'], { ...env, PORT: String(other.api), TEMPORAL_PORT: String(other.temporal), DATABASE_URL: `file:${path.join(dataDir, 'other.db')}` });
    const { code } = await second.exited;
    const seconds = (Date.now() - t0) / 1000;
    const nodePid = first.remember().find((p) => p.args.includes('scripts/start.ts'))!.pid;
    expect(code).toBe(1);
    expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by another npm start (PID ${nodePid}`);
    expect(second.output()).toContain(`API 127.0.0.1:${ports.api}`);
    expect(second.output()).toContain(`Temporal 127.0.0.1:${ports.temporal}`);
    expect(second.output()).not.toMatch(STACK_TRACE);
    // refused before migrating or starting anything: no second Temporal server, no database file
    expect(await portOpen(other.temporal)).toBe(false);
    expect(() => readFileSync(path.join(dataDir, 'other.db'))).toThrow();
    console.log(`[process] second start refused in ${seconds.toFixed(1)} s (npm + node start-up included)`);
    expect(seconds).toBeLessThan(15);
    expect(await health()).toBe('ok');
  });

  it('restarts a Temporal dev server that died; health returns to ok by itself and a waiting decision goes through', async () => {
    const operator = await login('county.operator');
    const township = await login('township.supervisor');
    const households = await call(operator, 'GET', `/api/households?filter=${encodeURIComponent('{"status":"EXITED","regionId":"431222"}')}&range=[0,0]`);
    expect(households.status).toBe(200);
    const household = (households.body as unknown as { id: string }[])[0];
    const proposed = await call(operator, 'POST', `/api/households/${household.id}/return-to-poverty`, { reason: '家庭成员重病，医疗支出超过收入' });
    expect(proposed.status).toBe(201);
    const workflowId = proposed.body.workflowId as string;
    let taskId = '';
    await waitUntil(async () => {
      const inbox = await call(township, 'GET', `/api/tasks?filter=${encodeURIComponent('{"status":"OPEN"}')}&range=[0,99]`);
      taskId = (inbox.body as unknown as { id: string; workflowId: string }[]).find((t) => t.workflowId === workflowId)?.id ?? '';
      return taskId !== '';
    }, 'the township task in the inbox', 30_000);

    const killed = devServerPid();
    expect(killed).toBeDefined();
    const offset = first.output().length;
    const t0 = Date.now();
    process.kill(killed!, 'SIGKILL');
    await first.waitForOutput(/\[temporal\] dev server is back on/, 45_000);
    await waitUntil(async () => (await health()) === 'ok', 'health to return to ok by itself', 30_000);
    const outage = Date.now() - t0;
    const restarted = devServerPid();
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(killed);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'instance.json'), 'utf8')).temporalPid).toBe(restarted);

    const decided = await call(township, 'POST', `/api/tasks/${taskId}/decision`, { decision: 'APPROVE', comment: '核实属实' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ id: taskId, status: 'DONE', decision: 'APPROVE' });
    const during = first.output().slice(offset).split('\n');
    console.log(`[process] health back to ok ${(outage / 1000).toFixed(1)} s after the kill; ${during.length} log lines meanwhile`);
    expect(during.filter((l) => l.startsWith('[temporal] dev server exited')), during.join('\n')).toHaveLength(1);
    // the worker's retries while the server was down: a line or two, not one per retried poll
    expect(during.filter((l) => /retried \d+ times/.test(l))).toEqual([]);
    expect(during.filter((l) => l.startsWith('[temporal-sdk]')).length).toBeLessThanOrEqual(2);
  });

  it('on SIGTERM to the npm PID: drains an in-flight request (answered and audited), refuses new connections, stops everything within 10 s, exit 0', async () => {
    // a login whose body is still arriving when the signal comes
    const login = slowPost(ports.api, '/api/auth/login', JSON.stringify({ username: 'leader', password: PASSWORD }));
    // once another request has been served, the first connection has been accepted and its headers read
    expect(await health()).toBe('ok');
    const stopping = stopsCleanly(first, 'SIGTERM', [ports.api, ports.temporal, ports.ui]);
    await first.waitForOutput(/\[start\] SIGTERM: stopping/, 5_000);
    await waitUntil(async () => !(await portOpen(ports.api)), 'the API to stop accepting connections', 5_000);
    login.finish();
    expect(await login.answered).toEqual({ status: 200, connection: 'close' });
    const { ms, code } = await stopping;
    console.log(`[process] npm start stopped ${ms} ms after SIGTERM`);
    expect(code).toBe(0);
    expect(first.output()).not.toMatch(STACK_TRACE);
    expect(first.output()).not.toContain('Channel has been shut down');
    // drained, not cut: every connection ended before the drain limit
    expect(first.output()).not.toContain('still busy after the drain limit');
    console.log(first.output().split('\n').filter((l) => l.startsWith('[start]')).join('\n'));

    const handle = createDb(`file:${path.join(dataDir, 'app.db')}`);
    try {
      const rows = await handle.db.auditEvent.findMany({ where: { action: 'LOGIN', targetId: 'leader' } });
      expect(rows.map((r) => r.outcome)).toEqual(['SUCCESS']);
    } finally {
      await handle.db.$disconnect();
    }
  });

  it('starts again on the same DATA_DIR (the lock went with the first) and stops on SIGINT to the npm PID within 10 s, exit 0', async () => {
    const again = spawnNpm(['start'], env);
    await again.waitForOutput(/Started in/, 90_000);
    expect(again.output()).not.toContain('first start: seeding');
    const temporal = again.remember().find((p) => p.args.includes('start-dev'));
    expect(temporal && alive(temporal.pid)).toBe(true);
    const { ms, code } = await stopsCleanly(again, 'SIGINT', [ports.api, ports.temporal, ports.ui]);
    console.log(`[process] npm start stopped ${ms} ms after SIGINT`);
    expect(code).toBe(0);
    expect(again.output()).not.toMatch(STACK_TRACE);
  });
});
