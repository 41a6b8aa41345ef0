/**
 * A proposal whose API process dies at a chosen point of the start: run as its own process by
 * test/api/process-kit.test.ts. A Temporal client interceptor kills this process (SIGKILL) just
 * before the workflow start is sent (`before`) or just after the server accepted it (`after`), as a
 * crash or a `kill -9` of the API would.
 *   argv: <before|after> <householdId>   env: DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE
 */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app.ts';
import { secretKey, signToken } from '../../api/auth/tokens.ts';
import { createDb } from '../../lib/db.ts';

const [when, householdId] = process.argv.slice(2);
const die: WorkflowClientInterceptor = {
  async start(input, next) {
    if (when === 'before') process.kill(process.pid, 'SIGKILL');
    const runId = await next(input);
    if (when === 'after') process.kill(process.pid, 'SIGKILL');
    return runId;
  },
};
const handle = createDb(process.env.DATABASE_URL as string);
const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS as string });
const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE, interceptors: { workflow: [die] } });
const tokenKey = secretKey('a-test-only-signing-key-of-32-characters!');
const app = createApp({ db: handle.db, temporal: { client, taskQueue: process.env.TEMPORAL_TASK_QUEUE as string }, logger: pino({ level: 'silent' }), tokenKey });
const operator = await handle.db.user.findUniqueOrThrow({ where: { username: 'county.operator' } });
const token = await signToken({ sub: operator.id, username: operator.username, role: operator.role, regionId: operator.regionId }, tokenKey);
await request(app).post(`/api/households/${householdId}/return-to-poverty`).set({ Authorization: `Bearer ${token}` }).send({ reason: '进程中断测试：因病返贫' });
console.log('the process was expected to die before this line');
process.exit(3);
