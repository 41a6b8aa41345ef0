/**
 * The process kit's human step, through a small test-only process (test/processes/sample-review/)
 * on the time-skipping server with a real database: several steps waiting at once, typed form
 * payloads and per-step eligibility checks, RETURN with versions, concurrent decisions, four-eyes,
 * reminder and escalation to the step's own target, cancellation. (The start service and the search
 * attributes need a server where they are registered: test/api/process-kit.test.ts, dev server.)
 */
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db.ts';
import { ensureSearchAttributes } from '../../worker/search-attributes.ts';
import { PROCESSES } from '../../processes/index.ts';
import { createActivities } from '../../worker/index.ts';
import { decideUpdate, waitingStepsQuery, type DecisionInput } from '../../workflows/kit/human-steps.ts';
import { freshDb, waitFor } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';
import { COUNTY, TOWNSHIP, VILLAGE } from '../helpers/fixtures.ts';
import { sampleReviewProcess } from '../processes/sample-review/definition.ts';
import type { SampleReviewInput, sampleReviewWorkflow } from '../processes/sample-review/workflow.ts';

const serverPath = inject('timeSkippingServer');
const run = requirePart(serverPath !== null, 'the Temporal time-skipping test server');

/** the registration of the test-only process: one line */
const processes = [...PROCESSES, sampleReviewProcess];

const township = { id: 'u-township', name: 'township.supervisor', role: 'SUPERVISOR' };
const county = { id: 'u-county', name: 'county.supervisor', role: 'SUPERVISOR' };
const evaluator = { id: 'u-evaluator', name: 'evaluator', role: 'EVALUATOR' };
const DAY = 86_400_000;

describe.runIf(run)('the process kit (test-only process on the time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let handle: DbHandle & { drop: () => Promise<void> };
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  const taskQueue = `kit-${randomUUID()}`;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: serverPath as string } } });
    await ensureSearchAttributes(env.connection);
    client = env.client;
    handle = await freshDb('sqlite');
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ db: handle.db, processes }),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await handle?.drop();
    await env?.teardown();
  });

  type Handle = WorkflowHandle<typeof sampleReviewWorkflow>;
  async function start(opts: Partial<SampleReviewInput> = {}): Promise<{ wf: Handle; workflowId: string }> {
    const workflowId = `sample-review:${randomUUID()}`;
    const input: SampleReviewInput = { subjectId: workflowId.slice(-8), regionCode: VILLAGE, objections: [], dueInMs: 2 * DAY, escalateAfterMs: DAY, passScore: 60, proposer: township, ...opts };
    const wf = await client.workflow.start<typeof sampleReviewWorkflow>('sampleReviewWorkflow', { taskQueue, workflowId, args: [input] });
    return { wf, workflowId };
  }
  const openTask = (workflowId: string, stepKey: string) =>
    waitFor(() => handle.db.task.findFirst({ where: { workflowId, stepKey, status: 'OPEN' } }), `task ${stepKey}`);
  const decide = (wf: Handle, input: DecisionInput) => wf.executeUpdate(decideUpdate, { args: [input] });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (err: unknown) => ((err as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type ?? String(err),
    );

  it('waits on several steps at once: one re-check task per objection beside the review, each its own row', async () => {
    const { wf, workflowId } = await start({ objections: ['o1', 'o2'] });
    const review = await openTask(workflowId, 'review#1');
    const r1 = await openTask(workflowId, 'recheck#1');
    const r2 = await openTask(workflowId, 'recheck#2');
    expect(review).toMatchObject({ processType: 'SAMPLE_REVIEW', step: 'review', assignedRole: 'SUPERVISOR', level: 'TOWNSHIP', regionId: TOWNSHIP, allowedDecisions: 'APPROVE,REJECT' });
    expect(review.labels).toEqual({ zh: { step: '样例审核' }, en: { step: 'Sample review' } });
    expect(review.formSchema).toMatchObject([{ name: 'score', type: 'number' }, { name: 'note', type: 'text' }]);
    expect(r1).toMatchObject({ step: 'recheck', assignedRole: 'EVALUATOR', level: 'COUNTY', regionId: COUNTY, commentRequiredFor: '' });
    expect((await wf.query(waitingStepsQuery)).map((s) => s.stepKey).sort()).toEqual(['recheck#1', 'recheck#2', 'review#1']);

    // the review is decided while the re-checks still wait; the confirmation waits for both
    await decide(wf, { taskId: review.id, decision: 'APPROVE', payload: { score: 82 }, actor: township });
    await decide(wf, { taskId: r1.id, decision: 'APPROVE', actor: evaluator });
    expect(await handle.db.task.count({ where: { workflowId, stepKey: 'confirm#1' } })).toBe(0);
    expect((await wf.query(waitingStepsQuery)).map((s) => s.stepKey)).toEqual(['recheck#2']);
    await decide(wf, { taskId: r2.id, decision: 'REJECT', actor: evaluator });
    const confirm = await openTask(workflowId, 'confirm#1');
    await decide(wf, { taskId: confirm.id, decision: 'APPROVE', actor: county });
    expect(await wf.result()).toEqual({ outcome: 'approved', version: 1, rechecks: { o1: 'APPROVE', o2: 'REJECT' }, score: 82 });
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ status: 'DONE', payload: { score: 82 }, decidedById: township.id });
    // saved for the replay test (test/workflow/replay.test.ts): the kit's parallel steps must stay deterministic
    if (process.env.UPDATE_HISTORIES === '1') {
      writeFileSync(path.resolve('test/histories/sample-review-parallel-steps.v1.history.bin'), temporal.api.history.v1.History.encode(await wf.fetchHistory()).finish());
    }
  });

  it('checks the payload against the step form and the step eligibility; a refused decision leaves the step waiting', async () => {
    const { wf, workflowId } = await start();
    const review = await openTask(workflowId, 'review#1');
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'APPROVE', actor: township }))).toBe('INVALID_PAYLOAD');
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'APPROVE', payload: { score: 150 }, actor: township }))).toBe('INVALID_PAYLOAD');
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'APPROVE', payload: { score: 80, extra: 'x' }, actor: township }))).toBe('INVALID_PAYLOAD');
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'APPROVE', payload: { score: 40 }, actor: township }))).toBe('NOT_ELIGIBLE');
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'RETURN', comment: '退回', actor: township }))).toBe('DECISION_NOT_ALLOWED');
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'REJECT', actor: township }))).toBe('COMMENT_REQUIRED');
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ status: 'OPEN', decision: null });
    // a rejection needs no score (requiredFor: APPROVE)
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'REJECT', comment: '不符合', actor: township }))).toBe('accepted');
    expect((await wf.result()).outcome).toBe('rejected');
  });

  it('RETURN sends the work back with a new version; earlier versions stay on their tasks', async () => {
    const { wf, workflowId } = await start();
    await decide(wf, { taskId: (await openTask(workflowId, 'review#1')).id, decision: 'APPROVE', payload: { score: 70 }, actor: township });
    await decide(wf, { taskId: (await openTask(workflowId, 'confirm#1')).id, decision: 'RETURN', comment: '请复核得分', actor: county });
    const again = await openTask(workflowId, 'review#2');
    expect(again.version).toBe(2);
    await decide(wf, { taskId: again.id, decision: 'APPROVE', payload: { score: 90, note: '已复核' }, actor: township });
    await decide(wf, { taskId: (await openTask(workflowId, 'confirm#2')).id, decision: 'APPROVE', actor: county });
    expect(await wf.result()).toMatchObject({ outcome: 'approved', version: 2, score: 90 });
    const rows = await handle.db.task.findMany({ where: { workflowId }, orderBy: { createdAt: 'asc' }, select: { stepKey: true, version: true, decision: true } });
    expect(rows).toEqual([
      { stepKey: 'review#1', version: 1, decision: 'APPROVE' },
      { stepKey: 'confirm#1', version: 1, decision: 'RETURN' },
      { stepKey: 'review#2', version: 2, decision: 'APPROVE' },
      { stepKey: 'confirm#2', version: 2, decision: 'APPROVE' },
    ]);
  });

  it('accepts one of two decisions sent at once and refuses the other as not waiting', async () => {
    const { wf, workflowId } = await start();
    const review = await openTask(workflowId, 'review#1');
    const results = await Promise.all([
      refusal(decide(wf, { taskId: review.id, decision: 'APPROVE', payload: { score: 70 }, actor: township })),
      refusal(decide(wf, { taskId: review.id, decision: 'REJECT', comment: '不符合', actor: { ...township, id: 'u-township-2' } })),
    ]);
    expect(results.sort()).toEqual(['STEP_NOT_WAITING', 'accepted']);
    expect(await handle.db.auditEvent.count({ where: { targetId: review.id, action: 'TASK_DECIDED' } })).toBe(1);
    await wf.cancel();
  });

  it('four-eyes: the person who decided one level cannot decide another level of the same process', async () => {
    const { wf, workflowId } = await start();
    // a county supervisor's scope contains the township: they may decide the review...
    await decide(wf, { taskId: (await openTask(workflowId, 'review#1')).id, decision: 'APPROVE', payload: { score: 75 }, actor: county });
    const confirm = await openTask(workflowId, 'confirm#1');
    // ...but then not the county's confirmation of the same process
    const err = await decide(wf, { taskId: confirm.id, decision: 'APPROVE', actor: county }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'FOUR_EYES' });
    expect(String((err as WorkflowUpdateFailedError).cause?.message)).toContain('already decided the TOWNSHIP level');
    await decide(wf, { taskId: confirm.id, decision: 'APPROVE', actor: { ...county, id: 'u-county-2' } });
    expect((await wf.result()).outcome).toBe('approved');

    // configurable per process: off, the same person may decide both levels
    const off = await start({ fourEyes: false });
    await decide(off.wf, { taskId: (await openTask(off.workflowId, 'review#1')).id, decision: 'APPROVE', payload: { score: 75 }, actor: county });
    await decide(off.wf, { taskId: (await openTask(off.workflowId, 'confirm#1')).id, decision: 'APPROVE', actor: county });
    expect((await off.wf.result()).outcome).toBe('approved');
  });

  it('reminds when a step is due and escalates to the role and level its definition names', async () => {
    const { wf, workflowId } = await start({ objections: ['o1'] });
    const review = await openTask(workflowId, 'review#1');
    const recheck = await openTask(workflowId, 'recheck#1');
    await env.sleep(2 * DAY);
    await waitFor(() => handle.db.notification.findUnique({ where: { taskId_kind: { taskId: recheck.id, kind: 'REMINDER' } } }), 'the reminder');
    // both reminders are due at the same time, written by separate activities: wait for each
    expect(await waitFor(() => handle.db.notification.findUnique({ where: { taskId_kind: { taskId: review.id, kind: 'REMINDER' } } }), 'the review reminder')).toMatchObject({ role: 'SUPERVISOR', regionId: TOWNSHIP });
    await env.sleep(DAY);
    // the re-check names its escalation target (the provincial office); the review the default (its role one level up)
    expect(await waitFor(() => handle.db.notification.findUnique({ where: { taskId_kind: { taskId: recheck.id, kind: 'ESCALATION' } } }), 'escalation')).toMatchObject({ role: 'OFFICE', regionId: '43' });
    expect(await waitFor(() => handle.db.notification.findUnique({ where: { taskId_kind: { taskId: review.id, kind: 'ESCALATION' } } }), 'escalation')).toMatchObject({ role: 'SUPERVISOR', regionId: COUNTY });
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: recheck.id } })).toMatchObject({ status: 'OPEN', escalatedToRegionId: '43' });
    await decide(wf, { taskId: recheck.id, decision: 'APPROVE', actor: evaluator });
    await wf.cancel();
  });

  it('closes every open task when the process is cancelled, keeping the decisions already recorded', async () => {
    const { wf, workflowId } = await start({ objections: ['o1', 'o2'] });
    const r1 = await openTask(workflowId, 'recheck#1');
    await openTask(workflowId, 'recheck#2');
    await openTask(workflowId, 'review#1');
    await decide(wf, { taskId: r1.id, decision: 'APPROVE', actor: evaluator });
    await wf.cancel();
    await expect(wf.result()).rejects.toThrow();
    const rows = await handle.db.task.findMany({ where: { workflowId }, orderBy: { stepKey: 'asc' }, select: { stepKey: true, status: true, decision: true } });
    expect(rows).toEqual([
      { stepKey: 'recheck#1', status: 'DONE', decision: 'APPROVE' },
      { stepKey: 'recheck#2', status: 'CANCELLED', decision: null },
      { stepKey: 'review#1', status: 'CANCELLED', decision: null },
    ]);
    expect(await handle.db.auditEvent.count({ where: { workflowId, action: 'TASK_CANCELLED' } })).toBe(2);
  });
});
