import type request from 'supertest';
import { expect, it } from 'vitest';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider, DEMO_USERS, type Who } from './context.ts';

forEachProvider('authorization matrix: each role × each route', (ctx) => {
  const { get, openTaskOf, post } = ctx;
  type Expect = Partial<Record<Who, number>>;
  const all = (status: number): Expect => Object.fromEntries([...DEMO_USERS].map((u) => [u, status]));
  const routes: Array<[string, (who: Who) => Promise<request.Response>, Expect]> = [
    ['GET /api/regions', (w) => get(w, '/api/regions'), all(200)],
    ['GET /api/households', (w) => get(w, '/api/households'), all(200)],
    ['GET /api/households/:id outside 沅陵县', (w) => get(w, `/api/households/${ctx.foreign.id}`), { ...all(200), 'county.supervisor': 403, 'county.operator': 403, 'township.supervisor': 403, 'city.supervisor': 403, 'village.secretary': 403 }],
    ['GET /api/cadres', (w) => get(w, '/api/cadres'), all(200)],
    ['GET /api/tasks', (w) => get(w, '/api/tasks'), all(200)],
    ['GET /api/return-requests', (w) => get(w, '/api/return-requests'), all(200)],
    ['GET /api/cycles', (w) => get(w, '/api/cycles'), all(200)],
    ['GET /api/cases', (w) => get(w, '/api/cases'), all(200)],
    ['GET /api/rankings', (w) => get(w, '/api/rankings?year=2017'), all(200)],
    ['GET /api/audit-events', (w) => get(w, '/api/audit-events'), { ...all(403), admin: 200, office: 200, supervisor: 200, 'county.supervisor': 200, 'township.supervisor': 200, 'city.supervisor': 200 }],
    // a still-poor household: allowed roles pass authorization and meet the rule (422), others 403
    ['POST /api/households/:id/return-to-poverty', (w) => post(w, `/api/households/${ctx.poor.id}/return-to-poverty`, { reason: '矩阵测试的申请理由' }), { ...all(403), office: 422, 'county.operator': 422 }],
    ['POST /api/objections', (w) => post(w, '/api/objections', { subjectType: 'COUNTY', subjectId: '431222', reason: '排名数据有误' }), { ...all(422), leader: 403 }],
  ];
  it.each(routes)('%s', async (_name, call, expected) => {
    for (const who of DEMO_USERS) {
      const res = await call(who);
      expect(res.status, `${who}`).toBe(expected[who]);
    }
  });

  it('POST /api/objections in scope: below or above the subject, never beside it', async () => {
    const body = { subjectType: 'COUNTY', subjectId: '431222', reason: '该县退出数据有误' };
    expect((await post('other.supervisor', '/api/objections', body)).status).toBe(403);
    expect((await post('other.operator', '/api/objections', body)).status).toBe(403);
    // a village's work team may object to its county's exit (there is no notice open: 422)
    expect((await post('village.secretary', '/api/objections', body)).status).toBe(422);
  });

  it('POST /api/tasks/:id/decision: only the assigned role inside the scope decides', async () => {
    const started = await post('county.operator', `/api/households/${ctx.exited[5].id}/return-to-poverty`, { reason: '残疾导致劳动能力丧失' });
    const t1 = await openTaskOf(started.body.workflowId, 'township-check#1');
    const body = { decision: 'REJECT', comment: '矩阵' };
    for (const who of ['admin', 'office', 'leader', 'evaluator', 'county.operator', 'other.supervisor', 'other.operator'] as Who[]) {
      expect((await post(who, `/api/tasks/${t1.id}/decision`, body)).status, who).toBe(403);
    }
    expect((await post('supervisor', `/api/tasks/${t1.id}/decision`, body)).status).toBe(200);
    for (const who of ['county.supervisor', 'township.supervisor'] as Who[]) {
      expect((await post(who, `/api/tasks/${t1.id}/decision`, body)).status, who).toBe(409);
    }
    const denied = await waitFor(() => ctx.stack.db.auditEvent.count({ where: { targetId: t1.id, action: 'TASK_DECISION', outcome: 'DENIED' } }).then((n) => (n === 7 ? n : undefined)), '7 denied decisions in the audit log');
    expect(denied).toBe(7);
  });
});
