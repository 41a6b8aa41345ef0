/**
 * The API against real parts — a Temporal dev server with a worker, and the database of the
 * given provider: contract routes, the authorization matrix (each role × each route), bad input on
 * every write route (clear 4xx, nothing changed), the return-to-poverty process end to end,
 * concurrent decisions, bulk decisions, and a worker killed while a step waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { hashPassword } from '../../api/auth/password.ts';
import { waitFor, type Provider } from '../helpers/db.ts';
import { startStack, TEST_PASSWORD, type Stack } from '../helpers/stack.ts';

const DEMO_USERS = ['admin', 'office', 'supervisor', 'leader', 'evaluator', 'county.supervisor', 'county.operator', 'township.supervisor'] as const;
type Who = (typeof DEMO_USERS)[number] | 'other.supervisor' | 'other.operator';
const OTHER_COUNTY = '433122'; // 泸溪县: outside 沅陵县

export function apiSuite(provider: Provider) {
  let stack: Stack;
  const tokens = {} as Record<Who, string>;
  let exited: { id: string; villageId: string }[] = [];
  let poor: { id: string; villageId: string };
  let foreign: { id: string };

  const api = () => request(stack.app);
  const as = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });
  const get = (who: Who, url: string) => api().get(url).set(as(who));
  const post = (who: Who, url: string, body?: unknown) => api().post(url).set(as(who)).send(body as object);
  const snapshotCounts = async () => ({
    requests: await stack.db.returnRequest.count(),
    tasks: await stack.db.task.count(),
    poor: await stack.db.household.count({ where: { status: 'POOR' } }),
    objections: await stack.db.objection.count(),
  });
  const openTaskOf = (workflowId: string, stepKey: string) =>
    waitFor(() => stack.db.task.findFirst({ where: { workflowId, stepKey, status: 'OPEN' } }), `${stepKey} of ${workflowId}`);

  beforeAll(async () => {
    stack = await startStack(provider);
    const township = await stack.db.region.findFirstOrThrow({ where: { parentId: OTHER_COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } });
    const hash = await hashPassword(TEST_PASSWORD);
    await stack.db.user.createMany({
      data: [
        { username: 'other.supervisor', displayName: '泸溪县审核人', passwordHash: hash, role: 'SUPERVISOR', regionId: OTHER_COUNTY },
        { username: 'other.operator', displayName: '泸溪县填报员', passwordHash: hash, role: 'COUNTY_OPERATOR', regionId: OTHER_COUNTY },
      ],
    });
    const village = `${township.id}001`;
    await stack.db.region.create({ data: { id: village, code: village, name: '外县测试村', level: 'VILLAGE', parentId: township.id } });
    foreign = await stack.db.household.create({
      data: { id: `H${village}0001`, code: `${village}0001`, headName: '李四', size: 2, status: 'EXITED', povertyCause: 'ILLNESS', registeredYear: 2014, exitedYear: 2016, cityId: '4331', countyId: OTHER_COUNTY, townshipId: township.id, villageId: village },
    });
    for (const who of [...DEMO_USERS, 'other.supervisor', 'other.operator'] as Who[]) {
      const res = await api().post('/api/auth/login').send({ username: who, password: TEST_PASSWORD });
      expect(res.status, `login ${who}`).toBe(200);
      tokens[who] = res.body.token;
    }
    exited = await stack.db.household.findMany({ where: { status: 'EXITED', countyId: '431222' }, orderBy: { id: 'asc' }, select: { id: true, villageId: true } });
    poor = await stack.db.household.findFirstOrThrow({ where: { status: 'POOR', countyId: '431222' }, select: { id: true, villageId: true } });
    expect(exited.length).toBeGreaterThanOrEqual(7);
  });
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await stack?.stop();
  });

  describe('health, OpenAPI, login', () => {
    it('reports health of the database and Temporal', async () => {
      const res = await api().get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
    });

    it('serves an OpenAPI 3 document naming the contract routes', async () => {
      const res = await api().get('/api/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      for (const p of ['/api/health', '/api/auth/login', '/api/regions', '/api/regions/{id}', '/api/households', '/api/households/{id}/return-to-poverty', '/api/cadres', '/api/tasks', '/api/tasks/{id}/decision', '/api/objections', '/api/audit-events']) {
        expect(Object.keys(res.body.paths), p).toContain(p);
      }
    });

    it('answers a wrong password with 401 and records the attempt', async () => {
      const res = await api().post('/api/auth/login').send({ username: 'office', password: 'wrong-password' });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'wrong username or password', details: [] });
      await waitFor(() => stack.db.auditEvent.findFirst({ where: { action: 'LOGIN', targetId: 'office', outcome: 'DENIED' } }), 'the denied login in the audit log');
    });

    it('rate-limits login attempts per address and username (429 after the limit)', async () => {
      const limited = createApp({ ...stack.deps, loginRateLimit: { windowMs: 60_000, limit: 3 } });
      const attempt = () => request(limited).post('/api/auth/login').send({ username: 'leader', password: 'guess-' + Math.random() });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const blocked = await attempt();
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('RATE_LIMITED');
      // even the right password is refused until the window passes
      expect((await request(limited).post('/api/auth/login').send({ username: 'leader', password: TEST_PASSWORD })).status).toBe(429);
      // spelling variants of the same name share its budget
      for (const variant of [' leader', 'leader ', '\tleader', 'LEADER']) {
        expect((await request(limited).post('/api/auth/login').send({ username: variant, password: 'x' })).status, JSON.stringify(variant)).toBe(429);
      }
      // another username from the same address is not blocked
      expect((await request(limited).post('/api/auth/login').send({ username: 'office', password: TEST_PASSWORD })).status).toBe(200);
    });

    it('returns the user with role and scope on login, and refuses missing or forged tokens', async () => {
      const res = await api().post('/api/auth/login').send({ username: 'county.operator', password: TEST_PASSWORD });
      expect(res.body.user).toMatchObject({ username: 'county.operator', role: 'COUNTY_OPERATOR', regionId: '431222', regionName: '沅陵县' });
      expect((await api().get('/api/regions')).status).toBe(401);
      expect((await api().get('/api/regions').set({ Authorization: 'Bearer not.a.token' })).status).toBe(401);
      expect((await get('county.operator', '/api/me')).body).toMatchObject({ username: 'county.operator', regionName: '沅陵县' });
    });
  });

  describe('reads', () => {
    it('lists regions react-admin style with Content-Range', async () => {
      const res = await get('leader', `/api/regions?filter=${encodeURIComponent('{"level":"CITY"}')}&range=[0,4]&sort=["code","ASC"]`);
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe('regions 0-4/14');
      expect(res.body[0]).toMatchObject({ id: '4301', code: '4301', name: '长沙市', level: 'CITY', parentId: '43' });
      const county = await get('leader', '/api/regions/431222');
      expect(county.body).toMatchObject({ name: '沅陵县', level: 'COUNTY', isPoor: true });
      expect(county.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['湖南省', '怀化市']);
      expect((await get('leader', '/api/regions/999999')).status).toBe(404);
    });

    it('scopes households to the caller and refuses regions outside it', async () => {
      const mine = await get('county.operator', '/api/households?range=[0,999]');
      expect(mine.status).toBe(200);
      expect(mine.body.every((h: { countyId: string }) => h.countyId === '431222')).toBe(true);
      const total = Number(mine.headers['content-range'].split('/')[1]);
      expect(total).toBe(await stack.db.household.count({ where: { countyId: '431222' } }));
      expect((await get('county.operator', `/api/households?filter=${encodeURIComponent(JSON.stringify({ regionId: OTHER_COUNTY }))}`)).status).toBe(403);
      expect((await get('county.operator', `/api/households/${foreign.id}`)).status).toBe(403);
      const exitedOnly = await get('office', `/api/households?filter=${encodeURIComponent('{"status":"EXITED","regionId":"431222"}')}`);
      expect(exitedOnly.status).toBe(200);
      expect(exitedOnly.body.length).toBeGreaterThan(0);
      expect(exitedOnly.body.every((h: { status: string }) => h.status === 'EXITED')).toBe(true);
      const one = await get('county.supervisor', `/api/households/${exited[0].id}`);
      expect(one.body).toMatchObject({ id: exited[0].id, status: 'EXITED' });
      expect(one.body.members.length).toBeGreaterThan(0);
      expect(one.body.records.length).toBeGreaterThan(0);
      expect(one.body.ledger.map((l: { kind: string }) => l.kind)).toEqual(['REGISTERED', 'EXITED']);
    });

    it('shows leaders only published rankings', async () => {
      await stack.db.rankingSnapshot.createMany({
        data: [
          { cycleId: 'c-2017', year: 2017, version: 1, status: 'PUBLISHED', entries: [{ regionId: '431222', rank: 1, total: 91.5 }] },
          { cycleId: 'c-2017', year: 2017, version: 2, status: 'DRAFT', entries: [] },
        ],
      });
      const leader = await get('leader', '/api/rankings?year=2017');
      expect(leader.body.map((r: { version: number; status: string }) => `${r.version}:${r.status}`)).toEqual(['1:PUBLISHED']);
      const office = await get('office', '/api/rankings?year=2017');
      expect(office.body.map((r: { version: number; status: string }) => `${r.version}:${r.status}`)).toEqual(['2:DRAFT', '1:PUBLISHED']);
      expect((await get('leader', '/api/rankings?year=abc')).status).toBe(400);
    });

    it('lets a township supervisor open the cadres its list shows', async () => {
      const res = await get('township.supervisor', '/api/cadres?range=[0,4]');
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const c of res.body as { id: string }[]) expect((await get('township.supervisor', `/api/cadres/${c.id}`)).status).toBe(200);
    });

    it('lists cadres with assignments in scope', async () => {
      const res = await get('county.supervisor', '/api/cadres?range=[0,9]');
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
      expect(res.body.every((c: { regionId: string }) => c.regionId.startsWith('431222'))).toBe(true);
      const one = await get('county.supervisor', `/api/cadres/${res.body[0].id}`);
      expect(one.body.assignments.length).toBeGreaterThan(0);
    });
  });

  describe('bad input on every write route: a clear 4xx and nothing changed', () => {
    const cases: Array<[string, Who, string, unknown, number, string]> = [
      ['login without password', 'office', '/api/auth/login', { username: 'office' }, 400, 'INVALID_INPUT'],
      ['login with a number as name', 'office', '/api/auth/login', { username: 5, password: 'x' }, 400, 'INVALID_INPUT'],
      ['return without reason', 'county.operator', '/api/households/:exited/return-to-poverty', {}, 400, 'INVALID_INPUT'],
      ['return with a too short reason', 'county.operator', '/api/households/:exited/return-to-poverty', { reason: 'ab' }, 400, 'INVALID_INPUT'],
      ['return with an unknown field', 'county.operator', '/api/households/:exited/return-to-poverty', { reason: '因病返贫需要帮扶', status: 'POOR' }, 400, 'INVALID_INPUT'],
      ['return with a 501-character reason', 'county.operator', '/api/households/:exited/return-to-poverty', { reason: 'x'.repeat(501) }, 400, 'INVALID_INPUT'],
      ['return for an unknown household', 'county.operator', '/api/households/H-none/return-to-poverty', { reason: '因病返贫需要帮扶' }, 404, 'NOT_FOUND'],
      ['return for a household still poor', 'county.operator', '/api/households/:poor/return-to-poverty', { reason: '因病返贫需要帮扶' }, 422, 'NOT_EXITED'],
      ['decision with an unknown verb', 'county.supervisor', '/api/tasks/anything/decision', { decision: 'MAYBE' }, 400, 'INVALID_INPUT'],
      ['decision with a 2001-character comment', 'county.supervisor', '/api/tasks/anything/decision', { decision: 'REJECT', comment: 'x'.repeat(2001) }, 400, 'INVALID_INPUT'],
      ['decision on an unknown task', 'county.supervisor', '/api/tasks/none/decision', { decision: 'APPROVE' }, 404, 'NOT_FOUND'],
      ['bulk decision without ids', 'county.supervisor', '/api/tasks/decisions', { ids: [], decision: 'APPROVE' }, 400, 'INVALID_INPUT'],
      ['bulk decision over 200 ids', 'county.supervisor', '/api/tasks/decisions', { ids: Array.from({ length: 201 }, (_, i) => `t${i}`), decision: 'APPROVE' }, 400, 'INVALID_INPUT'],
      ['objection of an unknown kind', 'county.operator', '/api/objections', { subjectType: 'PERSON', subjectId: 'x', reason: '公示信息有误' }, 400, 'INVALID_INPUT'],
      ['objection outside any public notice', 'county.operator', '/api/objections', { subjectType: 'HOUSEHOLD', subjectId: 'H1', reason: '公示信息有误' }, 422, 'NO_OPEN_NOTICE'],
    ];
    it.each(cases)('%s', async (_name, who, url, body, status, code) => {
      const before = await snapshotCounts();
      const target = url.replace(':exited', exited[exited.length - 1].id).replace(':poor', poor.id);
      const res = await post(who, target, body);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
      expect(res.body.error.message).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
      expect(await snapshotCounts()).toEqual(before);
    });

    it('refuses a proposal for a household outside the caller\'s county (403), changing nothing', async () => {
      const before = await snapshotCounts();
      const res = await post('other.operator', `/api/households/${exited[exited.length - 1].id}/return-to-poverty`, { reason: '跨县提交的申请理由' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(await snapshotCounts()).toEqual(before);
    });

    it('answers NUL characters with 400, never 500', async () => {
      expect((await get('office', '/api/households/%00')).status).toBe(400);
      expect((await get('office', `/api/households?filter=${encodeURIComponent(JSON.stringify({ q: 'a\u0000b' }))}`)).status).toBe(400);
      const body = await api().post(`/api/households/${exited[0].id}/return-to-poverty`).set(as('county.operator')).set('Content-Type', 'application/json').send('{"reason":"abc\\u0000defgh"}');
      expect(body.status).toBe(400);
    });

    it('answers a body that is not JSON with 400', async () => {
      const res = await api().post(`/api/households/${exited[0].id}/return-to-poverty`).set(as('county.operator')).set('Content-Type', 'application/json').send('{"reason": ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
    });

    it('answers malformed list queries with 400, never 500', async () => {
      for (const q of ['range=[0', 'sort=["nope","ASC"]', 'filter={"hack":1}', 'filter=[]', 'range=["a","b"]', 'filter={"status":"RICH"}']) {
        const res = await get('office', `/api/households?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.body.error.code).toBe('INVALID_INPUT');
      }
    });
  });

  describe('return to poverty (返贫录入) end to end through the API', () => {
    it('county operator proposes, township checks, county approves: the household is registered-poor again', async () => {
      const target = exited[0];
      const started = await post('county.operator', `/api/households/${target.id}/return-to-poverty`, { reason: '家庭成员重病，医疗支出超过收入' });
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ status: 'PENDING' });
      const { workflowId } = started.body as { workflowId: string };
      const again = await post('county.operator', `/api/households/${target.id}/return-to-poverty`, { reason: '重复提交' + '的申请' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('ALREADY_IN_PROGRESS');

      const t1 = await openTaskOf(workflowId, 'township-check#1');
      const inbox = await get('township.supervisor', `/api/tasks?filter=${encodeURIComponent('{"status":"OPEN"}')}`);
      expect(inbox.body.map((t: { id: string }) => t.id)).toContain(t1.id);
      expect(inbox.body.find((t: { id: string }) => t.id === t1.id)).toMatchObject({ assignedRole: 'SUPERVISOR', level: 'TOWNSHIP', overdue: false, workflowId });
      expect((await get('county.operator', `/api/tasks?filter=${encodeURIComponent('{"status":"OPEN"}')}`)).body.map((t: { id: string }) => t.id)).not.toContain(t1.id);

      const d1 = await post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE', comment: '核实属实' });
      expect(d1.status).toBe(200);
      expect(d1.body).toMatchObject({ id: t1.id, status: 'DONE', decision: 'APPROVE', comment: '核实属实' });
      expect(d1.body.decidedByName).toMatch(/\(township\.supervisor\)$/);
      const repeat = await post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE' });
      expect(repeat.status).toBe(409);

      const t2 = await openTaskOf(workflowId, 'county-approval#1');
      expect((await post('township.supervisor', `/api/tasks/${t2.id}/decision`, { decision: 'APPROVE' })).status).toBe(403); // township scope does not contain the county
      const d2 = await post('county.supervisor', `/api/tasks/${t2.id}/decision`, { decision: 'APPROVE', comment: '同意返贫录入' });
      expect(d2.status).toBe(200);

      const household = await waitFor(async () => {
        const res = await get('county.operator', `/api/households/${target.id}`);
        return res.body.status === 'POOR' ? res.body : undefined;
      }, 'the household to be registered-poor');
      expect(household.ledger.map((l: { kind: string }) => l.kind)).toEqual(['REGISTERED', 'EXITED', 'RETURNED']);
      expect(household.returnRequests[0]).toMatchObject({ status: 'APPROVED', workflowId });

      const audit = await get('office', `/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&sort=["at","ASC"]&range=[0,50]`);
      expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['TASK_OPENED', 'TASK_DECIDED', 'TASK_OPENED', 'TASK_DECIDED', 'HOUSEHOLD_RETURNED_TO_POVERTY']);
      const requests = await get('office', `/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ targetId: target.id, action: 'RETURN_TO_POVERTY_PROPOSED' }))}`);
      expect(requests.body.map((e: { outcome: string; actorName: string }) => `${e.actorName}:${e.outcome}`).sort()).toEqual(['county.operator:REJECTED', 'county.operator:SUCCESS']);
      // the audit log has no route that edits or deletes it
      expect((await api().delete(`/api/audit-events/${audit.body[0].id}`).set(as('admin'))).status).toBe(404);
    });

    it('accepts one of two decisions sent at once by two supervisors, and answers the other with 409', async () => {
      const started = await post('office', `/api/households/${exited[1].id}/return-to-poverty`, { reason: '自然灾害导致住房损毁' });
      expect(started.status).toBe(201);
      const t1 = await openTaskOf(started.body.workflowId, 'township-check#1');
      const [a, b] = await Promise.all([
        post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE', comment: '属实' }),
        post('county.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'REJECT', comment: '不属实' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(['STEP_NOT_WAITING', 'ALREADY_DECIDED']).toContain(loser.body.error.code);
      const task = await stack.db.task.findUniqueOrThrow({ where: { id: t1.id } });
      expect(task.decision).toBe(a.status === 200 ? 'APPROVE' : 'REJECT');
    });

    it('maps refused decisions: RETURN without comment 400, RETURN on a revision 422', async () => {
      const started = await post('county.operator', `/api/households/${exited[6].id}/return-to-poverty`, { reason: '子女重病需长期治疗' });
      const t1 = await openTaskOf(started.body.workflowId, 'township-check#1');
      const noComment = await post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'RETURN' });
      expect(noComment.status).toBe(400);
      expect(noComment.body.error.code).toBe('COMMENT_REQUIRED');
      expect((await post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'RETURN', comment: '请补充诊断证明' })).status).toBe(200);
      const revise = await openTaskOf(started.body.workflowId, 'revise#1');
      const view = await get('county.operator', `/api/tasks/${revise.id}`);
      expect(view.body.allowedDecisions).toEqual(['APPROVE', 'REJECT']);
      const refused = await post('county.operator', `/api/tasks/${revise.id}/decision`, { decision: 'RETURN', comment: '退回' });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('DECISION_NOT_ALLOWED');
      expect((await post('county.operator', `/api/tasks/${revise.id}/decision`, { decision: 'REJECT', comment: '撤回申请' })).status).toBe(200);
    });

    it('accepts objections during an open public notice and lists them within the reader\'s scope', async () => {
      const now = Date.now();
      await stack.db.publicNotice.create({
        data: { subjectType: 'HOUSEHOLD', subjectId: poor.id, title: '公示', workflowId: 'notice-test', stepKey: 'notice#1', startsAt: new Date(now - 60_000), endsAt: new Date(now + 7 * 86_400_000) },
      });
      const raised = await post('county.operator', '/api/objections', { subjectType: 'HOUSEHOLD', subjectId: poor.id, reason: '该户收入情况与公示不符' });
      expect(raised.status).toBe(201);
      expect(raised.body).toMatchObject({ subjectType: 'HOUSEHOLD', subjectId: poor.id, regionId: poor.villageId, status: 'OPEN' });
      const ids = async (who: Who) => ((await get(who, '/api/objections')).body as { id: string }[]).map((o) => o.id);
      expect(await ids('county.supervisor')).toContain(raised.body.id);
      expect(await ids('leader')).toContain(raised.body.id);
      expect(await ids('other.supervisor')).not.toContain(raised.body.id);
    });

    it('decides many tasks at once with a result per task', async () => {
      const ids: string[] = [];
      for (const h of [exited[2], exited[3]]) {
        const res = await post('county.operator', `/api/households/${h.id}/return-to-poverty`, { reason: '务工收入中断，人均收入低于标准' });
        expect(res.status).toBe(201);
        ids.push((await openTaskOf(res.body.workflowId, 'township-check#1')).id);
      }
      const res = await post('county.supervisor', '/api/tasks/decisions', { ids: [...ids, 'no-such-task'], decision: 'APPROVE', comment: '批量审核通过' });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: ids[0], ok: true, status: 200 },
        { id: ids[1], ok: true, status: 200 },
        { id: 'no-such-task', ok: false, status: 404, error: { code: 'NOT_FOUND', message: 'task no-such-task not found' } },
      ]);
      const outsider = await post('other.supervisor', '/api/tasks/decisions', { ids: [ids[0]], decision: 'APPROVE' });
      expect(outsider.body.results[0]).toMatchObject({ ok: false, status: 403 });
    });

    it('loses nothing when the worker is killed while a step waits: restarted, it continues', async () => {
      const started = await post('county.operator', `/api/households/${exited[4].id}/return-to-poverty`, { reason: '因学致贫，子女上大学支出大' });
      const { workflowId } = started.body as { workflowId: string };
      const t1 = await openTaskOf(workflowId, 'township-check#1');
      // only a worker process runs now: it takes the township decision and opens the county step
      await stack.stopWorker();
      const child = workerProcess(stack);
      children.push(child.child);
      await waitFor(async () => child.ready, 'the worker process to start', 60_000);
      const d1 = await post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE', comment: '核实' });
      expect(d1.status, JSON.stringify(d1.body)).toBe(200);
      const t2 = await openTaskOf(workflowId, 'county-approval#1');
      // killed while the county step waits, with the workflow in its cache
      child.child.kill('SIGKILL');
      await new Promise((r) => child.child.once('exit', r));
      await stack.restartWorker();
      const d2 = await post('county.supervisor', `/api/tasks/${t2.id}/decision`, { decision: 'APPROVE', comment: '同意' });
      expect(d2.status, JSON.stringify(d2.body)).toBe(200);
      await waitFor(async () => (await stack.db.household.findUniqueOrThrow({ where: { id: exited[4].id } })).status === 'POOR', 'the return to complete');
      expect(await stack.db.auditEvent.count({ where: { workflowId, action: 'TASK_DECIDED' } })).toBe(2);
      expect(await stack.db.ledgerEntry.count({ where: { workflowId, kind: 'RETURNED' } })).toBe(1);
    });
  });

  describe('authorization matrix: each role × each route', () => {
    type Expect = Partial<Record<Who, number>>;
    const all = (status: number): Expect => Object.fromEntries([...DEMO_USERS].map((u) => [u, status]));
    const routes: Array<[string, (who: Who) => Promise<request.Response>, Expect]> = [
      ['GET /api/regions', (w) => get(w, '/api/regions'), all(200)],
      ['GET /api/households', (w) => get(w, '/api/households'), all(200)],
      ['GET /api/households/:id outside 沅陵县', (w) => get(w, `/api/households/${foreign.id}`), { ...all(200), 'county.supervisor': 403, 'county.operator': 403, 'township.supervisor': 403 }],
      ['GET /api/cadres', (w) => get(w, '/api/cadres'), all(200)],
      ['GET /api/tasks', (w) => get(w, '/api/tasks'), all(200)],
      ['GET /api/return-requests', (w) => get(w, '/api/return-requests'), all(200)],
      ['GET /api/cycles', (w) => get(w, '/api/cycles'), all(200)],
      ['GET /api/cases', (w) => get(w, '/api/cases'), all(200)],
      ['GET /api/rankings', (w) => get(w, '/api/rankings?year=2017'), all(200)],
      ['GET /api/audit-events', (w) => get(w, '/api/audit-events'), { ...all(403), admin: 200, office: 200, supervisor: 200, 'county.supervisor': 200, 'township.supervisor': 200 }],
      // a still-poor household: allowed roles pass authorization and meet the rule (422), others 403
      ['POST /api/households/:id/return-to-poverty', (w) => post(w, `/api/households/${poor.id}/return-to-poverty`, { reason: '矩阵测试的申请理由' }), { ...all(403), office: 422, 'county.operator': 422 }],
      ['POST /api/objections', (w) => post(w, '/api/objections', { subjectType: 'COUNTY', subjectId: '431222', reason: '排名数据有误' }), { ...all(422), leader: 403 }],
    ];
    it.each(routes)('%s', async (_name, call, expected) => {
      for (const who of DEMO_USERS) {
        const res = await call(who);
        expect(res.status, `${who}`).toBe(expected[who]);
      }
    });

    it('POST /api/tasks/:id/decision: only the assigned role inside the scope decides', async () => {
      const started = await post('county.operator', `/api/households/${exited[5].id}/return-to-poverty`, { reason: '残疾导致劳动能力丧失' });
      const t1 = await openTaskOf(started.body.workflowId, 'township-check#1');
      const body = { decision: 'REJECT', comment: '矩阵' };
      for (const who of ['admin', 'office', 'leader', 'evaluator', 'county.operator', 'other.supervisor', 'other.operator'] as Who[]) {
        expect((await post(who, `/api/tasks/${t1.id}/decision`, body)).status, who).toBe(403);
      }
      expect((await post('supervisor', `/api/tasks/${t1.id}/decision`, body)).status).toBe(200);
      for (const who of ['county.supervisor', 'township.supervisor'] as Who[]) {
        expect((await post(who, `/api/tasks/${t1.id}/decision`, body)).status, who).toBe(409);
      }
      const denied = await waitFor(() => stack.db.auditEvent.count({ where: { targetId: t1.id, action: 'TASK_DECISION', outcome: 'DENIED' } }).then((n) => (n === 7 ? n : undefined)), '7 denied decisions in the audit log');
      expect(denied).toBe(7);
    });
  });
}

/** Runs worker/main.ts as its own process against the stack's database and task queue. */
function workerProcess(stack: Stack): { child: ChildProcess; ready: boolean } {
  const state = { child: null as unknown as ChildProcess, ready: false };
  state.child = spawn(process.execPath, ['--import', 'tsx', path.resolve('worker/main.ts')], {
    env: { ...process.env, TEMPORAL_ADDRESS: stack.address, DATABASE_URL: stack.url, TEMPORAL_TASK_QUEUE: stack.taskQueue },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  state.child.stdout?.on('data', (b: Buffer) => {
    if (b.toString().includes('worker polling')) state.ready = true;
  });
  return state;
}
