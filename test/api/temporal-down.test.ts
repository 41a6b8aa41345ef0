/**
 * Temporal down, the API up: writes that need Temporal answer 503 with Retry-After within the
 * API's bound (api/temporal.ts), never a 500 and never after the SDK's own retries; reads keep
 * working; health names the failing part at once; each refused write is audited.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { secretKey } from '../../api/auth/tokens.ts';
import { DEFAULT_TEMPORAL_CALL_TIMEOUT_MS, TEMPORAL_CHECK_TIMEOUT_MS } from '../../api/temporal.ts';
import { startDevServer, type RunningDevServer } from '../../lib/dev-server.ts';
import { ensureSearchAttributes } from '../../worker/search-attributes.ts';
import { seed } from '../../prisma/seed/index.ts';
import { createActivities } from '../../worker/index.ts';
import { freshDb, waitFor } from '../helpers/db.ts';
import { inject } from '../helpers/env.ts';
import { TEST_PASSWORD } from '../helpers/stack.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('Temporal down, the API up (own dev server, killed mid-test)', () => {
  let dev: RunningDevServer;
  let handle: Awaited<ReturnType<typeof freshDb>>;
  let worker: Worker;
  let running: Promise<void>;
  let connection: Connection;
  let app: ReturnType<typeof createApp>;
  const tokens: Record<string, string> = {};
  const taskQueue = `down-${randomUUID()}`;

  beforeAll(async () => {
    dev = await startDevServer({ port: await freePort() });
    handle = await freshDb('sqlite');
    await seed(handle, { scale: 'test', demoPassword: TEST_PASSWORD });
    connection = await Connection.connect({ address: dev.address });
    await ensureSearchAttributes(connection);
    const native = await NativeConnection.connect({ address: dev.address });
    worker = await Worker.create({ connection: native, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities: createActivities({ db: handle.db }) });
    running = worker.run();
    app = createApp({ db: handle.db, temporal: { client: new Client({ connection }), taskQueue }, logger: pino({ level: 'silent' }), tokenKey: secretKey('a-test-only-signing-key-of-32-characters!') });
    for (const who of ['county.operator', 'township.supervisor']) {
      tokens[who] = (await request(app).post('/api/auth/login').send({ username: who, password: TEST_PASSWORD })).body.token;
    }
  });
  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    // the client connection is left to the end of the process: calls the API abandoned at its bound
    // may still have gRPC retries pending, and those throw on a closed channel
    await handle?.drop();
    await dev?.stop();
  });

  it('answers a decision and a proposal with 503 and Retry-After within the bound, keeps reads, audits the refusals', async () => {
    const exited = await handle.db.household.findMany({ where: { status: 'EXITED', countyId: '431222' }, orderBy: { id: 'asc' }, take: 2 });
    const started = await request(app).post(`/api/households/${exited[0].id}/return-to-poverty`).set({ Authorization: `Bearer ${tokens['county.operator']}` }).send({ reason: '因病返贫，停机测试' });
    expect(started.status).toBe(201);
    const task = await waitFor(() => handle.db.task.findFirst({ where: { workflowId: started.body.workflowId, status: 'OPEN' } }), 'the first task');
    // the worker goes first (it would retry for ever), then the server dies
    worker.shutdown();
    await running;
    await dev.stop();

    const bound = DEFAULT_TEMPORAL_CALL_TIMEOUT_MS + 2000;
    let t = Date.now();
    const decision = await request(app).post(`/api/tasks/${task.id}/decision`).set({ Authorization: `Bearer ${tokens['township.supervisor']}` }).send({ decision: 'APPROVE' });
    const decisionMs = Date.now() - t;
    expect(decision.status, JSON.stringify(decision.body)).toBe(503);
    expect(decision.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(decision.headers['retry-after']).toBe('5');
    expect(decisionMs).toBeLessThan(bound);

    t = Date.now();
    const proposal = await request(app).post(`/api/households/${exited[1].id}/return-to-poverty`).set({ Authorization: `Bearer ${tokens['county.operator']}` }).send({ reason: '因学致贫，停机测试' });
    const proposalMs = Date.now() - t;
    expect(proposal.status, JSON.stringify(proposal.body)).toBe(503);
    expect(proposal.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(proposal.headers['retry-after']).toBe('5');
    expect(proposalMs).toBeLessThan(bound + TEMPORAL_CHECK_TIMEOUT_MS); // the start, then a quick describe: did it land?

    t = Date.now();
    const health = await request(app).get('/api/health');
    const healthMs = Date.now() - t;
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', temporal: 'down', database: 'ok' });
    expect(healthMs).toBeLessThan(3000);

    // reads do not need Temporal
    expect((await request(app).get('/api/tasks').set({ Authorization: `Bearer ${tokens['township.supervisor']}` })).status).toBe(200);
    // nothing changed, and each attempt is audited as failed
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'OPEN' });
    expect(await handle.db.returnRequest.count({ where: { householdId: exited[1].id } })).toBe(0);
    await waitFor(() => handle.db.auditEvent.findFirst({ where: { action: 'TASK_DECISION', targetId: task.id, outcome: 'FAILED' } }), 'the failed decision in the audit log');
    await waitFor(() => handle.db.auditEvent.findFirst({ where: { action: 'RETURN_TO_POVERTY_PROPOSED', targetId: exited[1].id, outcome: 'FAILED' } }), 'the failed proposal in the audit log');
    console.log(`[temporal down] decision ${decisionMs} ms, proposal ${proposalMs} ms, health ${healthMs} ms`);
  });
});
