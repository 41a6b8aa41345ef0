/**
 * The API against real parts — a Temporal dev server with a worker, and the database of each
 * provider. Each resource's file runs its tests once on SQLite and once on PostgreSQL with its own
 * seeded stack: `forEachProvider(name, (ctx) => { ...tests })`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { hashPassword } from '../../api/auth/password.ts';
import type { AppDeps } from '../../api/context.ts';
import { waitFor, type Provider } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';
import { startStack, TEST_PASSWORD, type Stack } from '../helpers/stack.ts';

export const DEMO_USERS = ['admin', 'office', 'supervisor', 'leader', 'evaluator', 'county.supervisor', 'county.operator', 'township.supervisor', 'city.supervisor', 'village.secretary'] as const;
export type Who = (typeof DEMO_USERS)[number] | 'other.supervisor' | 'other.operator';
export const OTHER_COUNTY = '433122'; // 泸溪县: outside 沅陵县
export { TEST_PASSWORD };

export interface ApiContext {
  stack: Stack;
  tokens: Record<Who, string>;
  /** exited households of 沅陵县 (ordered by id), a poor one, and one in another county */
  exited: { id: string; villageId: string }[];
  poor: { id: string; villageId: string };
  foreign: { id: string };
  children: ChildProcess[];
  api: () => ReturnType<typeof request>;
  as: (who: Who) => { Authorization: string };
  get: (who: Who, url: string) => request.Test;
  post: (who: Who, url: string, body?: unknown) => request.Test;
  snapshotCounts: () => Promise<{ requests: number; tasks: number; poor: number; objections: number }>;
  openTaskOf: (workflowId: string, stepKey: string) => ReturnType<Stack['db']['task']['findFirst']> extends Promise<infer T> ? Promise<NonNullable<T>> : never;
}

/** A seeded stack with every demo user signed in, set up before the tests of the enclosing describe. */
export function apiContext(provider: Provider, opts: { processes?: AppDeps['processes'] } = {}): ApiContext {
  const ctx = { tokens: {}, children: [] as ChildProcess[] } as ApiContext;
  ctx.api = () => request(ctx.stack.app);
  ctx.as = (who) => ({ Authorization: `Bearer ${ctx.tokens[who]}` });
  ctx.get = (who, url) => ctx.api().get(url).set(ctx.as(who));
  ctx.post = (who, url, body) => ctx.api().post(url).set(ctx.as(who)).send(body as object);
  ctx.snapshotCounts = async () => ({
    requests: await ctx.stack.db.returnRequest.count(),
    tasks: await ctx.stack.db.task.count(),
    poor: await ctx.stack.db.household.count({ where: { status: 'POOR' } }),
    objections: await ctx.stack.db.objection.count(),
  });
  ctx.openTaskOf = ((workflowId: string, stepKey: string) =>
    waitFor(() => ctx.stack.db.task.findFirst({ where: { workflowId, stepKey, status: 'OPEN' } }), `${stepKey} of ${workflowId}`)) as ApiContext['openTaskOf'];

  beforeAll(async () => {
    ctx.stack = await startStack(provider, { processes: opts.processes });
    const township = await ctx.stack.db.region.findFirstOrThrow({ where: { parentId: OTHER_COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } });
    const hash = await hashPassword(TEST_PASSWORD);
    await ctx.stack.db.user.createMany({
      data: [
        { username: 'other.supervisor', displayName: '泸溪县审核人', passwordHash: hash, role: 'SUPERVISOR', regionId: OTHER_COUNTY },
        { username: 'other.operator', displayName: '泸溪县填报员', passwordHash: hash, role: 'COUNTY_OPERATOR', regionId: OTHER_COUNTY },
      ],
    });
    const village = `${township.id}001`;
    await ctx.stack.db.region.create({ data: { id: village, code: village, name: '外县测试村', level: 'VILLAGE', parentId: township.id } });
    ctx.foreign = await ctx.stack.db.household.create({
      data: { id: `H${village}0001`, code: `${village}0001`, headName: '李四', size: 2, status: 'EXITED', povertyCause: 'ILLNESS', registeredYear: 2014, exitedYear: 2016, cityId: '4331', countyId: OTHER_COUNTY, townshipId: township.id, villageId: village },
    });
    for (const who of [...DEMO_USERS, 'other.supervisor', 'other.operator'] as Who[]) {
      const res = await ctx.api().post('/api/auth/login').send({ username: who, password: TEST_PASSWORD });
      expect(res.status, `login ${who}`).toBe(200);
      ctx.tokens[who] = res.body.token;
    }
    ctx.exited = await ctx.stack.db.household.findMany({ where: { status: 'EXITED', countyId: '431222' }, orderBy: { id: 'asc' }, select: { id: true, villageId: true } });
    ctx.poor = await ctx.stack.db.household.findFirstOrThrow({ where: { status: 'POOR', countyId: '431222' }, select: { id: true, villageId: true } });
    expect(ctx.exited.length).toBeGreaterThanOrEqual(7);
  });
  afterAll(async () => {
    for (const c of ctx.children) if (c.exitCode === null) c.kill('SIGKILL');
    await ctx.stack?.stop();
  });
  return ctx;
}

/** Runs `body` on SQLite and on PostgreSQL (PostgreSQL missing: skipped outside CI, failed in CI). */
export function forEachProvider(name: string, body: (ctx: ApiContext) => void, opts: { processes?: AppDeps['processes'] } = {}): void {
  describe(`${name} (SQLite)`, () => body(apiContext('sqlite', opts)));
  describe.runIf(requirePart(inject('pgUrl') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))(`${name} (PostgreSQL)`, () => body(apiContext('postgres', opts)));
}


/** Runs worker/main.ts as its own process against the stack's database and task queue. */
export function workerProcess(stack: Stack): { child: ChildProcess; ready: boolean } {
  const state = { child: null as unknown as ChildProcess, ready: false };
  state.child = spawn(process.execPath, ['--import', 'tsx', path.resolve('worker/main.ts')], {
    env: { ...process.env, TEMPORAL_ADDRESS: stack.address, DATABASE_URL: stack.url, TEMPORAL_TASK_QUEUE: stack.taskQueue, TEMPORAL_NAMESPACE: stack.namespace },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  state.child.stdout?.on('data', (b: Buffer) => {
    if (b.toString().includes('worker polling')) state.ready = true;
  });
  return state;
}
