/**
 * Cadre accountability cases through the API (POST /api/cases), on SQLite and PostgreSQL, on the
 * test-scale seed: validated input, scope (a county supervisor opens cases for their county's
 * cadres only), a recall only for a stationed cadre, the workflow writing the case row, a second
 * open case of the same kind for the cadre refused with 409 naming it, the interview's first task in
 * the inbox; an objection to a reward under notice filed by POST /api/objections.
 */
import { expect, it } from 'vitest';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider } from './context.ts';

forEachProvider('cadre accountability cases (干部问责与激励) through the API', (ctx) => {
  const { get, post } = ctx;

  it('opens an interview for a cadre in scope; the same kind again is 409 naming the case; bad input, scope and a recall of an unstationed cadre are refused', async () => {
    const db = ctx.stack.db;
    const mine = await db.cadre.findFirstOrThrow({ where: { regionId: '431222', position: 'COUNTY_LEADER' } });
    const other = await db.cadre.findFirstOrThrow({ where: { regionId: { not: '431222' } } });

    expect((await post('county.supervisor', '/api/cases', { kind: 'SCOLDING', cadreId: mine.id, reason: '未完成任务' })).status).toBe(400);
    expect((await post('county.supervisor', '/api/cases', { kind: 'INTERVIEW', cadreId: mine.id })).status).toBe(400);
    expect((await post('county.operator', '/api/cases', { kind: 'INTERVIEW', cadreId: mine.id, reason: '未完成任务' })).status).toBe(403);
    expect((await post('county.supervisor', '/api/cases', { kind: 'INTERVIEW', cadreId: other.id, reason: '未完成任务' })).status).toBe(403);
    expect((await post('county.supervisor', '/api/cases', { kind: 'INTERVIEW', cadreId: 'no-such-cadre', reason: '未完成任务' })).status).toBe(404);
    const recall = await post('county.supervisor', '/api/cases', { kind: 'RECALL', cadreId: mine.id, reason: '不作为' });
    expect(recall.status).toBe(422);
    expect(recall.body.error.code).toBe('NOT_STATIONED');
    expect(await db.accountabilityCase.count()).toBe(0);

    const opened = await post('county.supervisor', '/api/cases', { kind: 'INTERVIEW', cadreId: mine.id, reason: '2016 年度未完成减贫任务' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ kind: 'INTERVIEW', cadreId: mine.id, status: 'RUNNING', origin: 'MANUAL', workflowId: `cadre-case:INTERVIEW:${mine.id}` });
    const again = await post('office', '/api/cases', { kind: 'INTERVIEW', cadreId: mine.id, reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CASE_EXISTS', details: [expect.objectContaining({ caseId: opened.body.id })] });

    const task = await waitFor(() => db.task.findFirst({ where: { workflowId: opened.body.workflowId, step: 'interview-record', status: 'OPEN' } }), 'the interview task');
    expect(task).toMatchObject({ processType: 'CADRE_ACCOUNTABILITY', caseId: opened.body.id, assignedRole: 'SUPERVISOR', regionId: '431222' });
    expect((await get('leader', `/api/cases/${opened.body.id}`)).body).toMatchObject({ id: opened.body.id, kind: 'INTERVIEW' });
    const audit = await db.auditEvent.findFirst({ where: { action: 'CASE_OPEN', targetId: opened.body.id } });
    expect(audit).toMatchObject({ outcome: 'SUCCESS' });
  });

  it('an objection to a cadre under a reward notice is recorded against that notice; none outside one', async () => {
    const db = ctx.stack.db;
    const cadre = await db.cadre.findFirstOrThrow({ where: { regionId: '431222', position: 'FIRST_SECRETARY' } });
    const outside = await post('county.operator', '/api/objections', { subjectType: 'CADRE', subjectId: cadre.id, reason: '驻村时间不足，不应评优' });
    expect(outside.status).toBe(422);
    const now = Date.now();
    const notice = await db.publicNotice.create({ data: { subjectType: 'CADRE', subjectId: cadre.id, title: '评先评优公示', workflowId: `cadre-case:REWARD:${cadre.id}`, stepKey: 'reward-notice', startsAt: new Date(now - 1000), endsAt: new Date(now + 3_600_000) } });
    const filed = await post('county.operator', '/api/objections', { subjectType: 'CADRE', subjectId: cadre.id, reason: '驻村时间不足，不应评优' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(await db.objection.findFirstOrThrow({ where: { noticeId: notice.id } })).toMatchObject({ subjectType: 'CADRE', regionId: '431222', status: 'OPEN' });
    expect((await post('other.operator', '/api/objections', { subjectType: 'CADRE', subjectId: cadre.id, reason: '驻村时间不足，不应评优' })).status).toBe(403);
  });
});
