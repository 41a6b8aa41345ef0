/**
 * The production topology as `npm run start:cluster` runs it (scripts/start-cluster.ts as a child
 * process): PostgreSQL started in a data folder, the real Temporal server on it, two worker
 * processes and the API. Through the HTTP API a return to poverty (返贫录入) runs to its end while
 * the worker holding the workflow is killed with SIGKILL (the supervisor restarts it) and the
 * Temporal server is restarted; the household ends registered-poor with exactly one RETURNED
 * ledger entry. SIGTERM to the script's PID then stops every piece within 10 seconds.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClusterBinaries, freePort, freeTemporalPort, resolveClusterBinaries } from '../../scripts/cluster.ts';
import type { PieceStatus } from '../../lib/supervisor.ts';
import { waitFor } from '../helpers/db.ts';
import { IN_CI, requirePart } from '../helpers/env.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'cluster-demo-password';
const hasGo = () => (process.env.PATH ?? '').split(':').some((d) => existsSync(path.join(d, 'go'))) || existsSync('/usr/local/go/bin/go');
const hasPostgres = existsSync('/usr/lib/postgresql') || !!process.env.PG_BIN;
const run =
  requirePart(findClusterBinaries() !== null || hasGo(), 'the production Temporal server (or Go to build it)') &&
  requirePart(hasPostgres, "Debian's PostgreSQL server (apt-get install postgresql)");

interface Status {
  supervisorPid: number;
  apiUrl?: string;
  temporalAddress?: string;
  pieces: Record<string, PieceStatus>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(run)('the production topology (npm run start:cluster)', () => {
  let dataDir: string;
  let script: ChildProcess;
  let output = '';
  let apiUrl: string;
  let temporalAddress: string;
  let startSeconds: number;
  const status = (): Status => JSON.parse(readFileSync(path.join(dataDir, 'cluster.json'), 'utf8')) as Status;

  beforeAll(async () => {
    // the server is built once per machine (minutes): here when CI's provisioning step did not
    await resolveClusterBinaries((l) => console.log(`[topology] ${l}`), path.join(os.tmpdir(), 'pee-provision.log'));
    // PostgreSQL runs as the postgres user, which must reach the folder: not under a private home
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pee-cluster-'));
    chmodSync(dataDir, 0o755);
    const [pgPort, apiPort, temporalPort] = [await freePort(), await freePort(), await freeTemporalPort()];
    const t0 = Date.now();
    const { DATABASE_URL: _unused, ...env } = process.env; // its own PostgreSQL in DATA_DIR, as on a fresh machine
    void _unused;
    script = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-cluster.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        DATA_DIR: dataDir,
        PG_PORT: String(pgPort),
        PORT: String(apiPort),
        TEMPORAL_PORT: String(temporalPort),
        WORKERS: '2',
        SEED: 'test',
        DEMO_PASSWORD: PASSWORD,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    script.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    script.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    await waitFor(async () => {
      if (script.exitCode !== null) throw new Error(`start:cluster exited with ${script.exitCode}:\n${output}`);
      return /Started in [\d.]+ s/.test(output);
    }, 'start:cluster to start', 240_000);
    startSeconds = (Date.now() - t0) / 1000;
    console.log(`[topology] started in ${startSeconds.toFixed(1)} s: ${/Started in .*/.exec(output)?.[0]}`);
    const s = status();
    apiUrl = s.apiUrl!;
    temporalAddress = s.temporalAddress!;
  }, IN_CI ? 900_000 : 600_000);

  afterAll(async () => {
    if (script && script.exitCode === null) {
      script.kill('SIGKILL');
      for (const p of Object.values(status().pieces)) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const tokens: Record<string, string> = {};
  async function call<T>(who: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${apiUrl}${url}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[who]}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  const filter = (f: object) => `filter=${encodeURIComponent(JSON.stringify(f))}`;

  /** The worker piece whose process ran the workflow's last workflow task (it holds the workflow in its cache). */
  async function workerHolding(workflowId: string): Promise<string> {
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
      const started = [...(history.events ?? [])].reverse().find((e) => e.workflowTaskStartedEventAttributes);
      const pid = Number(started?.workflowTaskStartedEventAttributes?.identity?.split('@')[0]);
      const entry = Object.entries(status().pieces).find(([name, p]) => name.startsWith('worker-') && p.pid === pid);
      if (!entry) throw new Error(`no worker piece has pid ${pid}`);
      return entry[0];
    } finally {
      await connection.close();
    }
  }

  it('runs a return to poverty through a worker kill and a server restart, with exactly one RETURNED entry', async () => {
    const pieces = status().pieces;
    expect(Object.keys(pieces).sort()).toEqual(['api', 'postgres', 'temporal', 'worker-1', 'worker-2']);
    for (const who of ['county.operator', 'township.supervisor', 'county.supervisor', 'office']) {
      const res = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: who, password: PASSWORD }) });
      expect(res.status, `login ${who}`).toBe(200);
      const body = (await res.json()) as { token: string; user: { regionId: string } };
      tokens[who] = body.token;
      if (who === 'township.supervisor') tokens.township = body.user.regionId;
    }

    // an EXITED household of 沅陵县 (431222), in the township supervisor's township
    const households = await call<Array<{ id: string; countyId: string; townshipId: string }>>('county.operator', 'GET', `/api/households?${filter({ status: 'EXITED', regionId: tokens.township })}&range=[0,0]`);
    expect(households.status).toBe(200);
    const target = households.body[0];
    expect(target, "an exited household in the township supervisor's township").toBeDefined();
    expect(target).toMatchObject({ countyId: '431222', townshipId: tokens.township });
    const started = await call<{ workflowId: string }>('county.operator', 'POST', `/api/households/${target!.id}/return-to-poverty`, { reason: '家庭成员重病，医疗支出超过收入' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const workflowId = started.body.workflowId;

    const openTask = (who: string) =>
      waitFor(async () => {
        const res = await call<Array<{ id: string; level: string }>>(who, 'GET', `/api/tasks?${filter({ status: 'OPEN', workflowId })}`);
        return res.status === 200 && res.body.length === 1 ? res.body[0] : undefined;
      }, `an open task of ${workflowId} for ${who}`, 60_000);

    // the township step waits: kill the worker that holds the workflow, mid-process
    const t1 = await openTask('township.supervisor');
    const victim = await workerHolding(workflowId);
    const victimPid = status().pieces[victim].pid!;
    process.kill(victimPid, 'SIGKILL');
    // Sent in the instant of the crash, the decision may be handed to the dead worker's last open poll
    // and wait for the workflow task timeout (10 s), past the API's 5 s bound: the API then answers
    // 503 "look at the task before sending again", and a person (or this test) does exactly that.
    const d1 = await call('township.supervisor', 'POST', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE', comment: '核实属实' });
    if (d1.status === 503) {
      expect((d1.body as { error: { code: string } }).error.code).toBe('TEMPORAL_UNAVAILABLE');
      await waitFor(async () => {
        const task = await call<{ status: string; decidedByName: string | null }>('township.supervisor', 'GET', `/api/tasks/${t1.id}`);
        if (task.body.status === 'DONE') return task.body;
        // still open: send it again (the first may also land meanwhile: then this one is a 409)
        const again = await call('township.supervisor', 'POST', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE', comment: '核实属实' });
        return again.status === 200 ? again.body : undefined;
      }, 'the township decision after a 503', 60_000);
      d1.status = 200;
    }
    expect(d1.status, JSON.stringify(d1.body)).toBe(200);
    // the supervisor brought the killed worker back
    await waitFor(async () => {
      const p = status().pieces[victim];
      return p.running && p.pid !== victimPid && p.crashRestarts >= 1;
    }, `${victim} to be restarted`, 60_000);

    // the county step waits: restart the Temporal server (SIGTERM; the supervisor starts it again)
    const t2 = await openTask('county.supervisor');
    expect(t2.id).not.toBe(t1.id);
    const serverPid = status().pieces.temporal.pid!;
    process.kill(serverPid, 'SIGTERM');
    await waitFor(async () => !alive(serverPid), 'the Temporal server to stop', 15_000);
    await waitFor(async () => {
      const p = status().pieces.temporal;
      if (!(p.running && p.pid !== serverPid)) return false;
      const health = await fetch(`${apiUrl}/api/health`).then((r) => r.json() as Promise<{ temporal: string }>, () => null);
      return health?.temporal === 'ok';
    }, 'the Temporal server to be back', 90_000);
    const d2 = await call('county.supervisor', 'POST', `/api/tasks/${t2.id}/decision`, { decision: 'APPROVE', comment: '同意返贫录入' });
    expect(d2.status, JSON.stringify(d2.body)).toBe(200);

    const household = await waitFor(async () => {
      const res = await call<{ status: string; ledger: { kind: string }[] }>('county.operator', 'GET', `/api/households/${target!.id}`);
      return res.body.status === 'POOR' ? res.body : undefined;
    }, 'the household to be registered-poor', 60_000);
    const kinds = household.ledger.map((l) => l.kind);
    expect(kinds.filter((k) => k === 'RETURNED')).toHaveLength(1);
    expect(kinds).toEqual(['REGISTERED', 'EXITED', 'RETURNED']);
    const audit = await call<Array<{ action: string }>>('office', 'GET', `/api/audit-events?${filter({ workflowId })}&sort=["at","ASC"]&range=[0,50]`);
    expect(audit.body.map((e) => e.action)).toEqual(['RETURN_REQUEST_OPENED', 'TASK_OPENED', 'TASK_DECIDED', 'TASK_OPENED', 'TASK_DECIDED', 'HOUSEHOLD_RETURNED_TO_POVERTY']);
    expect(status().pieces.temporal.starts).toBe(2);
  }, 300_000);

  it('keeps every piece\'s log in DATA_DIR/logs', () => {
    for (const name of ['postgres', 'temporal', 'worker-1', 'worker-2', 'api', 'seed']) {
      expect(existsSync(path.join(dataDir, 'logs', `${name}.log`)), `${name}.log`).toBe(true);
    }
    expect(readFileSync(path.join(dataDir, 'logs', 'worker-1.log'), 'utf8')).toMatch(/worker polling poverty-exit on 127\.0\.0\.1:\d+/);
  });

  it('stops every piece within 10 seconds of SIGTERM to its PID', async () => {
    const pids = Object.values(status().pieces).map((p) => p.pid!).filter(Boolean);
    expect(pids).toHaveLength(5);
    const t = Date.now();
    const exited = new Promise<number | null>((resolve) => script.once('exit', (code) => resolve(code)));
    script.kill('SIGTERM');
    const code = await exited;
    const seconds = (Date.now() - t) / 1000;
    console.log(`[topology] stopped in ${seconds.toFixed(1)} s`);
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
    expect(pids.filter(alive)).toEqual([]);
    expect(output).not.toMatch(/did not stop within/);
  }, 15_000);
});
