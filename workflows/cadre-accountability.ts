/**
 * Cadre accountability and incentives (干部问责与激励), DESIGN.md "3. Cadre accountability": one
 * workflow per case, every human step on the process kit.
 * - INTERVIEW (约谈): the interview recorded → a rectification plan → the rectification period (a
 *   durable timer) → verification; not rectified → an ACCOUNTABILITY case opens (its own workflow).
 * - RECALL (召回): approved by the county; the cadre's stationing ends and the case stays open with a
 *   task until a replacement is stationed in the village (不脱贫不脱钩).
 * - REWARD (奖励 / 评先评优): review and approval, each refused while the cadre's county missed its
 *   annual targets in the latest published ranking; a public notice; objections re-verified; the
 *   reward recorded on the cadre's file (their cases).
 * - ACCOUNTABILITY (问责): the sanction decided and recorded.
 */
import { ParentClosePolicy, proxyActivities, sleep, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type SearchAttributePair } from '@temporalio/common';
import type { ActorRef } from '../activities/audit.ts';
import type { CadreAccountabilityActivities } from '../activities/cadre-accountability.ts';
import { cadreCaseWorkflowId, CADRE_ACCOUNTABILITY, SANCTIONS, type CadreAccountabilityConfig, type CaseKind, type CaseOrigin, type CaseOutcome, type CaseStage } from '../rules/cadre-accountability.ts';
import { durationMs } from '../rules/config-kit.ts';
import { HumanSteps, type DecisionInput, type StepDefinition } from './kit/human-steps.ts';
import { cancellable } from './kit/process.ts';
import { PROCESS_TYPE, PROCESS_YEAR, REGION_CODE } from './kit/search-attributes.ts';
import { DEFAULT_ACTIVITY_OPTIONS } from './options.ts';

const acts = proxyActivities<CadreAccountabilityActivities>(DEFAULT_ACTIVITY_OPTIONS);
const SYSTEM: ActorRef = { id: null, name: 'system (cadre accountability)', role: null };

type CaseStep = StepDefinition & { due: keyof CadreAccountabilityConfig['taskDue'] };

export const CASE_STEPS = {
  interviewRecord: {
    key: 'interview-record',
    kind: 'CASE_INTERVIEW_RECORD',
    labels: { zh: { step: '约谈并记录', decisions: { APPROVE: '提交约谈记录' } }, en: { step: 'Hold and record the interview', decisions: { APPROVE: 'Submit the record' } } },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    form: [
      { name: 'interviewDate', type: 'date', required: true, label: { zh: '约谈日期', en: 'Date of the interview' } },
      { name: 'interviewer', type: 'text', required: true, min: 2, max: 100, label: { zh: '约谈人', en: 'Interviewer' } },
      { name: 'record', type: 'textarea', required: true, min: 10, max: 4000, label: { zh: '约谈记录', en: 'Record of the interview' } },
    ],
    due: 'interviewRecord',
  },
  rectificationPlan: {
    key: 'rectification-plan',
    kind: 'CASE_RECTIFICATION_PLAN',
    labels: { zh: { step: '提交整改方案', decisions: { APPROVE: '提交' } }, en: { step: 'Submit the rectification plan', decisions: { APPROVE: 'Submit' } } },
    assignee: { role: 'COUNTY_OPERATOR', level: 'COUNTY' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    form: [{ name: 'plan', type: 'textarea', required: true, min: 10, max: 4000, label: { zh: '整改方案', en: 'Rectification plan' } }],
    escalateTo: { role: 'SUPERVISOR', level: 'COUNTY' },
    due: 'rectificationPlan',
  },
  rectificationVerification: {
    key: 'rectification-verification',
    kind: 'CASE_RECTIFICATION_VERIFICATION',
    labels: {
      zh: { step: '整改验收', decisions: { APPROVE: '整改到位，结案', REJECT: '整改不到位，问责' } },
      en: { step: 'Verify the rectification', decisions: { APPROVE: 'Rectified: close', REJECT: 'Not rectified: accountability' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'CITY' },
    decisions: ['APPROVE', 'REJECT'],
    due: 'verification',
  },
  recallApproval: {
    key: 'recall-approval',
    kind: 'CASE_RECALL_APPROVAL',
    labels: { zh: { step: '审批召回', decisions: { APPROVE: '同意召回', REJECT: '不予召回' } }, en: { step: 'Approve the recall', decisions: { APPROVE: 'Recall', REJECT: 'Do not recall' } } },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: ['APPROVE', 'REJECT'],
    due: 'recallApproval',
  },
  replacement: {
    key: 'replacement',
    kind: 'CASE_REPLACEMENT',
    labels: { zh: { step: '选派接替人员驻村', decisions: { APPROVE: '确认接替' } }, en: { step: 'Station a replacement in the village', decisions: { APPROVE: 'Station the replacement' } } },
    assignee: { role: 'COUNTY_OPERATOR', level: 'COUNTY' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    form: [{ name: 'replacementCode', type: 'text', required: true, min: 2, max: 40, label: { zh: '接替人员干部编号', en: "Replacement's cadre code" } }],
    escalateTo: { role: 'SUPERVISOR', level: 'CITY' },
    due: 'replacement',
  },
  rewardReview: {
    key: 'reward-review',
    kind: 'CASE_REWARD_REVIEW',
    labels: { zh: { step: '评先评优审核', decisions: { APPROVE: '同意推荐', REJECT: '不予推荐' } }, en: { step: 'Review the reward nomination', decisions: { APPROVE: 'Recommend', REJECT: 'Do not recommend' } } },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: ['APPROVE', 'REJECT'],
    due: 'rewardReview',
  },
  rewardApproval: {
    key: 'reward-approval',
    kind: 'CASE_REWARD_APPROVAL',
    labels: { zh: { step: '评先评优审批', decisions: { APPROVE: '同意，进入公示', REJECT: '不予批准' } }, en: { step: 'Approve the reward', decisions: { APPROVE: 'Approve for notice', REJECT: 'Refuse' } } },
    assignee: { role: 'SUPERVISOR', level: 'CITY' },
    decisions: ['APPROVE', 'REJECT'],
    due: 'rewardApproval',
  },
  rewardObjection: {
    key: 'reward-objection',
    kind: 'CASE_REWARD_OBJECTION',
    labels: { zh: { step: '评先评优公示异议核实', decisions: { APPROVE: '异议不成立', REJECT: '异议成立，不予奖励' } }, en: { step: 'Re-verify an objection to the reward', decisions: { APPROVE: 'Dismiss the objection', REJECT: 'Uphold it (no reward)' } } },
    assignee: { role: 'SUPERVISOR', level: 'CITY' },
    decisions: ['APPROVE', 'REJECT'],
    commentRequiredFor: ['APPROVE', 'REJECT'],
    due: 'objectionReverification',
  },
  accountabilityDecision: {
    key: 'accountability-decision',
    kind: 'CASE_ACCOUNTABILITY_DECISION',
    labels: { zh: { step: '问责决定', decisions: { APPROVE: '作出问责决定', REJECT: '不予问责' } }, en: { step: 'Decide the accountability', decisions: { APPROVE: 'Record the sanction', REJECT: 'No sanction' } } },
    assignee: { role: 'SUPERVISOR', level: 'CITY' },
    decisions: ['APPROVE', 'REJECT'],
    form: [
      { name: 'sanction', type: 'select', required: true, requiredFor: ['APPROVE'], options: SANCTIONS.map((s) => ({ value: s.value, label: s.label })), label: { zh: '问责方式', en: 'Sanction' } },
      { name: 'record', type: 'textarea', required: true, requiredFor: ['APPROVE'], min: 10, max: 4000, label: { zh: '问责决定书', en: 'Decision' } },
    ],
    due: 'accountabilityDecision',
  },
} satisfies Record<string, CaseStep>;

export interface CadreCaseInput {
  caseId: string;
  kind: CaseKind;
  cadreId: string;
  reason: string;
  origin: CaseOrigin;
  openedBy: ActorRef;
  year: number;
  config: CadreAccountabilityConfig;
  configVersion: number;
}

export interface CadreCaseResult {
  outcome: CaseOutcome;
  /** the sanction, the replacement's code, the accountability case an interview escalated to */
  detail: string | null;
}

export async function cadreCaseWorkflow(input: CadreCaseInput): Promise<CadreCaseResult> {
  const { caseId, config } = input;
  const workflowId = workflowInfo().workflowId;
  const steps = new HumanSteps({ processType: CADRE_ACCOUNTABILITY, processId: caseId });
  const cadre = await acts.openCase({ caseId, workflowId, kind: input.kind, cadreId: input.cadreId, reason: input.reason, origin: input.origin, openedBy: input.openedBy, year: input.year });
  const subject = { type: 'CADRE', id: cadre.id, label: `${cadre.name}（${cadre.code}）` };
  // what the decider reads: the case is on the task itself (its caseId)
  const snapshot = { kind: input.kind, reason: input.reason, cadre: { code: cadre.code, name: cadre.name, position: cadre.position, unit: cadre.unit, villageId: cadre.villageId } };
  const enter = (stage: CaseStage) => acts.enterCaseStage({ caseId, stage });
  const run = (def: CaseStep, extra: Partial<Parameters<HumanSteps['run']>[0]> = {}, version = 1): Promise<DecisionInput> =>
    steps.run({ def, regionCode: cadre.villageId ?? cadre.regionId, subject, version, snapshot, dueInMs: durationMs(config, config.taskDue[def.due]), escalateAfterMs: durationMs(config, config.taskDue.escalateAfter), caseId, ...extra });

  const result = await cancellable(
    async (): Promise<CadreCaseResult> => {
      switch (input.kind) {
        case 'INTERVIEW':
          return interview();
        case 'RECALL':
          return recall();
        case 'REWARD':
          return reward();
        case 'ACCOUNTABILITY':
          return accountability();
      }
    },
    () => acts.closeCase({ caseId, status: 'CANCELLED', outcome: 'CANCELLED', actor: SYSTEM }),
  );
  await acts.closeCase({ caseId, status: 'COMPLETED', outcome: result.detail && result.outcome === 'SANCTIONED' ? `SANCTIONED:${result.detail}` : result.outcome, actor: SYSTEM });
  return result;

  async function interview(): Promise<CadreCaseResult> {
    await enter('INTERVIEW');
    await run(CASE_STEPS.interviewRecord);
    await enter('RECTIFICATION_PLAN');
    await run(CASE_STEPS.rectificationPlan);
    await enter('RECTIFYING');
    await sleep(durationMs(config, config.rectificationPeriod));
    await enter('VERIFICATION');
    const verified = await run(CASE_STEPS.rectificationVerification);
    if (verified.decision === 'APPROVE') return { outcome: 'RECTIFIED', detail: null };
    // not rectified: an accountability case of its own (one per cadre: a running one is joined)
    const childId = cadreCaseWorkflowId('ACCOUNTABILITY', cadre.id);
    try {
      const searchAttributes: SearchAttributePair[] = [
        { key: PROCESS_TYPE, value: CADRE_ACCOUNTABILITY },
        { key: REGION_CODE, value: cadre.regionId },
        { key: PROCESS_YEAR, value: input.year },
      ];
      await startChild(cadreCaseWorkflow, {
        workflowId: childId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...(workflowInfo().typedSearchAttributes.get(PROCESS_TYPE) !== undefined ? { typedSearchAttributes: searchAttributes } : {}),
        args: [{ ...input, caseId: `case_${uuid4().replaceAll('-', '')}`, kind: 'ACCOUNTABILITY', origin: 'ESCALATION', reason: `约谈整改不到位：${verified.comment ?? ''}`.slice(0, 500), openedBy: verified.actor }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { outcome: 'ESCALATED', detail: childId };
  }

  async function recall(): Promise<CadreCaseResult> {
    await enter('APPROVAL');
    const approved = await run(CASE_STEPS.recallApproval);
    if (approved.decision !== 'APPROVE') return { outcome: 'NOT_RECALLED', detail: null };
    const villageId = cadre.villageId as string; // the API opens a recall only for a stationed cadre
    await acts.endStationing({ caseId, cadreId: cadre.id, villageId, year: input.year, actor: approved.actor });
    await enter('REPLACEMENT');
    const replaced = await run(CASE_STEPS.replacement, { eligibility: { activity: 'checkReplacement', input: { recalledCadreId: cadre.id } } });
    const code = String(replaced.payload?.replacementCode ?? '');
    await acts.stationReplacement({ caseId, villageId, replacementCode: code, year: input.year, actor: replaced.actor });
    return { outcome: 'RECALLED', detail: code };
  }

  async function reward(): Promise<CadreCaseResult> {
    const eligibility = { activity: 'checkRewardEligible', input: { cadreId: cadre.id } };
    await enter('REVIEW');
    if ((await run(CASE_STEPS.rewardReview, { eligibility })).decision !== 'APPROVE') return { outcome: 'NOT_REWARDED', detail: null };
    await enter('APPROVAL');
    if ((await run(CASE_STEPS.rewardApproval, { eligibility })).decision !== 'APPROVE') return { outcome: 'NOT_REWARDED', detail: null };
    await enter('NOTICE');
    const noticeMs = durationMs(config, config.rewardNotice);
    const notice = await acts.openCadreNotice({ workflowId, cadreId: cadre.id, title: `${cadre.name}（${cadre.unit}）评先评优公示`, periodMs: noticeMs });
    await sleep(noticeMs);
    const objections = await acts.closeCadreNotice({ noticeId: notice.noticeId });
    if (objections.length > 0) {
      await enter('OBJECTIONS');
      const upheld = await Promise.all(
        objections.map(async (o) => {
          const decided = await run(CASE_STEPS.rewardObjection, { snapshot: { ...snapshot, objectionId: o.objectionId, objection: o.reason } });
          await acts.settleCadreObjection({ objectionId: o.objectionId, upheld: decided.decision === 'REJECT', actor: decided.actor, comment: decided.comment ?? '', workflowId });
          return decided.decision === 'REJECT';
        }),
      );
      if (upheld.some(Boolean)) return { outcome: 'NOT_REWARDED', detail: 'objection upheld' };
    }
    return { outcome: 'REWARDED', detail: null };
  }

  async function accountability(): Promise<CadreCaseResult> {
    await enter('DECISION');
    const decided = await run(CASE_STEPS.accountabilityDecision);
    if (decided.decision !== 'APPROVE') return { outcome: 'NOT_PURSUED', detail: null };
    return { outcome: 'SANCTIONED', detail: String(decided.payload?.sanction ?? '') };
  }
}
