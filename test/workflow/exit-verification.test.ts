/**
 * The yearly exit verification's village and county workflows on the time-skipping test server
 * with a real database (test/helpers/exit-fixtures.ts: every household's outcome worked out by
 * hand): candidates with reasons, the appraisal refused until every acknowledgement is in, RETURN
 * to the village, the notice as a durable timer, an objection holding one household while the
 * village goes on, a household refused at deregistration naming the failed criterion, the village's
 * own exit; the county blocked by a failed 错退率 after a dispute; reminders, escalation and
 * cancellation. Each run saves its history (UPDATE_HISTORIES=1) for the replay test.
 */
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db.ts';
import { taskDueMs, noticePeriodMs } from '../../rules/exit-verification/config.ts';
import { createActivities } from '../../worker/index.ts';
import { raiseObjectionUpdate, type ObjectionInput, exitCountyWorkflow, exitCountyStateQuery, exitVillageWorkflow } from '../../workflows/exit-verification.ts';
import { decideUpdate, type DecisionInput } from '../../workflows/kit/human-steps.ts';
import { freshDb, waitFor } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';
import { EX_COUNTY, EX_TOWNSHIP, EX_VILLAGE, EX_VILLAGE_2, EX_YEAR, exitTestConfig, householdCode, householdId, seedExitFixture } from '../helpers/exit-fixtures.ts';

const HISTORIES = path.resolve('test/histories');
const encodeHistory = (h: temporal.api.history.v1.IHistory) => temporal.api.history.v1.History.encode(h).finish();
const serverPath = inject('timeSkippingServer');
const run = requirePart(serverPath !== null, 'the Temporal time-skipping test server');

const secretary = { id: 'u-secretary', name: 'village.secretary', role: 'FIRST_SECRETARY' };
const township = { id: 'u-township', name: 'township.supervisor', role: 'SUPERVISOR' };
const county = { id: 'u-county', name: 'county.supervisor', role: 'SUPERVISOR' };
const operator = { id: 'u-operator', name: 'county.operator', role: 'COUNTY_OPERATOR' };
const city = { id: 'u-city', name: 'city.supervisor', role: 'SUPERVISOR' };
const evaluator = { id: 'u-evaluator', name: 'evaluator', role: 'EVALUATOR' };
const province = { id: 'u-province', name: 'supervisor', role: 'SUPERVISOR' };
const villager = { id: 'u-villager', name: 'county.operator', role: 'COUNTY_OPERATOR' };

describe.runIf(run)('exit verification workflows (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let handle: DbHandle & { drop: () => Promise<void> };
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  const taskQueue = `exit-${randomUUID()}`;
  const cycleId = `cyc-${randomUUID()}`;
  const config = exitTestConfig();

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: serverPath as string } } });
    client = env.client;
    handle = await freshDb('sqlite');
    await seedExitFixture(handle.db, cycleId, config);
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

  const openTask = (workflowId: string, stepKey: string) =>
    waitFor(() => handle.db.task.findFirst({ where: { workflowId, stepKey, status: 'OPEN' } }), `task ${stepKey} of ${workflowId}`);
  const decide = (wf: WorkflowHandle, input: DecisionInput) => wf.executeUpdate(decideUpdate, { args: [input] });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
    return { type: cause.type, message: cause.message };
  };
  const exitRow = (key: string) => handle.db.exitHousehold.findUniqueOrThrow({ where: { cycleId_householdId: { cycleId, householdId: householdId(key) } } });
  const villageRow = (villageId: string) => handle.db.exitVillage.findUnique({ where: { cycleId_villageId: { cycleId, villageId } } });
  const objection = (key: string, reason: string): ObjectionInput => ({ objectionId: `obj-${randomUUID()}`, subjectType: 'HOUSEHOLD', subjectId: householdId(key), subjectLabel: `户主${key}`, regionId: EX_VILLAGE, reason, actor: villager });
  // generation: v2 for the county since its villages start in bounded waves (VILLAGE_WAVES_PATCH)
  const saveHistory = async (wf: WorkflowHandle, name: string, generation = 'v1') => {
    if (process.env.UPDATE_HISTORIES === '1') writeFileSync(path.join(HISTORIES, `${name}.${generation}.history.bin`), encodeHistory(await wf.fetchHistory()));
  };

  it('runs a village: appraisal, township check with a RETURN, notice with an objection holding one household, deregistration with a refusal, the village exit', async () => {
    const workflowId = `exit-village-${randomUUID()}`;
    const wf = await client.workflow.start(exitVillageWorkflow, { taskQueue, workflowId, args: [{ cycleId, year: EX_YEAR, villageId: EX_VILLAGE, countyId: EX_COUNTY, config }] });

    // candidates with their reasons: C's income is under the 2016 line
    const appraisal = await openTask(workflowId, 'village-appraisal#1');
    expect(appraisal).toMatchObject({ assignedRole: 'FIRST_SECRETARY', regionId: EX_VILLAGE, level: 'VILLAGE', processType: 'EXIT_VERIFICATION', processId: cycleId, cycleId, subjectType: 'VILLAGE' });
    expect(appraisal.snapshot).toMatchObject({ assessed: 5, candidates: 4 });
    expect(await exitRow('A')).toMatchObject({ candidate: true, status: 'CANDIDATE' });
    const c = await exitRow('C');
    expect(c).toMatchObject({ candidate: false, status: 'NOT_CANDIDATE' });
    expect(c.reasonZh).toContain('人均纯收入 2,500');
    expect(c.reasonZh).toContain('未超过标准 2,952');

    // the appraisal cannot be submitted before every candidate has answered
    const form = { appraisalDate: '2016-11-20', participants: 42, minutes: '村民代表大会民主评议，无异议' };
    expect(await refusal(decide(wf, { taskId: appraisal.id, decision: 'APPROVE', payload: form, actor: secretary }))).toMatchObject({ type: 'STEP_INCOMPLETE' });
    expect(await refusal(decide(wf, { taskId: appraisal.id, decision: 'APPROVE', payload: { participants: 0 }, actor: secretary }))).toMatchObject({ type: 'INVALID_PAYLOAD' });
    for (const [key, acknowledged] of [['A', true], ['B', false], ['D', true], ['E', true]] as const) {
      await handle.db.exitHousehold.update({ where: { cycleId_householdId: { cycleId, householdId: householdId(key) } }, data: { acknowledged, acknowledgedAt: new Date(), acknowledgedById: secretary.id } });
    }
    await decide(wf, { taskId: appraisal.id, decision: 'APPROVE', payload: form, actor: secretary });

    // the township sends it back once, then approves the second version
    const check1 = await openTask(workflowId, 'township-check#1');
    expect(check1).toMatchObject({ assignedRole: 'SUPERVISOR', regionId: EX_TOWNSHIP, version: 1 });
    await decide(wf, { taskId: check1.id, decision: 'RETURN', comment: '请补充评议记录', actor: township });
    const appraisal2 = await openTask(workflowId, 'village-appraisal#2');
    expect(appraisal2.version).toBe(2);
    await decide(wf, { taskId: appraisal2.id, decision: 'APPROVE', payload: { ...form, minutes: '补充：村民代表 42 人到会，逐户评议' }, actor: secretary });
    const check2 = await openTask(workflowId, 'township-check#2');
    await decide(wf, { taskId: check2.id, decision: 'APPROVE', actor: township });

    // the notice: B (did not acknowledge) is not on it; an objection holds D, a second one joins it
    const notice = await waitFor(() => handle.db.publicNotice.findFirst({ where: { workflowId, stepKey: 'household-notice#2' } }), 'the household notice');
    expect(notice.endsAt.getTime() - notice.startsAt.getTime()).toBe(noticePeriodMs(config, 'household'));
    expect(await exitRow('B')).toMatchObject({ status: 'NOT_ACKNOWLEDGED' });
    const first = await wf.executeUpdate(raiseObjectionUpdate, { args: [objection('D', '该户收入来源不稳定，去年打工收入中断')] });
    expect(first).toMatchObject({ noticeId: notice.id, reverificationOpened: true });
    const second = await wf.executeUpdate(raiseObjectionUpdate, { args: [objection('D', '同上，请核实')] });
    expect(second.reverificationOpened).toBe(false);
    expect(await refusal(wf.executeUpdate(raiseObjectionUpdate, { args: [objection('B', '不在公示名单')] }))).toMatchObject({ type: 'NO_OPEN_NOTICE' });
    expect(await exitRow('D')).toMatchObject({ status: 'HELD' });
    const reverify = await openTask(workflowId, 'objection-reverification#1');
    expect(reverify).toMatchObject({ subjectType: 'HOUSEHOLD', subjectId: householdId('D'), regionId: EX_TOWNSHIP });
    expect(await handle.db.objection.count({ where: { subjectId: householdId('D'), status: 'OPEN', noticeId: notice.id } })).toBe(2);

    // during the notice E's housing is found unsafe (current data wins at deregistration)
    await handle.db.householdYear.update({ where: { householdId_year: { householdId: householdId('E'), year: EX_YEAR } }, data: { housingSafe: false } });
    await env.sleep(noticePeriodMs(config, 'household'));
    await waitFor(async () => (await exitRow('A')).status === 'EXITED', 'A deregistered');
    const e = await exitRow('E');
    expect(e.status).toBe('REFUSED');
    expect(e.refusal).toMatchObject({ failed: ['housing'] });
    expect(await exitRow('D')).toMatchObject({ status: 'HELD' }); // the rest of the village went on
    expect(await handle.db.household.findUniqueOrThrow({ where: { id: householdId('A') } })).toMatchObject({ status: 'EXITED', exitedYear: EX_YEAR });
    expect(await handle.db.household.findUniqueOrThrow({ where: { id: householdId('E') } })).toMatchObject({ status: 'POOR' });
    // an objection after the notice closed is refused
    expect(await refusal(wf.executeUpdate(raiseObjectionUpdate, { args: [objection('D', '公示期后提出')] }))).toMatchObject({ type: 'NO_OPEN_NOTICE' });

    // the objection is dismissed: D exits too
    await decide(wf, { taskId: reverify.id, decision: 'APPROVE', comment: '经入户核实，该户务工收入稳定', actor: township });
    await waitFor(async () => (await exitRow('D')).status === 'EXITED', 'D deregistered');
    expect(await handle.db.objection.count({ where: { subjectId: householdId('D'), status: 'DISMISSED' } })).toBe(2);

    // 6 poor people of 100 remain (B, C, E): under the village's 10% override, the township proposes its exit
    const proposal = await openTask(workflowId, 'village-exit-proposal#1');
    expect((await villageRow(EX_VILLAGE))?.incidence).toMatchObject({ value: 0.06, threshold: { value: 0.1, source: 'override' } });
    await decide(wf, { taskId: proposal.id, decision: 'APPROVE', actor: township });
    await env.sleep(noticePeriodMs(config, 'village'));
    const review = await openTask(workflowId, 'village-exit-review#1');
    expect(review).toMatchObject({ regionId: EX_COUNTY, level: 'COUNTY' });
    // four-eyes: the township's supervisor cannot decide the county level of the same process
    expect(await refusal(decide(wf, { taskId: review.id, decision: 'APPROVE', actor: township }))).toMatchObject({ type: 'FOUR_EYES' });
    await decide(wf, { taskId: review.id, decision: 'APPROVE', actor: county });

    expect(await wf.result()).toEqual({ exited: 2, refused: 1, villageOutcome: 'EXITED' });
    expect(await villageRow(EX_VILLAGE)).toMatchObject({ stage: 'DONE', villageOutcome: 'EXITED', assessed: 5, candidates: 4, exited: 2, refused: 1, held: 0 });
    expect(await handle.db.region.findUniqueOrThrow({ where: { id: EX_VILLAGE } })).toMatchObject({ exitYear: EX_YEAR, policyKeptUntilYear: EX_YEAR + 5 });
    const ledger = await handle.db.ledgerEntry.findMany({ where: { processId: cycleId }, orderBy: { householdId: 'asc' } });
    expect(ledger.map((l) => [l.householdId, l.kind, l.year])).toEqual([
      [householdId('A'), 'EXITED', EX_YEAR],
      [householdId('D'), 'EXITED', EX_YEAR],
    ]);
    expect(ledger.find((l) => l.householdId === householdId('D'))?.actorId).toBe(township.id);
    await saveHistory(wf, 'exit-village-objection-refusal-exit');
  });

  it('flags an exit the data contradict afterwards (假脱贫): a department reports A\'s housing unsafe', async () => {
    const acts = createActivities({ db: handle.db }) as unknown as { flagFakeExits: (i: object) => Promise<number> };
    await handle.db.exitCounty.create({ data: { cycleId, countyId: EX_COUNTY, cityId: '4312', workflowId: `flag-test-${randomUUID()}`, stage: 'VILLAGES', poorCounty: true } });
    expect(await acts.flagFakeExits({ cycleId, countyId: EX_COUNTY, config })).toBe(0);
    await handle.db.departmentImport.create({
      data: { department: 'housing', year: EX_YEAR, fileName: 'housing-2016.csv', rows: 1, importedById: 'u-office', facts: { create: [{ householdCode: householdCode('A'), year: EX_YEAR, criterion: 'housing', value: false, row: 2 }] } },
    });
    expect(await acts.flagFakeExits({ cycleId, countyId: EX_COUNTY, config })).toBe(1);
    const [flag] = await handle.db.exitFlag.findMany({ where: { cycleId, countyId: EX_COUNTY } });
    expect(flag).toMatchObject({ householdId: householdId('A'), kind: 'DATA_CONTRADICTION' });
    expect(flag.messageZh).toContain('住房安全');
    expect(JSON.stringify(flag.evidence)).toContain('housing-2016.csv');
    expect(await handle.db.exitCounty.findUniqueOrThrow({ where: { cycleId_countyId: { cycleId, countyId: EX_COUNTY } } })).toMatchObject({ flags: 1 });
    await handle.db.departmentImport.deleteMany({});
    await handle.db.exitCounty.deleteMany({ where: { cycleId } });
  });

  it('reminds and escalates an overdue appraisal, and a cancellation closes its tasks and keeps what was recorded', async () => {
    // village …002 has no candidate: give it one for this test by lifting P1's income
    await handle.db.householdYear.update({ where: { householdId_year: { householdId: householdId('P1'), year: EX_YEAR } }, data: { incomePerCapita: 5000 } });
    const workflowId = `exit-village-${randomUUID()}`;
    const wf = await client.workflow.start(exitVillageWorkflow, { taskQueue, workflowId, args: [{ cycleId, year: EX_YEAR, villageId: EX_VILLAGE_2, countyId: EX_COUNTY, config }] });
    const task = await openTask(workflowId, 'village-appraisal#1');
    await env.sleep(taskDueMs(config, 'villageProposal') + taskDueMs(config, 'escalateAfter') + 1000);
    const overdue = await waitFor(() => handle.db.task.findFirst({ where: { id: task.id, escalatedAt: { not: null } } }), 'escalation');
    expect(overdue.remindedAt).not.toBeNull();
    expect(overdue.escalatedToRegionId).toBe(EX_TOWNSHIP);
    expect(await handle.db.notification.findMany({ where: { taskId: task.id }, orderBy: { kind: 'asc' }, select: { kind: true, role: true, regionId: true } })).toEqual([
      { kind: 'ESCALATION', role: 'SUPERVISOR', regionId: EX_TOWNSHIP },
      { kind: 'REMINDER', role: 'FIRST_SECRETARY', regionId: EX_VILLAGE_2 },
    ]);
    await handle.db.exitHousehold.update({ where: { cycleId_householdId: { cycleId, householdId: householdId('P1') } }, data: { acknowledged: true, acknowledgedAt: new Date() } });

    await wf.cancel();
    await expect(wf.result()).rejects.toThrow();
    expect(await handle.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'CANCELLED' });
    expect(await villageRow(EX_VILLAGE_2)).toMatchObject({ stage: 'CANCELLED' });
    // what was recorded stays
    expect(await exitRow('P1')).toMatchObject({ candidate: true, acknowledged: true });
    await saveHistory(wf, 'exit-village-escalated-cancelled');
  });

  it('blocks a county whose 错退率 fails after a dispute is dismissed, with the formula and inputs stored', async () => {
    // a fresh village state for the county: P1 back under the line, so its villages have no candidate
    await handle.db.householdYear.update({ where: { householdId_year: { householdId: householdId('P1'), year: EX_YEAR } }, data: { incomePerCapita: 2500 } });
    await handle.db.exitVillage.deleteMany({ where: { cycleId } });
    await handle.db.exitHousehold.deleteMany({ where: { cycleId, status: { not: 'EXITED' } } });
    const countyCycle = `cyc-${randomUUID()}`;
    await handle.db.cycle.create({ data: { id: countyCycle, type: 'EXIT_VERIFICATION', year: EX_YEAR, regionId: '4312', stage: 'COUNTIES', workflowId: `exit-verification:${EX_YEAR}:4312:test`, config: config as object, configVersion: config.version, seed: 'county-seed', createdById: 'u-office' } });
    const workflowId = `exit-county-${randomUUID()}`;
    // every registered household of the county is sampled (9), and 2 visits outside the register
    const countyConfig = exitTestConfig({ sample: { default: { householdsInRegister: 9, householdsOutsideRegister: 2, villages: 0 }, perCounty: {} } });
    const cycleWorkflowId = `exit-verification:${EX_YEAR}:4312-${randomUUID()}`;
    // one village at a time (the bounded start): …002 waits until …001 has ended
    const wf = await client.workflow.start(exitCountyWorkflow, { taskQueue, workflowId, args: [{ cycleId: countyCycle, cycleWorkflowId, year: EX_YEAR, countyId: EX_COUNTY, config: countyConfig, seed: 'county-seed', villageConcurrency: 1 }] });

    // each village's own workflow ran (…001 has B, C, E still poor and candidates B and E: work it through quickly)
    const villageWf = `${cycleWorkflowId}/county:${EX_COUNTY}/village:${EX_VILLAGE}`;
    const village2Wf = `${cycleWorkflowId}/county:${EX_COUNTY}/village:${EX_VILLAGE_2}`;
    const appraisal = await openTask(villageWf, 'village-appraisal#1');
    // the first village waits for a person; the second has not started (no workflow, no row)
    expect(await client.workflow.getHandle(village2Wf).describe().then(() => 'started', (e: Error) => e.name)).toBe('WorkflowNotFoundError');
    expect(await handle.db.exitVillage.findUnique({ where: { cycleId_villageId: { cycleId: countyCycle, villageId: EX_VILLAGE_2 } } })).toBeNull();
    expect(await wf.query(exitCountyStateQuery)).toMatchObject({ stage: 'VILLAGES', villages: 2, villagesDone: 0 });
    const vwf = client.workflow.getHandle(villageWf);
    await handle.db.exitHousehold.updateMany({ where: { cycleId: countyCycle, villageId: EX_VILLAGE, status: 'CANDIDATE' }, data: { acknowledged: false, acknowledgedAt: new Date() } });
    await decide(vwf, { taskId: appraisal.id, decision: 'APPROVE', payload: { appraisalDate: '2016-12-01', participants: 30, minutes: '民主评议：两户不认可' }, actor: secretary });
    const check = await openTask(villageWf, 'township-check#1');
    await decide(vwf, { taskId: check.id, decision: 'APPROVE', actor: township });
    await env.sleep(noticePeriodMs(countyConfig, 'household'));
    // …001 ended, so …002 ran (it has no candidate: straight through)
    await waitFor(() => handle.db.exitVillage.findFirst({ where: { cycleId: countyCycle, villageId: EX_VILLAGE_2, stage: 'DONE' } }), 'the second village done');

    // the county applies; the city returns it once, then passes it
    const app1 = await openTask(workflowId, 'county-application#1');
    expect(app1).toMatchObject({ assignedRole: 'COUNTY_OPERATOR', regionId: EX_COUNTY, subjectType: 'COUNTY' });
    expect(await refusal(decide(wf, { taskId: app1.id, decision: 'APPROVE', payload: { report: '短' }, actor: operator }))).toMatchObject({ type: 'INVALID_PAYLOAD' });
    await decide(wf, { taskId: app1.id, decision: 'APPROVE', payload: { report: '本县贫困发生率已降至 2% 以下，申请摘帽' }, actor: operator });
    const review1 = await openTask(workflowId, 'city-review#1');
    expect(review1.regionId).toBe('4312');
    await decide(wf, { taskId: review1.id, decision: 'RETURN', comment: '补充产业数据', actor: city });
    const app2 = await openTask(workflowId, 'county-application#2');
    await decide(wf, { taskId: app2.id, decision: 'APPROVE', payload: { report: '补充：产业覆盖率 95%，申请摘帽' }, actor: operator });
    const review2 = await openTask(workflowId, 'city-review#2');
    await decide(wf, { taskId: review2.id, decision: 'APPROVE', actor: city });

    // the sample: all 9 registered households of the county, 2 visits outside the register
    const survey = await openTask(workflowId, 'third-party-survey#1');
    const entries = await handle.db.sampleEntry.findMany({ where: { cycleId: countyCycle, countyId: EX_COUNTY }, orderBy: { ordinal: 'asc' } });
    expect(entries.filter((e) => e.kind === 'IN_REGISTER')).toHaveLength(9);
    expect(entries.filter((e) => e.kind === 'OUTSIDE_REGISTER')).toHaveLength(2);
    expect(await refusal(decide(wf, { taskId: survey.id, decision: 'APPROVE', actor: evaluator }))).toMatchObject({ type: 'STEP_INCOMPLETE' });
    for (const entry of entries) {
      const wrong = entry.householdId === householdId('X2');
      await handle.db.sampleEntry.update({
        where: { id: entry.id },
        data:
          entry.kind === 'IN_REGISTER'
            ? { meetsStandard: !wrong && entry.householdId !== householdId('P1') && entry.householdId !== householdId('P2') && entry.householdId !== householdId('C'), failedCriteria: wrong ? 'income' : null, approves: true, acknowledges: true, foundAt: new Date(), foundById: evaluator.id }
            : { visitedName: '走访户', missed: false, approves: true, foundAt: new Date(), foundById: evaluator.id },
      });
    }
    await decide(wf, { taskId: survey.id, decision: 'APPROVE', actor: evaluator });

    // the county disputes X2's finding; the province dismisses it
    const dispute = await openTask(workflowId, 'county-dispute#1');
    const x2 = entries.find((e) => e.householdId === householdId('X2'));
    expect(x2).toBeDefined();
    await handle.db.sampleEntry.update({ where: { id: x2?.id }, data: { disputeReason: '该户2015年已稳定脱贫', disputedById: operator.id, disputedAt: new Date(), disputeStatus: 'OPEN' } });
    await decide(wf, { taskId: dispute.id, decision: 'APPROVE', actor: operator });
    const disputeReview = await openTask(workflowId, 'dispute-review#1');
    expect(await refusal(decide(wf, { taskId: disputeReview.id, decision: 'APPROVE', actor: province }))).toMatchObject({ type: 'STEP_INCOMPLETE' });
    await handle.db.sampleEntry.update({ where: { id: x2?.id }, data: { disputeStatus: 'DISMISSED', disputeDecidedById: province.id, disputeDecidedAt: new Date(), disputeComment: '证据不足' } });
    await decide(wf, { taskId: disputeReview.id, decision: 'APPROVE', actor: province });

    // 错退率 = 1 ÷ 4 sampled exited households (A, D, X1 fine; X2 below the line) = 25% ≥ 2%: blocked
    expect(await wf.result()).toEqual({ outcome: 'BLOCKED' });
    const row = await handle.db.exitCounty.findUniqueOrThrow({ where: { cycleId_countyId: { cycleId: countyCycle, countyId: EX_COUNTY } } });
    expect(row).toMatchObject({ stage: 'DONE', outcome: 'BLOCKED', testsPassed: false, villages: 2 });
    expect(row.outcomeReason).toContain('wrongExitRate');
    const tests = row.tests as { failed: string[]; tests: { key: string; value: number; pass: boolean; inputs: { numerator: { value: number }; denominator: { value: number } } }[] };
    const wrongExit = tests.tests.find((t) => t.key === 'wrongExitRate');
    expect(wrongExit).toMatchObject({ value: 0.25, pass: false, inputs: { numerator: { value: 1 }, denominator: { value: 4 } } });
    expect(tests.failed).toEqual(['wrongExitRate']);
    expect(await handle.db.region.findUniqueOrThrow({ where: { id: EX_COUNTY } })).toMatchObject({ exitYear: null });
    await saveHistory(wf, 'exit-county-blocked', 'v2');
  });
});
