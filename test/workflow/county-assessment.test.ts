/**
 * The county assessment cycle on the time-skipping test server with a real database: the entry
 * forms built from the framework (a rate entered as 70 refused), a submission after the due date
 * marked late and penalised, the computed indicators, review and approval with a RETURN that
 * scores again as version 2, the ranking notice with an objection upheld (version 3), publication
 * with the results; a second cycle whose collection closes with a county's submission missing, then
 * cancelled at review with its tasks closed.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../activities/county-assessment.ts';
import type { Db } from '../../lib/db.ts';
import { durationMs } from '../../rules/config-kit.ts';
import { defaultCountyAssessmentConfig, mergeCountyAssessmentConfig, type CountyAssessmentConfig } from '../../rules/county-assessment/config.ts';
import type { FormPayload } from '../../rules/forms.ts';
import { countyAssessmentStateQuery, countyAssessmentWorkflow } from '../../workflows/county-assessment.ts';
import { waitFor } from '../helpers/db.ts';
import { decide, refusal, saveHistory, timeSkippingAvailable as run, useTimeSkipping } from '../helpers/time-skipping.ts';

const YEAR = 2016;
const A = '439901'; // poor, paired (对口帮扶): 14 self-reported indicators apply… three of them here
const B = '439902'; // poor, not paired
const C = '439903'; // not a poor county: not assessed
const office = { id: 'u-office', name: 'office', role: 'OFFICE' };
const supervisor = { id: 'u-supervisor', name: 'supervisor', role: 'SUPERVISOR' };
const evaluator = { id: 'u-evaluator', name: 'evaluator', role: 'EVALUATOR' };
const operatorA = { id: 'u-op-a', name: 'operator.a', role: 'COUNTY_OPERATOR' };
const operatorB = { id: 'u-op-b', name: 'operator.b', role: 'COUNTY_OPERATOR' };

async function buildRegister(db: Db): Promise<void> {
  const T = `${A}001`;
  const V = `${T}001`;
  await db.region.createMany({
    data: [
      { id: '43', code: '43', name: '湖南省', level: 'PROVINCE' },
      { id: '4399', code: '4399', name: '测试市', level: 'CITY', parentId: '43' },
      { id: A, code: A, name: '甲县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: B, code: B, name: '乙县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: C, code: C, name: '丙区', level: 'COUNTY', parentId: '4399' },
      { id: T, code: T, name: '甲镇', level: 'TOWNSHIP', parentId: A },
      { id: V, code: V, name: '甲村', level: 'VILLAGE', parentId: T, isPoor: true },
    ],
  });
  // 乙县's principal leader (县级领导): interviewed when 乙县 misses its annual target
  await db.cadre.create({ data: { id: 'C-B-LEADER', code: 'BLEAD1', name: '乙县县长', gender: 'MALE', unit: '乙县人民政府', position: 'COUNTY_LEADER', regionId: B } });
  await db.pairing.create({ data: { kind: 'county_to_county', helperCode: '430121', helperName: '长沙县', helpedCode: A, helpedName: '甲县', mapping: 'one_to_one' } });
  // 4 households poor at the start of 2016; 2 deregistered in it → reduction 0.5, plan of 2 fulfilled
  await db.household.createMany({
    data: [1, 2, 3, 4].map((n) => ({ id: `H${n}`, code: `${V}000${n}`, headName: `户主${n}`, size: 3, status: n <= 2 ? ('EXITED' as const) : ('POOR' as const), povertyCause: 'ILLNESS', registeredYear: 2014, exitedYear: n <= 2 ? YEAR : null, cityId: '4399', countyId: A, townshipId: T, villageId: V })),
  });
  await db.ledgerEntry.createMany({ data: [1, 2].map((n) => ({ householdId: `H${n}`, kind: 'EXITED' as const, year: YEAR, at: new Date(Date.UTC(YEAR, 10, 1)), processId: 'exit-2016' })) });
}

function assessmentCycles(tests: 'published' | 'closed') {
  const ts = useTimeSkipping('assessment', buildRegister);
  const merged = mergeCountyAssessmentConfig(defaultCountyAssessmentConfig(YEAR), { annualPlan: { [A]: 2, [B]: 5 } });
  if (!merged.ok) throw new Error(JSON.stringify(merged.issues));
  const config: CountyAssessmentConfig = merged.config;

  const db = () => ts.db;
  const openTask = (workflowId: string, step: string, subjectId?: string) =>
    waitFor(() => db().task.findFirst({ where: { workflowId, step, status: 'OPEN', ...(subjectId ? { subjectId } : {}) }, orderBy: { createdAt: 'desc' } }), `open ${step} ${subjectId ?? ''} of ${workflowId}`);
  const start = (cycleId: string, regionId: string) =>
    ts.client.workflow.start(countyAssessmentWorkflow, { taskQueue: ts.taskQueue, workflowId: `county-assessment-${cycleId}`, args: [{ cycleId, year: YEAR, regionId, config, configVersion: 1, launchedBy: office }] });
  const enterAll = async (wf: WorkflowHandle, workflowId: string, county: string, operator: typeof operatorA, selfReported: Record<string, number>) => {
    const submission = await openTask(workflowId, 'county-submission', county);
    await decide(wf, { taskId: submission.id, decision: 'APPROVE', payload: { ...selfReported, sourceRef: `${county} 县级报送表` }, actor: operator });
    const survey = await openTask(workflowId, 'third-party-entry', county);
    await decide(wf, { taskId: survey.id, decision: 'APPROVE', payload: { IDENTIFICATION_ACCURACY: 0.99, EXIT_ACCURACY: county === A ? 1 : 0.97, ASSISTANCE_SATISFACTION: 0.92, sourceRef: '第三方评估调查 2016' }, actor: evaluator });
    const stats = await openTask(workflowId, 'statistics-entry', county);
    await decide(wf, { taskId: stats.id, decision: 'APPROVE', payload: { INCOME_GROWTH: county === A ? 0.12 : 0.09, FUND_PERFORMANCE: 84, ELDERLY_SUBSIDY_COVERAGE: 0.75, sourceRef: '省统计局 2016 年统计公报' }, actor: office });
  };

  if (tests === 'published') it('collects, scores, reviews with a RETURN, gives notice, re-scores after an upheld objection, and publishes with the results', async () => {
    const cycleId = `cyc-${randomUUID()}`;
    const workflowId = `county-assessment-${cycleId}`;
    const wf = await start(cycleId, '43');

    // the county's form asks for its self-reported indicators, bounded by their units; B is not paired
    const subA = await openTask(workflowId, 'county-submission', A);
    expect(subA).toMatchObject({ processType: 'COUNTY_ASSESSMENT', processId: cycleId, assignedRole: 'COUNTY_OPERATOR', regionId: A, level: 'COUNTY', subjectType: 'COUNTY' });
    expect((subA.formSchema as { name: string }[]).map((f) => f.name)).toEqual(['PROJECT_NOTICE_RATE', 'PAIRED_FUNDS_DELIVERY', 'ASSOCIATION_RATE', 'sourceRef']);
    const subB = await openTask(workflowId, 'county-submission', B);
    expect((subB.formSchema as { name: string }[]).map((f) => f.name)).toEqual(['PROJECT_NOTICE_RATE', 'ASSOCIATION_RATE', 'sourceRef']);
    expect(await db().task.count({ where: { workflowId, subjectId: C } })).toBe(0);
    const stats = await openTask(workflowId, 'statistics-entry', A);
    expect(stats).toMatchObject({ assignedRole: 'OFFICE', regionId: '43', level: 'PROVINCE' });
    // a rate entered as a percentage is refused by the form
    expect((await refusal(decide(wf, { taskId: subA.id, decision: 'APPROVE', payload: { PROJECT_NOTICE_RATE: 100, PAIRED_FUNDS_DELIVERY: 0.8, ASSOCIATION_RATE: 0.95, sourceRef: '报送表' }, actor: operatorA }))).type).toBe('INVALID_PAYLOAD');

    await enterAll(wf, workflowId, A, operatorA, { PROJECT_NOTICE_RATE: 1, PAIRED_FUNDS_DELIVERY: 0.8, ASSOCIATION_RATE: 0.95 });
    // B's third party and office are in time; its own submission comes two days after the due date
    const survey = await openTask(workflowId, 'third-party-entry', B);
    await decide(wf, { taskId: survey.id, decision: 'APPROVE', payload: { IDENTIFICATION_ACCURACY: 0.99, EXIT_ACCURACY: 0.97, ASSISTANCE_SATISFACTION: 0.92, sourceRef: '第三方评估调查 2016' }, actor: evaluator });
    const statsB = await openTask(workflowId, 'statistics-entry', B);
    await decide(wf, { taskId: statsB.id, decision: 'APPROVE', payload: { INCOME_GROWTH: 0.09, FUND_PERFORMANCE: 84, ELDERLY_SUBSIDY_COVERAGE: 0.75, sourceRef: '省统计局 2016 年统计公报' }, actor: office });
    await ts.env.sleep(durationMs(config, config.submission.due + 2));
    expect(await db().task.findUniqueOrThrow({ where: { id: subB.id } })).toMatchObject({ status: 'OPEN' });
    expect((await db().task.findUniqueOrThrow({ where: { id: subB.id } })).remindedAt).not.toBeNull();
    await decide(wf, { taskId: subB.id, decision: 'APPROVE', payload: { PROJECT_NOTICE_RATE: 0.9, ASSOCIATION_RATE: 0.95, sourceRef: '乙县报送表' }, actor: operatorB });

    // scored: values with their sources, the computed ones from the register
    const review1 = await openTask(workflowId, 'office-review');
    expect(await wf.query(countyAssessmentStateQuery)).toMatchObject({ stage: 'REVIEW', version: 1, counties: 2, late: [B], entered: { SELF_REPORTED: 2, THIRD_PARTY: 2, STATISTICS: 2 } });
    const values = await db().indicatorValue.findMany({ where: { cycleId, regionId: A } });
    expect(Object.fromEntries(values.map((v) => [v.indicatorCode, [v.value, v.source]]))).toMatchObject({
      PROJECT_NOTICE_RATE: [1, 'SELF_REPORTED'],
      EXIT_ACCURACY: [1, 'THIRD_PARTY'],
      INCOME_GROWTH: [0.12, 'STATISTICS'],
      REDUCTION_RATE: [0.5, 'REGISTRY'],
      TASK_COMPLETION: [1, 'REGISTRY'],
      TEAM_COVERAGE: [0, 'REGISTRY'],
    });
    expect(values.find((v) => v.indicatorCode === 'PROJECT_NOTICE_RATE')?.sourceRef).toBe(`${A} 县级报送表 (task ${subA.id})`);
    const v1 = await db().rankingSnapshot.findUniqueOrThrow({ where: { cycleId_version: { cycleId, version: 1 } } });
    const entries1 = v1.entries as unknown as StoredEntry[];
    expect(v1.status).toBe('DRAFT');
    expect(entries1.map((e) => [e.regionId, e.rank, e.late, e.penalty])).toEqual([
      [A, 1, false, 0],
      [B, 2, true, 1],
    ]);
    // B: no household at the start (reduction cannot be computed), 0 of a plan of 5: the annual target missed
    expect(entries1[1]!.missing).toContain('REDUCTION_RATE');
    expect(entries1[1]!.result).toMatchObject({ missedTarget: true, interview: true, excellenceBlocked: true, reward: false });
    expect(entries1[0]!.result).toMatchObject({ reward: true, interview: false });
    expect(review1.snapshot).toMatchObject({ version: 1, counties: 2, late: [B], rewarded: [A], interviews: [B] });

    // review, approval returns it: version 2 is scored from the values as they are now
    await decide(wf, { taskId: review1.id, decision: 'APPROVE', actor: office });
    const approval1 = await openTask(workflowId, 'ranking-approval');
    expect((await refusal(decide(wf, { taskId: approval1.id, decision: 'RETURN', actor: supervisor }))).type).toBe('COMMENT_REQUIRED');
    await decide(wf, { taskId: approval1.id, decision: 'RETURN', comment: '请核实乙县迟报情况', actor: supervisor });
    const review2 = await openTask(workflowId, 'office-review');
    expect(review2.version).toBe(2);
    await decide(wf, { taskId: review2.id, decision: 'APPROVE', actor: office });
    await decide(wf, { taskId: (await openTask(workflowId, 'ranking-approval')).id, decision: 'APPROVE', actor: supervisor });

    // the ranking's notice: an objection filed meanwhile, upheld after it
    const notice2 = await waitFor(() => db().publicNotice.findFirst({ where: { workflowId, stepKey: 'ranking-notice#2' } }), 'the ranking notice');
    const v2 = await db().rankingSnapshot.findUniqueOrThrow({ where: { cycleId_version: { cycleId, version: 2 } } });
    expect(v2.status).toBe('NOTICE');
    expect(notice2).toMatchObject({ subjectType: 'RANKING', subjectId: v2.id });
    await db().objection.create({ data: { noticeId: notice2.id, subjectType: 'RANKING', subjectId: v2.id, reason: '乙县迟报扣分有误', raisedById: operatorB.id } });
    await ts.env.sleep(durationMs(config, config.rankingNotice));
    const objection = await openTask(workflowId, 'ranking-objection');
    expect(objection.snapshot).toMatchObject({ reason: '乙县迟报扣分有误', version: 2 });
    await decide(wf, { taskId: objection.id, decision: 'REJECT', comment: '异议成立，重新计分', actor: office });
    await waitFor(() => db().objection.findFirst({ where: { noticeId: notice2.id, status: 'UPHELD' } }), 'the objection upheld');
    await waitFor(() => db().rankingSnapshot.findFirst({ where: { id: v2.id, status: 'DRAFT' } }), 'version 2 withdrawn from notice');

    // version 3: reviewed, approved, a notice without objections, published
    await decide(wf, { taskId: (await openTask(workflowId, 'office-review')).id, decision: 'APPROVE', actor: office });
    await decide(wf, { taskId: (await openTask(workflowId, 'ranking-approval')).id, decision: 'APPROVE', actor: supervisor });
    await waitFor(() => db().publicNotice.findFirst({ where: { workflowId, stepKey: 'ranking-notice#3' } }), 'the second notice');
    await ts.env.sleep(durationMs(config, config.rankingNotice));
    expect(await wf.result()).toMatchObject({ version: 3, stage: 'COMPLETED' });
    const v3 = await db().rankingSnapshot.findUniqueOrThrow({ where: { cycleId_version: { cycleId, version: 3 } } });
    expect(v3.status).toBe('PUBLISHED');
    expect(v3.publishedAt).not.toBeNull();
    const cycle = await db().cycle.findUniqueOrThrow({ where: { id: cycleId } });
    expect(cycle).toMatchObject({ type: 'COUNTY_ASSESSMENT', status: 'COMPLETED', stage: 'COMPLETED' });
    expect((cycle.progress as { results: unknown }).results).toEqual({ publishedVersion: 3, rewarded: [A], interviews: [B], excellenceBlocked: [B], accountability: [] });
    // 考核结果运用: 乙县's principal leader is interviewed, as a case of its own
    expect((cycle.progress as { casesOpened: unknown }).casesOpened).toEqual(['cadre-case:INTERVIEW:C-B-LEADER']);
    const interview = await waitFor(() => db().accountabilityCase.findFirst({ where: { cadreId: 'C-B-LEADER', kind: 'INTERVIEW' } }), 'the interview case');
    expect(interview).toMatchObject({ origin: 'ASSESSMENT', status: 'RUNNING', workflowId: 'cadre-case:INTERVIEW:C-B-LEADER' });
    expect(interview.reason).toContain('未完成年度脱贫攻坚目标任务');
    await waitFor(() => db().task.findFirst({ where: { caseId: interview.id, step: 'interview-record', status: 'OPEN' } }), 'the interview task');
    const actions = (await db().auditEvent.findMany({ where: { workflowId }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['CYCLE_OPENED', 'INDICATOR_VALUES_RECORDED', 'OBJECTION_UPHELD', 'RANKING_PUBLISHED', 'CYCLE_COMPLETED']));
    expect(await db().task.count({ where: { workflowId, status: 'OPEN' } })).toBe(0);
    await saveHistory(wf, 'county-assessment-returned-objection-published', 'v2');
  });

  if (tests === 'closed') it('closes collection with a submission missing (it scores 0), and a cancelled cycle closes its tasks', async () => {
    const cycleId = `cyc-${randomUUID()}`;
    const workflowId = `county-assessment-${cycleId}`;
    const wf = await start(cycleId, '4399');
    await enterAll(wf, workflowId, A, operatorA, { PROJECT_NOTICE_RATE: 1, PAIRED_FUNDS_DELIVERY: 0.8, ASSOCIATION_RATE: 0.95 });
    for (const step of ['third-party-entry', 'statistics-entry']) {
      const t = await openTask(workflowId, step, B);
      const payload: FormPayload = step === 'third-party-entry' ? { IDENTIFICATION_ACCURACY: 0.99, EXIT_ACCURACY: 0.97, ASSISTANCE_SATISFACTION: 0.92, sourceRef: '调查' } : { INCOME_GROWTH: 0.09, FUND_PERFORMANCE: 84, ELDERLY_SUBSIDY_COVERAGE: 0.75, sourceRef: '统计' };
      await decide(wf, { taskId: t.id, decision: 'APPROVE', payload, actor: step === 'statistics-entry' ? office : evaluator });
    }
    const subB = await openTask(workflowId, 'county-submission', B);
    await ts.env.sleep(durationMs(config, config.submission.due + config.submission.closesAfter + 1));
    await openTask(workflowId, 'office-review');
    expect(await db().task.findUniqueOrThrow({ where: { id: subB.id } })).toMatchObject({ status: 'CANCELLED' });
    expect(await wf.query(countyAssessmentStateQuery)).toMatchObject({ notEntered: [`${B}/SELF_REPORTED`], late: [] });
    const entries = (await db().rankingSnapshot.findUniqueOrThrow({ where: { cycleId_version: { cycleId, version: 1 } } })).entries as unknown as StoredEntry[];
    const b = entries.find((e) => e.regionId === B)!;
    expect(b.missing).toEqual(expect.arrayContaining(['PROJECT_NOTICE_RATE', 'ASSOCIATION_RATE']));
    expect(b.lines.find((l) => l.code === 'PROJECT_NOTICE_RATE')).toMatchObject({ missing: true, points: 0 });

    await wf.cancel();
    await expect(wf.result()).rejects.toThrow();
    expect(await db().cycle.findUniqueOrThrow({ where: { id: cycleId } })).toMatchObject({ status: 'CANCELLED' });
    expect(await db().task.count({ where: { workflowId, status: 'OPEN' } })).toBe(0);
    await saveHistory(wf, 'county-assessment-closed-cancelled');
  });
}

// Each on its own time-skipping server: a published ranking starts cases that outlive the cycle
// (ParentClosePolicy.ABANDON), after which the test server stopped skipping time for a later
// env.sleep on the same server (see test/workflow/cadre-accountability.test.ts).
describe.runIf(run)('county assessment workflow: to publication (time-skipping server)', () => assessmentCycles('published'));
describe.runIf(run)('county assessment workflow: collection closing, cancellation (time-skipping server)', () => assessmentCycles('closed'));
