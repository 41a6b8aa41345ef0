/**
 * The process kit through the API on the dev server: the start service with its deterministic id
 * and search attributes (kept current as steps move), a test-only process registered with one line,
 * four-eyes over HTTP, an API killed in the middle of a start, the console's permissions and the
 * Temporal Web UI link from /api/me, and tasks read by id by someone who cannot decide them.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startProcess } from '../../api/processes/service.ts';
import { PROCESSES } from '../../processes/index.ts';
import { PROCESS_STEP, PROCESS_TYPE, PROCESS_YEAR, REGION_CODE } from '../../workflows/kit/search-attributes.ts';
import { waitFor } from '../helpers/db.ts';
import { sampleReviewProcess } from '../processes/sample-review/definition.ts';
import { forEachProvider } from './context.ts';

/** the registration of the test-only process: one line */
const processes = [...PROCESSES, sampleReviewProcess];

forEachProvider(
  'the process kit through the API',
  (ctx) => {
    const { get, post, openTaskOf } = ctx;

    it('starts a process with a deterministic id and search attributes an operator can filter by, kept current as it moves', async () => {
      const h = ctx.exited[0];
      const started = await post('county.operator', `/api/households/${h.id}/return-to-poverty`, { reason: '因病返贫，住院支出大' });
      expect(started.status).toBe(201);
      expect(started.body.workflowId).toBe(`return-to-poverty:${h.id}`);
      await openTaskOf(started.body.workflowId, 'township-check#1');
      const wf = ctx.stack.client.workflow.getHandle(started.body.workflowId);
      const attrs = async () => (await wf.describe()).typedSearchAttributes;
      const a = await attrs();
      expect([a.get(PROCESS_TYPE), a.get(REGION_CODE), a.get(PROCESS_YEAR)]).toEqual(['RETURN_TO_POVERTY', h.villageId, new Date().getUTCFullYear()]);
      await waitFor(async () => ((await attrs()).get(PROCESS_STEP)?.join() === 'township-check' ? true : undefined), 'ProcessStep = township-check');
      // found by the same query an operator types in the Web UI or `temporal workflow list --query`
      const query = `ProcessType = 'RETURN_TO_POVERTY' AND RegionCode = '${h.villageId}' AND ProcessStep = 'township-check'`;
      await waitFor(async () => {
        for await (const w of ctx.stack.client.workflow.list({ query })) if (w.workflowId === started.body.workflowId) return true;
        return undefined;
      }, 'the process in the visibility store');

      // the same business key while it runs: 409 naming the running process and its request
      const again = await post('office', `/api/households/${h.id}/return-to-poverty`, { reason: '重复的申请理由' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'ALREADY_IN_PROGRESS', details: [{ workflowId: started.body.workflowId, returnRequestId: started.body.returnRequestId }] });

      const t1 = await openTaskOf(started.body.workflowId, 'township-check#1');
      expect((await post('township.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE' })).status).toBe(200);
      await openTaskOf(started.body.workflowId, 'county-approval#1');
      await waitFor(async () => ((await attrs()).get(PROCESS_STEP)?.join() === 'county-approval' ? true : undefined), 'ProcessStep = county-approval');
    });

    it('refuses a second level by the same person with 403 FOUR_EYES, audited as denied', async () => {
      const h = ctx.exited[1];
      const { body } = await post('county.operator', `/api/households/${h.id}/return-to-poverty`, { reason: '自然灾害，房屋倒塌' });
      const t1 = await openTaskOf(body.workflowId, 'township-check#1');
      // the county supervisor's scope contains the township: they may take the township's step...
      expect((await post('county.supervisor', `/api/tasks/${t1.id}/decision`, { decision: 'APPROVE' })).status).toBe(200);
      const t2 = await openTaskOf(body.workflowId, 'county-approval#1');
      // ...but then not the county's approval of the same process
      const refused = await post('county.supervisor', `/api/tasks/${t2.id}/decision`, { decision: 'APPROVE' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FOUR_EYES');
      expect(refused.body.error.message).toContain('already decided the TOWNSHIP level');
      await waitFor(() => ctx.stack.db.auditEvent.findFirst({ where: { action: 'TASK_DECISION', targetId: t2.id, outcome: 'DENIED' } }), 'the denied decision in the audit log');
      expect(await ctx.stack.db.task.findUniqueOrThrow({ where: { id: t2.id } })).toMatchObject({ status: 'OPEN' });
      expect((await post('supervisor', `/api/tasks/${t2.id}/decision`, { decision: 'APPROVE' })).status).toBe(200);
    });

    it('starts a test-only process registered with one line, through the same start service', async () => {
      const actor = { id: 'u-office', username: 'office', displayName: '考核办', role: 'OFFICE' as const, regionId: '43' };
      const key = `K${Date.now().toString(36)}`;
      const prepared = { subjectId: key, regionCode: ctx.exited[2].villageId, objections: ['o1'], proposer: { id: actor.id, name: actor.username, role: actor.role } };
      const started = await startProcess(ctx.stack.deps, sampleReviewProcess, { businessKey: key, regionCode: prepared.regionCode, year: 2021, prepared }, actor);
      expect(started).toMatchObject({ workflowId: `sample-review:${key}`, configVersion: 0 });
      const review = await openTaskOf(started.workflowId, 'review#1');
      await openTaskOf(started.workflowId, 'recheck#1');
      // the inbox shows it from what the task row carries, with its form
      const inbox = await get('township.supervisor', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ processType: 'SAMPLE_REVIEW' }))}`);
      expect(inbox.body).toEqual([expect.objectContaining({ id: review.id, step: 'review', labels: { zh: { step: '样例审核' }, en: { step: 'Sample review' } }, formSchema: expect.any(Array), allowedDecisions: ['APPROVE', 'REJECT'] })]);
      // the form is checked by the API before Temporal is asked (400 naming the field)
      const bad = await post('township.supervisor', `/api/tasks/${review.id}/decision`, { decision: 'APPROVE', payload: { score: 101 } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'payload.score' })]);
      const ok = await post('township.supervisor', `/api/tasks/${review.id}/decision`, { decision: 'APPROVE', payload: { score: 88 } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body).toMatchObject({ status: 'DONE', payload: { score: 88 } });
      await ctx.stack.client.workflow.getHandle(started.workflowId).cancel();
    });

    it('loses no request when the API dies during a start: before it, nothing exists; after it, the process writes its own row', async () => {
      const run = (when: 'before' | 'after', householdId: string) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/helpers/start-and-die.ts'), when, householdId], {
            env: { ...process.env, DATABASE_URL: ctx.stack.url, TEMPORAL_ADDRESS: ctx.stack.address, TEMPORAL_TASK_QUEUE: ctx.stack.taskQueue, TEMPORAL_NAMESPACE: ctx.stack.namespace },
            stdio: 'ignore',
          });
          ctx.children.push(child);
          child.once('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 137 : _code));
        });
      const before = ctx.exited[3];
      expect(await run('before', before.id)).toBe(137);
      expect(await ctx.stack.db.returnRequest.count({ where: { householdId: before.id } })).toBe(0);
      // nothing blocks the household: a new proposal goes through
      expect((await post('county.operator', `/api/households/${before.id}/return-to-poverty`, { reason: '重新提交的申请理由' })).status).toBe(201);

      const after = ctx.exited[4];
      expect(await run('after', after.id)).toBe(137);
      const workflowId = `return-to-poverty:${after.id}`;
      const request = await waitFor(() => ctx.stack.db.returnRequest.findFirst({ where: { householdId: after.id, status: 'PENDING' } }), 'the request row written by the process');
      expect(request).toMatchObject({ workflowId, activeKey: after.id });
      await openTaskOf(workflowId, 'township-check#1');
      const again = await post('county.operator', `/api/households/${after.id}/return-to-poverty`, { reason: '重复的申请理由' });
      expect(again.status).toBe(409);
      expect(again.body.error.details[0]).toMatchObject({ workflowId, returnRequestId: request.id });
    });

    it('records a bulk decision with its real outcome: PARTIAL or FAILED with per-item counts', async () => {
      const { body } = await post('county.operator', `/api/households/${ctx.exited[6].id}/return-to-poverty`, { reason: '批量决定的审计测试理由' });
      const t1 = await openTaskOf(body.workflowId, 'township-check#1');
      const failed = await post('township.supervisor', '/api/tasks/decisions', { ids: ['no-such-1', 'no-such-2'], decision: 'APPROVE' });
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({ succeeded: 0, failed: 2 });
      const partial = await post('township.supervisor', '/api/tasks/decisions', { ids: [t1.id, 'no-such-3'], decision: 'APPROVE' });
      expect(partial.body).toMatchObject({ succeeded: 1, failed: 1 });
      const rows = await waitFor(async () => {
        const r = await ctx.stack.db.auditEvent.findMany({ where: { action: 'TASK_BULK_DECISION', actorName: 'township.supervisor' }, orderBy: { at: 'asc' } });
        return r.length === 2 ? r : undefined;
      }, 'the two bulk decisions in the audit log');
      expect(rows.map((r) => [r.outcome, (r.details as { succeeded: number }).succeeded, (r.details as { failed: number }).failed])).toEqual([
        ['FAILED', 0, 2],
        ['PARTIAL', 1, 1],
      ]);
    });

    it("tells the console the user's permissions and the Temporal Web UI, and lets readers fetch tasks by id", async () => {
      const me = await get('leader', '/api/me');
      expect(me.body.permissions).toContain('task.read');
      expect(me.body.permissions).not.toContain('task.decide');
      expect(me.body.temporalUi).toEqual({ url: 'http://127.0.0.1:8233', namespace: ctx.stack.namespace });
      expect((await get('county.operator', '/api/me')).body.permissions).toEqual(expect.arrayContaining(['household.returnToPoverty', 'task.decide']));
      const { body } = await post('county.operator', `/api/households/${ctx.exited[5].id}/return-to-poverty`, { reason: '因残致贫，劳动能力丧失' });
      const t1 = await openTaskOf(body.workflowId, 'township-check#1');
      // a leader's inbox holds nothing to decide, but getMany / getManyReference find the task
      expect((await get('leader', '/api/tasks')).body).toEqual([]);
      expect((await get('leader', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ id: [t1.id] }))}`)).body.map((t: { id: string }) => t.id)).toEqual([t1.id]);
      expect((await get('leader', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ processId: body.returnRequestId }))}`)).body.map((t: { id: string }) => t.id)).toEqual([t1.id]);
      expect((await get('other.supervisor', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ id: [t1.id] }))}`)).body).toEqual([]);
    });
  },
  { processes },
);

forEachProvider('notifications (reminders and escalations) in the console', (ctx) => {
  const { get, post, openTaskOf } = ctx;
  it('lists the reminder and escalation of an overdue task to the users of its role and scope, each with their own read state', async () => {
    // a config version with steps due in about a second (fractional days)
    await ctx.stack.db.configVersion.create({ data: { kind: 'RETURN_TO_POVERTY', year: 2000, version: 1, body: { townshipCheckDays: 1 / 86_400, escalateAfterDays: 1 / 86_400 } } });
    const { body } = await post('county.operator', `/api/households/${ctx.exited[0].id}/return-to-poverty`, { reason: '逾期提醒测试的申请理由' });
    const t1 = await openTaskOf(body.workflowId, 'township-check#1');
    await waitFor(() => ctx.stack.db.notification.findUnique({ where: { taskId_kind: { taskId: t1.id, kind: 'ESCALATION' } } }), 'the escalation', 30_000);
    const mine = await get('township.supervisor', '/api/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body.map((n: { kind: string; read: boolean; taskId: string }) => `${n.kind}:${n.read}:${n.taskId === t1.id}`)).toEqual(['REMINDER:false:true']);
    expect((await get('township.supervisor', '/api/notifications/unread-count')).body).toEqual({ count: 1 });
    // the escalation went to the county's supervisors, who also see the township's reminder (their scope contains it)
    const county = await get('county.supervisor', `/api/notifications?sort=["kind","ASC"]`);
    expect(county.body.map((n: { kind: string }) => n.kind)).toEqual(['ESCALATION', 'REMINDER']);
    expect((await get('county.operator', '/api/notifications')).body).toEqual([]);
    const read = await post('township.supervisor', `/api/notifications/${mine.body[0].id}/read`);
    expect(read.body).toMatchObject({ id: mine.body[0].id, read: true });
    expect((await get('township.supervisor', '/api/notifications/unread-count')).body).toEqual({ count: 0 });
    // each user has their own read state
    expect((await get('county.supervisor', '/api/notifications/unread-count')).body).toEqual({ count: 2 });
    expect((await post('county.supervisor', '/api/notifications/read-all')).body).toEqual({ updated: 2 });
    expect((await get('county.supervisor', `/api/notifications?filter=${encodeURIComponent('{"read":false}')}`)).body).toEqual([]);
    expect((await post('county.operator', `/api/notifications/${mine.body[0].id}/read`)).status).toBe(404);
  });
});
