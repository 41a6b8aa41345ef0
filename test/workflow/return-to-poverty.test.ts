/**
 * The return-to-poverty workflow on the process kit, on the time-skipping test server with a real
 * database: the workflow writes its own request row, decisions as updates, stale and repeated
 * decisions refused, RETURN one level back with a new version and a resubmission, eligibility
 * re-checked at decision time, reminder and escalation, cancellation. Each run saves its history
 * (UPDATE_HISTORIES=1) for the replay test (test/workflow/replay.test.ts).
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db.ts';
import { DEFAULT_RETURN_CONFIG, returnToPovertyWorkflowId } from '../../rules/return-to-poverty.ts';
import { ensureSearchAttributes } from '../../worker/search-attributes.ts';
import { createActivities } from '../../worker/index.ts';
import { createTaskActivities } from '../../activities/tasks.ts';
import { decideUpdate, waitingStepQuery, type DecisionInput } from '../../workflows/kit/human-steps.ts';
import { returnToPovertyWorkflow, type ReturnToPovertyInput } from '../../workflows/return-to-poverty.ts';
import { freshDb, waitFor } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';
import { COUNTY, TOWNSHIP, exitedHousehold } from '../helpers/fixtures.ts';

const HISTORIES = path.resolve('test/histories');
/**
 * Saved histories are never overwritten: UPDATE_HISTORIES=1 writes this generation's files, and
 * every older generation keeps replaying (v1: task ids chosen by the database, before the
 * workflow-chosen-task-id patch; v2: after it; v3: on the process kit, with the request row written
 * by the workflow, local activities on the decision path and the ProcessStep search attribute; v4:
 * decisions sent as the API sends them, the update a claim and the row written after it).
 */
const HISTORY_GENERATION = 'v3';
/** Saved histories are protobuf-encoded (the SDK's JSON converter trips over two copies of protobufjs under vitest). */
const encodeHistory = (h: temporal.api.history.v1.IHistory) => temporal.api.history.v1.History.encode(h).finish();
const serverPath = inject('timeSkippingServer');
const run = requirePart(serverPath !== null, 'the Temporal time-skipping test server');

const township = { id: 'u-township', name: 'township.supervisor', role: 'SUPERVISOR' };
const county = { id: 'u-county', name: 'county.supervisor', role: 'SUPERVISOR' };
const township2 = { id: 'u-township-2', name: 'township.supervisor.2', role: 'SUPERVISOR' };
const operator = { id: 'u-operator', name: 'county.operator', role: 'COUNTY_OPERATOR' };

describe.runIf(run)('return-to-poverty workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let handle: DbHandle & { drop: () => Promise<void> };
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  const taskQueue = `rtp-${randomUUID()}`;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: serverPath as string } } });
    await ensureSearchAttributes(env.connection);
    client = env.client;
    handle = await freshDb('sqlite');
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ db: handle.db }),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await handle?.drop();
    await env?.teardown();
  });

  async function start(suffix: string) {
    const household = await exitedHousehold(handle.db, suffix);
    const requestId = `rr-${randomUUID()}`;
    const workflowId = returnToPovertyWorkflowId(household.id);
    const input: ReturnToPovertyInput = { returnRequestId: requestId, householdId: household.id, villageId: household.villageId, reason: '因病返贫，医疗支出大', proposer: operator, config: DEFAULT_RETURN_CONFIG, configVersion: 0 };
    const wf = await client.workflow.start(returnToPovertyWorkflow, { taskQueue, workflowId, args: [input] });
    return { wf, household, requestId, workflowId };
  }

  const openTask = (workflowId: string, stepKey: string) =>
    waitFor(() => handle.db.task.findUnique({ where: { workflowId_stepKey: { workflowId, stepKey } } }), `task ${stepKey}`);

  const decide = (wf: { executeUpdate: Client['workflow'] extends never ? never : (u: typeof decideUpdate, o: { args: [DecisionInput] }) => Promise<unknown> }, input: DecisionInput) =>
    wf.executeUpdate(decideUpdate, { args: [input] });

  it('approves through township and county: the household is registered-poor again, in the ledger and the audit log', async () => {
    const { wf, household, requestId, workflowId } = await start('0001');
    const t1 = await openTask(workflowId, 'township-check#1');
    expect(t1).toMatchObject({ status: 'OPEN', assignedRole: 'SUPERVISOR', regionId: TOWNSHIP, level: 'TOWNSHIP', version: 1 });
    expect(t1.title).toBe(`返贫录入乡镇审核 v1 · 张三 ${household.code}`);
    expect(t1).toMatchObject({ processType: 'RETURN_TO_POVERTY', processId: requestId, step: 'township-check', subjectLabel: `张三 ${household.code}`, commentRequiredFor: 'REJECT,RETURN' });
    // the process wrote its own request row before its first step
    expect(await handle.db.returnRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'PENDING', workflowId, activeKey: household.id, requestedById: operator.id });
    expect(t1.snapshot).toMatchObject({ householdId: household.id, status: 'EXITED', reason: '因病返贫，医疗支出大' });
    await decide(wf, { taskId: t1.id, decision: 'APPROVE', actor: township });
    const t2 = await openTask(workflowId, 'county-approval#1');
    expect(t2).toMatchObject({ regionId: COUNTY, level: 'COUNTY', assignedRole: 'SUPERVISOR' });
    await decide(wf, { taskId: t2.id, decision: 'APPROVE', comment: '同意', actor: county });
    expect(await wf.result()).toEqual({ outcome: 'approved', version: 1 });

    const after = await handle.db.household.findUniqueOrThrow({ where: { id: household.id }, include: { ledger: true } });
    expect(after.status).toBe('POOR');
    expect(after.ledger.map((l) => [l.kind, l.workflowId, l.processId, l.actorId])).toEqual([['RETURNED', workflowId, requestId, county.id]]);
    expect(await handle.db.returnRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'APPROVED', activeKey: null });
    const audit = await handle.db.auditEvent.findMany({ where: { workflowId }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => `${a.action}:${a.actorName}`)).toEqual([
      'RETURN_REQUEST_OPENED:county.operator',
      'TASK_OPENED:system (workflow)',
      'TASK_DECIDED:township.supervisor',
      'TASK_OPENED:system (workflow)',
      'TASK_DECIDED:county.supervisor',
      'HOUSEHOLD_RETURNED_TO_POVERTY:county.supervisor',
    ]);

    const history = await wf.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, workflowId);
    if (process.env.UPDATE_HISTORIES === '1') writeFileSync(path.join(HISTORIES, `return-to-poverty-approved.${HISTORY_GENERATION}.history.bin`), encodeHistory(history));
  });

  it('refuses a second decision on a decided step, and a decision the step does not accept', async () => {
    const { wf, workflowId } = await start('0002');
    const t1 = await openTask(workflowId, 'township-check#1');
    // two supervisors at once: exactly one decision is accepted, whichever the server delivers first
    const results = await Promise.allSettled([
      decide(wf, { taskId: t1.id, decision: 'APPROVE', comment: '同意', actor: township }),
      // another supervisor of the township (the county's one would then be barred from the county level)
      decide(wf, { taskId: t1.id, decision: 'APPROVE', comment: '同意上报', actor: township2 }),
    ]);
    expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason?.cause?.message ?? r.reason) : 'ok')))).toEqual(['fulfilled', 'rejected']);
    const loser = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    expect(loser).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((loser as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'STEP_NOT_WAITING' });
    const winner = results[0].status === 'fulfilled' ? township : township2;
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: t1.id } })).toMatchObject({ status: 'DONE', decision: 'APPROVE', decidedById: winner.id });
    expect(await handle.db.auditEvent.count({ where: { targetId: t1.id, action: 'TASK_DECIDED' } })).toBe(1);
    // and a decision sent again later
    await expect(decide(wf, { taskId: t1.id, decision: 'APPROVE', actor: township })).rejects.toMatchObject({ cause: { type: 'STEP_NOT_WAITING' } });

    const t2 = await openTask(workflowId, 'county-approval#1');
    await expect(decide(wf, { taskId: t2.id, decision: 'RETURN', actor: county })).rejects.toMatchObject({ cause: { type: 'COMMENT_REQUIRED' } });
    await decide(wf, { taskId: t2.id, decision: 'REJECT', comment: '材料不实', actor: county });
    expect(await wf.result()).toEqual({ outcome: 'rejected', version: 1 });
  });

  it('RETURN sends the work back one level with a new version; the proposer can revise and resubmit', async () => {
    const { wf, workflowId, requestId } = await start('0003');
    await decide(wf, { taskId: (await openTask(workflowId, 'township-check#1')).id, decision: 'APPROVE', actor: township });
    await decide(wf, { taskId: (await openTask(workflowId, 'county-approval#1')).id, decision: 'RETURN', comment: '补充医疗票据', actor: county });
    const again = await openTask(workflowId, 'township-check#2');
    expect(again.version).toBe(2);
    await decide(wf, { taskId: again.id, decision: 'RETURN', comment: '请补充材料', actor: township });
    const revise = await openTask(workflowId, 'revise#1');
    expect(revise).toMatchObject({ assignedRole: 'COUNTY_OPERATOR', regionId: COUNTY, version: 3, allowedDecisions: 'APPROVE,REJECT', commentRequiredFor: 'APPROVE,REJECT' });
    // a resubmission is worded as such (not "approved") in both languages
    expect(revise.labels).toMatchObject({ zh: { decisions: { APPROVE: '重新提交' } }, en: { decisions: { APPROVE: 'Resubmit' } } });
    expect(again.allowedDecisions).toBe('APPROVE,REJECT,RETURN');
    await expect(decide(wf, { taskId: revise.id, decision: 'RETURN', comment: 'x', actor: operator })).rejects.toMatchObject({ cause: { type: 'DECISION_NOT_ALLOWED' } });
    await expect(decide(wf, { taskId: revise.id, decision: 'APPROVE', comment: '好', actor: operator })).rejects.toMatchObject({ cause: { type: 'COMMENT_REQUIRED' } });
    await decide(wf, { taskId: revise.id, decision: 'APPROVE', comment: '已补充住院票据，医疗支出2.3万元', actor: operator });
    const third = await openTask(workflowId, 'township-check#3');
    expect(third.snapshot).toMatchObject({ reason: '已补充住院票据，医疗支出2.3万元' });
    await decide(wf, { taskId: third.id, decision: 'REJECT', comment: '不符合条件', actor: township });
    expect(await wf.result()).toEqual({ outcome: 'rejected', version: 3 });
    expect(await handle.db.returnRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'REJECTED', activeKey: null });
    if (process.env.UPDATE_HISTORIES === '1') writeFileSync(path.join(HISTORIES, `return-to-poverty-returned-revised-rejected.${HISTORY_GENERATION}.history.bin`), encodeHistory(await wf.fetchHistory()));
    // earlier versions stay readable on their tasks
    const versions = await handle.db.task.findMany({ where: { workflowId }, orderBy: { createdAt: 'asc' }, select: { stepKey: true, version: true } });
    expect(versions).toEqual([
      { stepKey: 'township-check#1', version: 1 },
      { stepKey: 'county-approval#1', version: 1 },
      { stepKey: 'township-check#2', version: 2 },
      { stepKey: 'revise#1', version: 3 },
      { stepKey: 'township-check#3', version: 3 },
    ]);
  });

  it('re-checks eligibility at decision time: an approval on stale data is refused and the step keeps waiting', async () => {
    const { wf, workflowId, household } = await start('0004');
    const t1 = await openTask(workflowId, 'township-check#1');
    await handle.db.household.update({ where: { id: household.id }, data: { status: 'POOR' } });
    await expect(decide(wf, { taskId: t1.id, decision: 'APPROVE', actor: township })).rejects.toMatchObject({ cause: { type: 'NOT_ELIGIBLE' } });
    expect(await wf.query(waitingStepQuery)).toMatchObject({ taskId: t1.id, stepKey: 'township-check#1' });
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: t1.id } })).toMatchObject({ status: 'OPEN' });
    await decide(wf, { taskId: t1.id, decision: 'REJECT', comment: '已是贫困户', actor: township });
    expect((await wf.result()).outcome).toBe('rejected');
  });

  it('a decision sent as the API sends it is the claim alone: the workflow runs a check the caller did not run, and writes the row itself when nobody else does', async () => {
    const { wf, workflowId, household } = await start('0009');
    const t1 = await openTask(workflowId, 'township-check#1');
    // the row keeps the step's check, so the API can run it before it sends a decision
    expect(t1.eligibility).toEqual({ activity: 'checkReturnEligibility', input: { householdId: household.id }, on: ['APPROVE'] });
    const checked = { activity: 'checkReturnEligibility', input: { householdId: household.id } };
    // a caller that ran no check (or another one): the workflow runs the step's own, on current data
    await handle.db.household.update({ where: { id: household.id }, data: { status: 'POOR' } });
    await expect(decide(wf, { taskId: t1.id, decision: 'APPROVE', actor: township, checked: null, callerRecords: true })).rejects.toMatchObject({ cause: { type: 'NOT_ELIGIBLE' } });
    await expect(decide(wf, { taskId: t1.id, decision: 'APPROVE', actor: township, checked: { ...checked, input: { householdId: 'another' } }, callerRecords: true })).rejects.toMatchObject({ cause: { type: 'NOT_ELIGIBLE' } });
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: t1.id } })).toMatchObject({ status: 'OPEN' });
    await handle.db.household.update({ where: { id: household.id }, data: { status: 'EXITED' } });

    // the caller checked the step's own check and writes the row itself: the answer is the claim
    const answer = (await decide(wf, { taskId: t1.id, decision: 'APPROVE', actor: township, checked, callerRecords: true })) as { id: string; status: string; decidedAt: string; decidedById: string };
    expect(answer).toMatchObject({ id: t1.id, status: 'DONE', decision: 'APPROVE', decidedById: township.id });
    // this caller never writes (as an API stopped right after the answer): the workflow writes the row
    const written = await waitFor(async () => {
      const row = await handle.db.task.findUniqueOrThrow({ where: { id: t1.id } });
      return row.status === 'DONE' && row;
    }, 'the workflow to write the decided row');
    expect(written).toMatchObject({ decision: 'APPROVE', decidedById: township.id });
    expect(written.decidedAt?.toISOString()).toBe(answer.decidedAt);

    // the county level: the caller writes as the API does, and the workflow's own write finds it there
    const t2 = await openTask(workflowId, 'county-approval#1');
    const answer2 = (await decide(wf, { taskId: t2.id, decision: 'APPROVE', comment: '同意', actor: county, checked, callerRecords: true })) as { decidedAt: string };
    await createTaskActivities(handle.db).recordDecision({ workflowId, taskId: t2.id, decision: 'APPROVE', comment: '同意', actor: county, decidedAt: answer2.decidedAt });
    expect(await wf.result()).toEqual({ outcome: 'approved', version: 1 });
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: t2.id } })).toMatchObject({ status: 'DONE', decision: 'APPROVE', comment: '同意', decidedAt: new Date(answer2.decidedAt) });
    // each decision is in the audit log once, whoever wrote its row
    const decided = await handle.db.auditEvent.findMany({ where: { workflowId, action: 'TASK_DECIDED' }, orderBy: { at: 'asc' } });
    expect(decided.map((a) => [a.targetId, a.actorName])).toEqual([
      [t1.id, township.name],
      [t2.id, county.name],
    ]);
    expect((await handle.db.household.findUniqueOrThrow({ where: { id: household.id } })).status).toBe('POOR');

    const history = await wf.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, workflowId);
    if (process.env.UPDATE_HISTORIES === '1') writeFileSync(path.join(HISTORIES, 'return-to-poverty-caller-records.v4.history.bin'), encodeHistory(history));
  });

  it('fires the reminder when a step is overdue and escalates one level up after that', async () => {
    const { wf, workflowId } = await start('0005');
    const t1 = await openTask(workflowId, 'township-check#1');
    expect(await handle.db.notification.count({ where: { taskId: t1.id } })).toBe(0);
    await env.sleep(`${DEFAULT_RETURN_CONFIG.townshipCheckDays} days`);
    const reminder = await waitFor(() => handle.db.notification.findUnique({ where: { taskId_kind: { taskId: t1.id, kind: 'REMINDER' } } }), 'the reminder');
    expect(reminder).toMatchObject({ role: 'SUPERVISOR', regionId: TOWNSHIP });
    expect(await handle.db.notification.count({ where: { taskId: t1.id, kind: 'ESCALATION' } })).toBe(0);
    await env.sleep(`${DEFAULT_RETURN_CONFIG.escalateAfterDays} days`);
    const escalation = await waitFor(() => handle.db.notification.findUnique({ where: { taskId_kind: { taskId: t1.id, kind: 'ESCALATION' } } }), 'the escalation');
    expect(escalation).toMatchObject({ role: 'SUPERVISOR', regionId: COUNTY });
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: t1.id } })).toMatchObject({ status: 'OPEN', escalatedToRegionId: COUNTY });
    // still decidable after escalation
    await decide(wf, { taskId: t1.id, decision: 'REJECT', comment: '逾期核实不符', actor: county });
    expect((await wf.result()).outcome).toBe('rejected');
    if (process.env.UPDATE_HISTORIES === '1') writeFileSync(path.join(HISTORIES, `return-to-poverty-reminded-escalated.${HISTORY_GENERATION}.history.bin`), encodeHistory(await wf.fetchHistory()));
  });

  it('closes the open task and the request when the process is cancelled', async () => {
    const { wf, workflowId, requestId, household } = await start('0006');
    const t1 = await openTask(workflowId, 'township-check#1');
    await wf.cancel();
    await expect(wf.result()).rejects.toThrow();
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: t1.id } })).toMatchObject({ status: 'CANCELLED', decision: null });
    expect(await handle.db.returnRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'CANCELLED', activeKey: null });
    expect((await handle.db.household.findUniqueOrThrow({ where: { id: household.id } })).status).toBe('EXITED');
    expect(await handle.db.auditEvent.count({ where: { workflowId, action: 'TASK_CANCELLED' } })).toBe(1);
  });
});
