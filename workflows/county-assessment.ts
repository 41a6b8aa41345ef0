/**
 * The county assessment cycle (贫困县扶贫开发工作成效考核), DESIGN.md "2. County assessment cycle":
 * one workflow per year and region, every human step on the process kit (workflows/kit/).
 *
 * 1. Collection (数据报送与录入): for each assessed county, one step per entered source, all open at
 *    once: the county operator submits the self-reported values (县级报送), the third-party
 *    evaluator enters the survey's (第三方评估), the office enters the statistics (统计数据). Each
 *    form is built from the year's framework. After the due date reminders, then escalation; a
 *    county submitting after it is late (迟报, a penalty); `closesAfter` later collection closes and
 *    what is missing scores 0.
 * 2. The indicators computed from the register, then scoring and ranking (a versioned snapshot).
 * 3. Office review (考核办审核) and supervisor approval (审批); a RETURN re-scores as a new version.
 * 4. The ranking's public notice (排名公示); objections filed meanwhile (POST /api/objections) are
 *    each re-verified by the office; an upheld one sends the ranking back to scoring (new version).
 * 5. Publication (正式公布) with the results: rewards, interviews, excellence blocks, accountability.
 *
 * Bounded history: a step is about 15 events; 51 poor counties × 3 entry steps and the review
 * steps stay under 3,000 events.
 */
import { CancellationScope, condition, defineQuery, isCancellation, ParentClosePolicy, patched, proxyActivities, setHandler, sleep, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type SearchAttributePair } from '@temporalio/common';
import type { ActorRef } from '../activities/audit.ts';
import type { CountyAssessmentActivities, RankingSummary } from '../activities/county-assessment.ts';
import type { TaskActivities } from '../activities/tasks.ts';
import type { Decision } from '../rules/enums.ts';
import { durationMs } from '../rules/config-kit.ts';
import { assessmentTaskDueMs, type AssessmentTaskDueKey, type CountyAssessmentConfig } from '../rules/county-assessment/config.ts';
import { COUNTY_ASSESSMENT, entryForm, entryIndicators, entryValues, ENTRY_SOURCES, type AssessedCounty, type AssessmentStage, type EntrySource } from '../rules/county-assessment/process.ts';
import { cadreCaseWorkflowId, CADRE_ACCOUNTABILITY } from '../rules/cadre-accountability.ts';
import { cadreCaseWorkflow } from './cadre-accountability.ts';
import { HumanSteps, type DecisionInput, type StepDefinition } from './kit/human-steps.ts';
import { PROCESS_TYPE, PROCESS_YEAR, REGION_CODE } from './kit/search-attributes.ts';
import { cancellable } from './kit/process.ts';
import { DEFAULT_ACTIVITY_OPTIONS, LONG_ACTIVITY_OPTIONS } from './options.ts';

const acts = proxyActivities<CountyAssessmentActivities>(DEFAULT_ACTIVITY_OPTIONS);
const long = proxyActivities<CountyAssessmentActivities>(LONG_ACTIVITY_OPTIONS);
const kit = proxyActivities<TaskActivities>(DEFAULT_ACTIVITY_OPTIONS);

const SYSTEM: ActorRef = { id: null, name: 'system (county assessment)', role: null };

/** Patch: a published ranking opens its interview and accountability cases (cadre accountability). */
export const ASSESSMENT_OPENS_CASES = 'assessment-opens-cases';

// ---------------------------------------------------------------------------------------------
// Steps

const APPROVE_RETURN: Decision[] = ['APPROVE', 'RETURN'];

export const ASSESSMENT_STEPS = {
  countySubmission: {
    key: 'county-submission',
    kind: 'ASSESSMENT_COUNTY_SUBMISSION',
    labels: { zh: { step: '县级考核数据报送', decisions: { APPROVE: '报送' } }, en: { step: 'County data submission', decisions: { APPROVE: 'Submit' } } },
    assignee: { role: 'COUNTY_OPERATOR', level: 'COUNTY' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    // nobody submits: the county's supervisor hears of it
    escalateTo: { role: 'SUPERVISOR', level: 'COUNTY' },
  },
  thirdPartyEntry: {
    key: 'third-party-entry',
    kind: 'ASSESSMENT_THIRD_PARTY_ENTRY',
    labels: { zh: { step: '第三方评估结果录入', decisions: { APPROVE: '提交' } }, en: { step: 'Third-party evaluation entry', decisions: { APPROVE: 'Submit' } } },
    assignee: { role: 'EVALUATOR', level: 'COUNTY' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    escalateTo: { role: 'OFFICE', level: 'PROVINCE' },
  },
  statisticsEntry: {
    key: 'statistics-entry',
    kind: 'ASSESSMENT_STATISTICS_ENTRY',
    labels: { zh: { step: '统计数据录入', decisions: { APPROVE: '提交' } }, en: { step: 'Statistics entry', decisions: { APPROVE: 'Submit' } } },
    // the province office enters every county's statistics: its task sits at the province level
    assignee: { role: 'OFFICE', level: 'PROVINCE' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
  },
  officeReview: {
    key: 'office-review',
    kind: 'ASSESSMENT_OFFICE_REVIEW',
    labels: {
      zh: { step: '考核办审核排名', decisions: { APPROVE: '提交审批', RETURN: '重新计分' } },
      en: { step: 'Office review of the ranking', decisions: { APPROVE: 'Send for approval', RETURN: 'Score again' } },
    },
    assignee: { role: 'OFFICE', level: 'PROVINCE' },
    decisions: APPROVE_RETURN,
  },
  approval: {
    key: 'ranking-approval',
    kind: 'ASSESSMENT_RANKING_APPROVAL',
    labels: {
      zh: { step: '审批考核排名', decisions: { APPROVE: '同意公示', RETURN: '退回考核办' } },
      en: { step: 'Approval of the ranking', decisions: { APPROVE: 'Approve for notice', RETURN: 'Return to the office' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'PROVINCE' },
    decisions: APPROVE_RETURN,
  },
  objection: {
    key: 'ranking-objection',
    kind: 'ASSESSMENT_RANKING_OBJECTION',
    labels: {
      zh: { step: '排名公示异议核实', decisions: { APPROVE: '异议不成立', REJECT: '异议成立，重新计分' } },
      en: { step: 'Re-verification of an objection to the ranking', decisions: { APPROVE: 'Dismiss the objection', REJECT: 'Uphold it (score again)' } },
    },
    assignee: { role: 'OFFICE', level: 'PROVINCE' },
    decisions: ['APPROVE', 'REJECT'],
    commentRequiredFor: ['APPROVE', 'REJECT'],
  },
} satisfies Record<string, StepDefinition>;

const ENTRY_STEP: Record<EntrySource, StepDefinition> = {
  SELF_REPORTED: ASSESSMENT_STEPS.countySubmission,
  THIRD_PARTY: ASSESSMENT_STEPS.thirdPartyEntry,
  STATISTICS: ASSESSMENT_STEPS.statisticsEntry,
};

// ---------------------------------------------------------------------------------------------
// The cycle

export interface CountyAssessmentInput {
  cycleId: string;
  year: number;
  regionId: string;
  config: CountyAssessmentConfig;
  configVersion: number;
  launchedBy: ActorRef;
}

export interface CountyAssessmentState {
  stage: AssessmentStage;
  /** the ranking version in work */
  version: number;
  counties: number;
  /** entry steps decided, by source */
  entered: Record<EntrySource, number>;
  /** counties whose submission came after the due date */
  late: string[];
  /** entry steps still open when collection closed, as `<county>/<source>` */
  notEntered: string[];
  snapshotId: string | null;
}
export const countyAssessmentStateQuery = defineQuery<CountyAssessmentState>('countyAssessmentState');

export async function countyAssessmentWorkflow(input: CountyAssessmentInput): Promise<{ snapshotId: string | null; version: number; stage: AssessmentStage }> {
  const { cycleId, config, year } = input;
  const workflowId = workflowInfo().workflowId;
  const state: CountyAssessmentState = { stage: 'LAUNCHED', version: 1, counties: 0, entered: { SELF_REPORTED: 0, THIRD_PARTY: 0, STATISTICS: 0 }, late: [], notEntered: [], snapshotId: null };
  setHandler(countyAssessmentStateQuery, () => state);
  const steps = new HumanSteps({ processType: COUNTY_ASSESSMENT, processId: cycleId });
  const enter = (stage: AssessmentStage, progress?: Record<string, unknown>) => {
    state.stage = stage;
    return acts.enterAssessmentStage({ cycleId, stage, progress });
  };
  const due = (key: AssessmentTaskDueKey) => assessmentTaskDueMs(config, key);
  const stepRun = (def: StepDefinition, regionCode: string, subject: { type: string; id: string; label: string }, version: number, snapshot: Record<string, unknown>, dueInMs: number) =>
    steps.run({ def, regionCode, subject, version, snapshot, dueInMs, escalateAfterMs: due('escalateAfter'), cycleId });

  await acts.openAssessmentCycle({ cycleId, workflowId, year, regionId: input.regionId, config, configVersion: input.configVersion, launchedBy: input.launchedBy });
  await cancellable(
    async () => {
      const counties = await acts.listAssessedCounties({ regionId: input.regionId, year });
      state.counties = counties.length;
      await enter('COLLECTION', { counties: counties.length });
      await collect(counties);
      await enter('SCORING', { late: state.late, notEntered: state.notEntered });
      await long.computeRegistryValues({ cycleId, year, countyIds: counties.map((c) => c.regionId), config });

      const subject = { type: 'RANKING', id: cycleId, label: `${year}年贫困县扶贫开发工作成效考核排名` };
      for (;;) {
        state.stage = 'SCORING';
        const summary = await long.scoreRanking({ cycleId, year, version: state.version, config, counties, late: state.late });
        state.snapshotId = summary.snapshotId;
        if (!(await reviewAndApprove(summary))) {
          state.version += 1;
          continue;
        }
        await enter('NOTICE', { version: state.version });
        await acts.setRankingStatus({ snapshotId: summary.snapshotId, status: 'NOTICE' });
        const notice = await acts.openRankingNotice({ workflowId, snapshotId: summary.snapshotId, version: state.version, title: `${subject.label}（第 ${state.version} 版）公示`, periodMs: durationMs(config, config.rankingNotice) });
        await sleep(durationMs(config, config.rankingNotice));
        const objections = await acts.closeRankingNotice({ noticeId: notice.noticeId });
        if (objections.length > 0) {
          await enter('OBJECTIONS', { objections: objections.length });
          const upheld = await Promise.all(
            objections.map(async (o) => {
              const decided = await stepRun(ASSESSMENT_STEPS.objection, input.regionId, { type: 'RANKING', id: summary.snapshotId, label: `${subject.label} 异议` }, state.version, { objectionId: o.objectionId, reason: o.reason, snapshotId: summary.snapshotId, version: state.version }, due('objectionReverification'));
              await acts.settleRankingObjection({ objectionId: o.objectionId, upheld: decided.decision === 'REJECT', actor: decided.actor, comment: decided.comment ?? '', workflowId });
              return decided.decision === 'REJECT';
            }),
          );
          if (upheld.some(Boolean)) {
            await acts.setRankingStatus({ snapshotId: summary.snapshotId, status: 'DRAFT' });
            state.version += 1;
            continue;
          }
        }
        await acts.publishRanking({ cycleId, snapshotId: summary.snapshotId, actor: SYSTEM });
        state.stage = 'PUBLISHED';
        if (patched(ASSESSMENT_OPENS_CASES)) await openResultCases(summary);
        break;
      }
    },
    async () => {
      state.stage = 'CANCELLED';
      await acts.closeAssessmentCycle({ cycleId, status: 'CANCELLED', actor: SYSTEM });
    },
  );
  await acts.closeAssessmentCycle({ cycleId, status: 'COMPLETED', actor: SYSTEM });
  state.stage = 'COMPLETED';
  return { snapshotId: state.snapshotId, version: state.version, stage: state.stage };

  /** Every county's entry steps at once, until all are in or collection closes. */
  async function collect(counties: AssessedCounty[]): Promise<void> {
    const jobs = counties.flatMap((county) =>
      ENTRY_SOURCES.flatMap((source) => {
        const indicators = entryIndicators(config, county, source);
        return indicators.length ? [{ county, source, indicators }] : [];
      }),
    );
    const dueMs = durationMs(config, config.submission.due);
    const dueAt = Date.now() + dueMs;
    let remaining = jobs.length;
    const entered = new Set<string>();
    const scope = new CancellationScope();
    const entries = scope.run(() =>
      Promise.all(
        jobs.map(async ({ county, source, indicators }) => {
          const def = { ...ENTRY_STEP[source], form: entryForm(indicators) };
          const decided: DecisionInput = await stepRun(def, county.regionId, { type: 'COUNTY', id: county.regionId, label: county.name }, 1, { countyId: county.regionId, source, indicators: indicators.map((i) => i.code), dueAt: new Date(dueAt).toISOString() }, dueMs);
          // once decided, the values are recorded even if collection closes meanwhile
          await CancellationScope.nonCancellable(async () => {
            const { values, sourceRef } = entryValues(indicators, decided.payload);
            await acts.recordEnteredValues({ cycleId, countyId: county.regionId, source, values, sourceRef, taskId: decided.taskId, actor: decided.actor });
          });
          entered.add(`${county.regionId}/${source}`);
          state.entered[source] += 1;
          if (source === 'SELF_REPORTED' && Date.now() > dueAt) state.late.push(county.regionId);
          remaining -= 1;
        }),
      ),
    );
    entries.catch(() => undefined);
    const allIn = await condition(() => remaining === 0, dueMs + durationMs(config, config.submission.closesAfter));
    if (allIn) {
      await entries;
      return;
    }
    scope.cancel();
    try {
      await entries;
    } catch (err) {
      if (!isCancellation(err)) throw err;
    }
    state.notEntered = jobs.map((j) => `${j.county.regionId}/${j.source}`).filter((key) => !entered.has(key));
    await kit.cancelOpenTasks({ workflowId, reason: 'collection closed (报送截止)' });
  }

  /**
   * 考核结果运用: an interview case for each principal leader of a county that missed an annual
   * target, an accountability case for a county facing accountability, each its own process (a case
   * already open for the cadre is left as it is). They outlive this cycle.
   */
  async function openResultCases(summary: RankingSummary): Promise<void> {
    if (summary.interviews.length === 0 && summary.accountability.length === 0) return;
    const plan = await acts.resultCases({ year, interviews: summary.interviews, accountability: summary.accountability, rankingVersion: summary.version });
    const opened: string[] = [];
    for (const c of plan.cases) {
      const childId = cadreCaseWorkflowId(c.kind, c.cadreId);
      const searchAttributes: SearchAttributePair[] = [
        { key: PROCESS_TYPE, value: CADRE_ACCOUNTABILITY },
        { key: REGION_CODE, value: c.countyId },
        { key: PROCESS_YEAR, value: year },
      ];
      try {
        await startChild(cadreCaseWorkflow, {
          workflowId: childId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          ...(workflowInfo().typedSearchAttributes.get(PROCESS_TYPE) !== undefined ? { typedSearchAttributes: searchAttributes } : {}),
          args: [{ caseId: `case_${uuid4().replaceAll('-', '')}`, kind: c.kind, cadreId: c.cadreId, reason: c.reason, origin: 'ASSESSMENT', openedBy: SYSTEM, year, config: plan.config, configVersion: plan.configVersion }],
        });
        opened.push(childId);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    await acts.enterAssessmentStage({ cycleId, stage: 'PUBLISHED', progress: { casesOpened: opened } });
  }

  /** Office review, then approval; false when either asks to score again. */
  async function reviewAndApprove(summary: RankingSummary): Promise<boolean> {
    const subject = { type: 'RANKING', id: summary.snapshotId, label: `${year}年考核排名 第 ${summary.version} 版` };
    const snapshot = { ...summary };
    await enter('REVIEW', { version: summary.version, snapshotId: summary.snapshotId });
    const reviewed = await stepRun(ASSESSMENT_STEPS.officeReview, input.regionId, subject, summary.version, snapshot, due('officeReview'));
    if (reviewed.decision !== 'APPROVE') return false;
    await enter('APPROVAL');
    const approved = await stepRun(ASSESSMENT_STEPS.approval, input.regionId, subject, summary.version, snapshot, due('supervisorApproval'));
    return approved.decision === 'APPROVE';
  }
}
