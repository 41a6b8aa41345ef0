/**
 * Cadre accountability cases on the time-skipping test server with a real database: an interview
 * whose rectification fails opens an accountability case of its own, decided with a sanction; a
 * recall keeps its case open until a replacement is stationed (the recalled cadre refused as their
 * own replacement); a reward refused while the county missed its targets in the published
 * ranking, and for an eligible cadre approved, noticed, objected to, and recorded.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db.ts';
import { cadreCaseWorkflowId, defaultCadreAccountabilityConfig, type CaseKind } from '../../rules/cadre-accountability.ts';
import { durationMs } from '../../rules/config-kit.ts';
import { cadreCaseWorkflow } from '../../workflows/cadre-accountability.ts';
import { waitFor } from '../helpers/db.ts';
import { decide, refusal, saveHistory, timeSkippingAvailable as run, useTimeSkipping } from '../helpers/time-skipping.ts';

const YEAR = 2016;
const COUNTY = '439901'; // met its targets
const BLOCKED = '439902'; // missed its annual targets in the published 2016 ranking
const VILLAGE = `${COUNTY}001001`;
const office = { id: 'u-office', name: 'office', role: 'OFFICE' };
const county = { id: 'u-county', name: 'county.supervisor', role: 'SUPERVISOR' };
const city = { id: 'u-city', name: 'city.supervisor', role: 'SUPERVISOR' };
const operator = { id: 'u-operator', name: 'county.operator', role: 'COUNTY_OPERATOR' };

async function build(db: Db): Promise<void> {
  await db.region.createMany({
    data: [
      { id: '43', code: '43', name: '湖南省', level: 'PROVINCE' },
      { id: '4399', code: '4399', name: '测试市', level: 'CITY', parentId: '43' },
      { id: COUNTY, code: COUNTY, name: '甲县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: BLOCKED, code: BLOCKED, name: '乙县', level: 'COUNTY', parentId: '4399', isPoor: true },
      { id: `${COUNTY}001`, code: `${COUNTY}001`, name: '甲镇', level: 'TOWNSHIP', parentId: COUNTY },
      { id: VILLAGE, code: VILLAGE, name: '甲村', level: 'VILLAGE', parentId: `${COUNTY}001`, isPoor: true },
    ],
  });
  const cadre = (code: string, regionId: string, position: 'FIRST_SECRETARY' | 'TEAM_MEMBER' | 'COUNTY_LEADER') => ({ id: `C-${code}`, code, name: `干部${code}`, gender: 'MALE', unit: '省直单位', position, regionId });
  await db.cadre.createMany({ data: [cadre('S1', COUNTY, 'FIRST_SECRETARY'), cadre('S2', COUNTY, 'TEAM_MEMBER'), cadre('L1', COUNTY, 'COUNTY_LEADER'), cadre('B1', BLOCKED, 'TEAM_MEMBER')] });
  await db.cadreAssignment.create({ data: { cadreId: 'C-S1', kind: 'VILLAGE_TEAM', villageId: VILLAGE, startYear: 2015 } });
  // the published 2016 ranking: 乙县 missed its annual targets (不能评先评优)
  await db.rankingSnapshot.create({
    data: { cycleId: 'cyc-2016', year: YEAR, version: 1, status: 'PUBLISHED', publishedAt: new Date(), entries: [{ regionId: COUNTY, result: { excellenceBlocked: false } }, { regionId: BLOCKED, result: { excellenceBlocked: true } }] },
  });
}

function cadreCases(tests: 'escalation' | 'others') {
  const ts = useTimeSkipping('cases', build);
  const config = defaultCadreAccountabilityConfig(YEAR);
  const db = () => ts.db;
  const open = (kind: CaseKind, cadreId: string, reason: string) => {
    const caseId = `case_${randomUUID().replaceAll('-', '')}`;
    return ts.client.workflow
      .start(cadreCaseWorkflow, { taskQueue: ts.taskQueue, workflowId: cadreCaseWorkflowId(kind, cadreId), args: [{ caseId, kind, cadreId, reason, origin: 'MANUAL', openedBy: office, year: YEAR, config, configVersion: 1 }] })
      .then((wf) => ({ wf, caseId, workflowId: wf.workflowId }));
  };
  const openTask = (workflowId: string, step: string) => waitFor(() => db().task.findFirst({ where: { workflowId, step, status: 'OPEN' } }), `${step} of ${workflowId}`);

  if (tests === 'escalation') it('an interview not rectified in time opens an accountability case, decided with a sanction', async () => {
    const { wf, caseId, workflowId } = await open('INTERVIEW', 'C-L1', '2016 年度考核未完成减贫任务');
    // the workflow writes its own case row
    expect(await waitFor(() => db().accountabilityCase.findUnique({ where: { id: caseId } }), 'the case row')).toMatchObject({ kind: 'INTERVIEW', cadreId: 'C-L1', status: 'RUNNING', origin: 'MANUAL', workflowId });
    const record = await openTask(workflowId, 'interview-record');
    expect(record).toMatchObject({ processType: 'CADRE_ACCOUNTABILITY', processId: caseId, caseId, assignedRole: 'SUPERVISOR', regionId: COUNTY, subjectType: 'CADRE', subjectId: 'C-L1' });
    expect((await refusal(decide(wf, { taskId: record.id, decision: 'APPROVE', payload: { interviewDate: '2017-01-10' }, actor: county }))).type).toBe('INVALID_PAYLOAD');
    await decide(wf, { taskId: record.id, decision: 'APPROVE', payload: { interviewDate: '2017-01-10', interviewer: '县委书记', record: '约谈县级领导，指出未完成年度减贫任务的问题，提出整改要求。' }, actor: county });
    const plan = await openTask(workflowId, 'rectification-plan');
    await decide(wf, { taskId: plan.id, decision: 'APPROVE', payload: { plan: '三个月内完成剩余贫困户退出核查与帮扶措施落实。' }, actor: operator });
    await waitFor(() => db().accountabilityCase.findFirst({ where: { id: caseId, stage: 'RECTIFYING' } }), 'the rectification period');
    await ts.env.sleep(durationMs(config, config.rectificationPeriod));
    const verify = await openTask(workflowId, 'rectification-verification');
    expect(verify).toMatchObject({ level: 'CITY', regionId: '4399' });
    expect((await refusal(decide(wf, { taskId: verify.id, decision: 'REJECT', actor: city }))).type).toBe('COMMENT_REQUIRED');
    await decide(wf, { taskId: verify.id, decision: 'REJECT', comment: '整改措施未落实到户', actor: city });
    expect(await wf.result()).toEqual({ outcome: 'ESCALATED', detail: cadreCaseWorkflowId('ACCOUNTABILITY', 'C-L1') });
    expect(await db().accountabilityCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'COMPLETED', stage: 'CLOSED', outcome: 'ESCALATED' });
    await saveHistory(wf, 'cadre-interview-escalated');

    // the accountability case runs as its own process
    const child = ts.client.workflow.getHandle(cadreCaseWorkflowId('ACCOUNTABILITY', 'C-L1'));
    const escalated = await waitFor(() => db().accountabilityCase.findFirst({ where: { cadreId: 'C-L1', kind: 'ACCOUNTABILITY' } }), 'the accountability case');
    expect(escalated).toMatchObject({ origin: 'ESCALATION', status: 'RUNNING', reason: '约谈整改不到位：整改措施未落实到户' });
    const decision = await openTask(child.workflowId, 'accountability-decision');
    expect((await refusal(decide(child, { taskId: decision.id, decision: 'APPROVE', payload: { sanction: 'DEMOTION', record: '给予诫勉谈话处理，责令限期整改。' }, actor: city }))).type).toBe('INVALID_PAYLOAD');
    await decide(child, { taskId: decision.id, decision: 'APPROVE', payload: { sanction: 'ADMONITION', record: '给予诫勉谈话处理，责令限期整改。' }, actor: city });
    expect(await child.result()).toEqual({ outcome: 'SANCTIONED', detail: 'ADMONITION' });
    expect(await db().accountabilityCase.findUniqueOrThrow({ where: { id: escalated.id } })).toMatchObject({ status: 'COMPLETED', outcome: 'SANCTIONED:ADMONITION' });
  });

  if (tests === 'others') it('a recall stays open until a replacement is stationed in the village', async () => {
    const { wf, caseId, workflowId } = await open('RECALL', 'C-S1', '不作为，群众意见大');
    const approval = await openTask(workflowId, 'recall-approval');
    expect(approval.regionId).toBe(COUNTY);
    // a second recall of the same cadre while this one is open is refused by its workflow id
    await expect(open('RECALL', 'C-S1', '再次召回')).rejects.toThrow();
    await decide(wf, { taskId: approval.id, decision: 'APPROVE', actor: county });
    const replacement = await openTask(workflowId, 'replacement');
    expect(await db().cadreAssignment.findFirstOrThrow({ where: { cadreId: 'C-S1', villageId: VILLAGE } })).toMatchObject({ endYear: YEAR });
    expect(await refusal(decide(wf, { taskId: replacement.id, decision: 'APPROVE', payload: { replacementCode: 'S1' }, actor: operator }))).toMatchObject({ type: 'NOT_ELIGIBLE', message: expect.stringContaining('being recalled') });
    expect(await refusal(decide(wf, { taskId: replacement.id, decision: 'APPROVE', payload: { replacementCode: 'B1' }, actor: operator }))).toMatchObject({ type: 'NOT_ELIGIBLE', message: expect.stringContaining(BLOCKED) });
    expect(await refusal(decide(wf, { taskId: replacement.id, decision: 'APPROVE', payload: { replacementCode: 'NOPE' }, actor: operator }))).toMatchObject({ type: 'NOT_ELIGIBLE' });
    expect(await db().accountabilityCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'RUNNING', stage: 'REPLACEMENT' });
    await decide(wf, { taskId: replacement.id, decision: 'APPROVE', payload: { replacementCode: 'S2' }, actor: operator });
    expect(await wf.result()).toEqual({ outcome: 'RECALLED', detail: 'S2' });
    expect(await db().cadreAssignment.findFirstOrThrow({ where: { cadreId: 'C-S2', villageId: VILLAGE, kind: 'VILLAGE_TEAM' } })).toMatchObject({ startYear: YEAR, endYear: null });
    expect(await db().accountabilityCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'COMPLETED', outcome: 'RECALLED' });
    await saveHistory(wf, 'cadre-recall-replaced');
  });

  if (tests === 'others') it('a reward is refused while the county missed its targets; an eligible one is approved, noticed, objected to and recorded', async () => {
    const blocked = await open('REWARD', 'C-B1', '驻村帮扶成效突出');
    const review = await openTask(blocked.workflowId, 'reward-review');
    expect(await refusal(decide(blocked.wf, { taskId: review.id, decision: 'APPROVE', actor: county }))).toMatchObject({ type: 'NOT_ELIGIBLE', message: expect.stringContaining('不能评先评优') });
    await decide(blocked.wf, { taskId: review.id, decision: 'REJECT', comment: '所在县未完成年度任务', actor: county });
    expect(await blocked.wf.result()).toEqual({ outcome: 'NOT_REWARDED', detail: null });

    const { wf, caseId, workflowId } = await open('REWARD', 'C-S2', '驻村帮扶成效突出，群众满意');
    await decide(wf, { taskId: (await openTask(workflowId, 'reward-review')).id, decision: 'APPROVE', actor: county });
    await decide(wf, { taskId: (await openTask(workflowId, 'reward-approval')).id, decision: 'APPROVE', actor: city });
    const notice = await waitFor(() => db().publicNotice.findFirst({ where: { workflowId, subjectType: 'CADRE', subjectId: 'C-S2' } }), 'the reward notice');
    await db().objection.create({ data: { noticeId: notice.id, subjectType: 'CADRE', subjectId: 'C-S2', regionId: COUNTY, reason: '该干部驻村时间不足', raisedById: operator.id } });
    await ts.env.sleep(durationMs(config, config.rewardNotice));
    const objection = await openTask(workflowId, 'reward-objection');
    expect(objection.snapshot).toMatchObject({ objection: '该干部驻村时间不足' });
    await decide(wf, { taskId: objection.id, decision: 'APPROVE', comment: '经核实驻村时间符合要求', actor: city });
    expect(await wf.result()).toEqual({ outcome: 'REWARDED', detail: null });
    expect(await db().objection.findFirstOrThrow({ where: { noticeId: notice.id } })).toMatchObject({ status: 'DISMISSED' });
    expect(await db().accountabilityCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'COMPLETED', outcome: 'REWARDED' });
    await saveHistory(wf, 'cadre-reward-noticed');
  });
}

// Each on its own time-skipping server: on a server shared with the escalation test (a child
// started with ParentClosePolicy.ABANDON, outliving its parent), a later env.sleep never returned:
// the test server stopped skipping time. Real servers do not skip time; the tests keep apart.
describe.runIf(run)('cadre accountability: an interview escalating to accountability (time-skipping server)', () => cadreCases('escalation'));
describe.runIf(run)('cadre accountability: recall and reward (time-skipping server)', () => cadreCases('others'));
