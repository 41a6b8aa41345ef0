/**
 * The yearly exit verification (年度脱贫退出核查), DESIGN.md "1. Yearly exit verification" and
 * docs/exit-verification-process.md: a cycle workflow per year and region, a child per county, a
 * child per village under it. Household work runs in batched activities per village (never a
 * workflow per household); every human step runs on the process kit (workflows/kit/).
 *
 * Bounded histories: the cycle has one child per county (about 130 in a province), a county one
 * child per village (at most a few hundred), a village a fixed set of steps plus at most one
 * re-verification per household under notice (a second objection against the same household joins
 * the open re-verification), so no history approaches 10,000 events and none needs continue-as-new.
 * (A county's history grows by about 6 events per village: 250 villages, the most a county has at
 * province scale, give about 1,600.)
 *
 * Bounded start (VILLAGE_WAVES_PATCH): a county runs at most `villageConcurrency` village children
 * at once, the next one starting when one ends; the cycle shares VILLAGE_BUDGET among its counties.
 * Every village starting at once (765 at demo scale, 24,000 at province scale) made each of them
 * read and write its households in the same minute: the worker's workflow tasks starved behind
 * the database and timed out.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  executeChild,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import type { ActorRef } from '../activities/audit.ts';
import type { ExitVerificationActivities, StepSnapshot } from '../activities/exit-verification.ts';
import { DomainError } from '../rules/domain-errors.ts';
import type { Decision } from '../rules/enums.ts';
import { noticePeriodMs, taskDueMs, type ExitVerificationConfig, type TaskDueKey } from '../rules/exit-verification/config.ts';
import {
  EXIT_VERIFICATION,
  exitCountyWorkflowId,
  exitCycleWorkflowId,
  exitVillageWorkflowId,
  NOTICE_KEYS,
  type CountyOutcome,
  type CountyStage,
  type VillageOutcome,
  type VillageStage,
} from '../rules/exit-verification/process.ts';
import { mapBounded } from '../lib/bounded.ts';
import { HumanSteps, type DecisionInput, type StepDefinition } from './kit/human-steps.ts';
import { cancellable } from './kit/process.ts';
import { PROCESS_STEP, PROCESS_TYPE, PROCESS_YEAR, REGION_CODE } from './kit/search-attributes.ts';
import { DEFAULT_ACTIVITY_OPTIONS, LOCAL_DECISION_OPTIONS, LONG_ACTIVITY_OPTIONS } from './options.ts';

const acts = proxyActivities<ExitVerificationActivities>(DEFAULT_ACTIVITY_OPTIONS);
const long = proxyActivities<ExitVerificationActivities>(LONG_ACTIVITY_OPTIONS);
// only where the caller waits for the answer anyway (an objection being filed)
const local = proxyLocalActivities<ExitVerificationActivities>(LOCAL_DECISION_OPTIONS);

const SYSTEM: ActorRef = { id: null, name: 'system (exit verification)', role: null };

// ---------------------------------------------------------------------------------------------
// Steps (who acts, at which level, with which decisions and form)

const APPROVE_REJECT: Decision[] = ['APPROVE', 'REJECT'];
const ALL_DECISIONS: Decision[] = ['APPROVE', 'REJECT', 'RETURN'];

type ExitStep = StepDefinition & { due: TaskDueKey };

export const EXIT_STEPS = {
  villageAppraisal: {
    key: 'village-appraisal',
    kind: 'EXIT_VILLAGE_APPRAISAL',
    labels: {
      zh: { step: '民主评议与户认可', decisions: { APPROVE: '提交拟退出名单' } },
      en: { step: 'Democratic appraisal and acknowledgements', decisions: { APPROVE: 'Submit the exit list' } },
    },
    assignee: { role: 'FIRST_SECRETARY', level: 'VILLAGE' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    form: [
      { name: 'appraisalDate', type: 'date', required: true, label: { zh: '民主评议日期', en: 'Date of the democratic appraisal' } },
      { name: 'participants', type: 'number', required: true, min: 1, max: 10_000, label: { zh: '参加评议人数', en: 'Participants' }, unit: { zh: '人', en: 'people' } },
      { name: 'minutes', type: 'textarea', required: true, min: 5, max: 4000, label: { zh: '评议记录', en: 'Minutes of the appraisal' } },
    ],
    // nobody takes it up: the township hears of it
    escalateTo: { role: 'SUPERVISOR', level: 'TOWNSHIP' },
    due: 'villageProposal',
  },
  townshipCheck: {
    key: 'township-check',
    kind: 'EXIT_TOWNSHIP_CHECK',
    labels: {
      zh: { step: '乡镇审核拟退出户', decisions: { REJECT: '不予通过（本年不退出）', RETURN: '退回村重新评议' } },
      en: { step: 'Township check of the exit list', decisions: { REJECT: 'Reject the list (no exit this year)', RETURN: 'Return to the village' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'TOWNSHIP' },
    decisions: ALL_DECISIONS,
    due: 'townshipCheck',
  },
  householdReverification: {
    key: 'objection-reverification',
    kind: 'EXIT_OBJECTION_REVERIFICATION',
    labels: {
      zh: { step: '公示异议核实', decisions: { APPROVE: '异议不成立，维持退出', REJECT: '异议成立，不予退出' } },
      en: { step: 'Re-verification of an objection', decisions: { APPROVE: 'Dismiss the objection (exit stands)', REJECT: 'Uphold the objection (no exit)' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'TOWNSHIP' },
    decisions: APPROVE_REJECT,
    commentRequiredFor: APPROVE_REJECT,
    due: 'objectionReverification',
  },
  villageExitProposal: {
    key: 'village-exit-proposal',
    kind: 'EXIT_VILLAGE_PROPOSAL',
    labels: {
      zh: { step: '乡镇提出贫困村出列', decisions: { APPROVE: '提出出列', REJECT: '暂不出列' } },
      en: { step: 'Township proposes the village exit', decisions: { APPROVE: 'Propose the exit', REJECT: 'Not this year' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'TOWNSHIP' },
    decisions: APPROVE_REJECT,
    due: 'townshipCheck',
  },
  villageReverification: {
    key: 'village-objection-reverification',
    kind: 'EXIT_VILLAGE_OBJECTION_REVERIFICATION',
    labels: {
      zh: { step: '贫困村出列公示异议核实', decisions: { APPROVE: '异议不成立', REJECT: '异议成立，不予出列' } },
      en: { step: 'Re-verification of an objection to the village exit', decisions: { APPROVE: 'Dismiss the objection', REJECT: 'Uphold (no exit)' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: APPROVE_REJECT,
    commentRequiredFor: APPROVE_REJECT,
    due: 'objectionReverification',
  },
  villageExitReview: {
    key: 'village-exit-review',
    kind: 'EXIT_VILLAGE_COUNTY_REVIEW',
    labels: {
      zh: { step: '县级审核贫困村出列', decisions: { APPROVE: '批准出列并公告', RETURN: '退回乡镇' } },
      en: { step: 'County review of the village exit', decisions: { APPROVE: 'Approve and announce', RETURN: 'Return to the township' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: ALL_DECISIONS,
    due: 'countyApproval',
  },
  countyApplication: {
    key: 'county-application',
    kind: 'EXIT_COUNTY_APPLICATION',
    labels: {
      zh: { step: '贫困县摘帽申请', decisions: { APPROVE: '提出申请', REJECT: '本年不申请' } },
      en: { step: 'County exit application', decisions: { APPROVE: 'Apply', REJECT: 'Do not apply this year' } },
    },
    assignee: { role: 'COUNTY_OPERATOR', level: 'COUNTY' },
    decisions: APPROVE_REJECT,
    form: [{ name: 'report', type: 'textarea', requiredFor: ['APPROVE'], required: true, min: 10, max: 8000, label: { zh: '申请报告', en: 'Application report' } }],
    escalateTo: { role: 'SUPERVISOR', level: 'COUNTY' },
    due: 'countyApproval',
  },
  cityReview: {
    key: 'city-review',
    kind: 'EXIT_CITY_REVIEW',
    labels: {
      zh: { step: '市级初审', decisions: { APPROVE: '初审通过', RETURN: '退回县级' } },
      en: { step: 'City preliminary review', decisions: { APPROVE: 'Pass', RETURN: 'Return to the county' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'CITY' },
    decisions: ALL_DECISIONS,
    due: 'cityReview',
  },
  survey: {
    key: 'third-party-survey',
    kind: 'EXIT_THIRD_PARTY_SURVEY',
    labels: {
      zh: { step: '第三方实地核查', decisions: { APPROVE: '核查结果录入完毕' } },
      en: { step: 'Third-party field survey', decisions: { APPROVE: 'Findings complete' } },
    },
    assignee: { role: 'EVALUATOR', level: 'PROVINCE' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    escalateTo: { role: 'OFFICE', level: 'PROVINCE' },
    due: 'thirdPartySurvey',
  },
  countyDispute: {
    key: 'county-dispute',
    kind: 'EXIT_COUNTY_DISPUTE',
    labels: {
      zh: { step: '县级申诉举证', decisions: { APPROVE: '提交（含或不含申诉）' } },
      en: { step: 'County dispute of findings', decisions: { APPROVE: 'Submit (with or without disputes)' } },
    },
    assignee: { role: 'COUNTY_OPERATOR', level: 'COUNTY' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    escalateTo: { role: 'SUPERVISOR', level: 'COUNTY' },
    due: 'countyDispute',
  },
  disputeReview: {
    key: 'dispute-review',
    kind: 'EXIT_DISPUTE_REVIEW',
    labels: {
      zh: { step: '省级裁定申诉', decisions: { APPROVE: '申诉裁定完毕' } },
      en: { step: 'Province decides the disputes', decisions: { APPROVE: 'Disputes decided' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'PROVINCE' },
    decisions: ['APPROVE'],
    commentRequiredFor: [],
    due: 'provinceVerification',
  },
  provinceVerification: {
    key: 'province-verification',
    kind: 'EXIT_PROVINCE_VERIFICATION',
    labels: {
      zh: { step: '省级核查', decisions: { APPROVE: '核查通过，进入公示', REJECT: '核查不通过' } },
      en: { step: 'Province verification', decisions: { APPROVE: 'Verified: open the notice', REJECT: 'Not verified' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'PROVINCE' },
    decisions: APPROVE_REJECT,
    due: 'provinceVerification',
  },
  countyReverification: {
    key: 'county-objection-reverification',
    kind: 'EXIT_COUNTY_OBJECTION_REVERIFICATION',
    labels: {
      zh: { step: '贫困县摘帽公示异议核实', decisions: { APPROVE: '异议不成立', REJECT: '异议成立，不予摘帽' } },
      en: { step: 'Re-verification of an objection to the county exit', decisions: { APPROVE: 'Dismiss the objection', REJECT: 'Uphold (no exit)' } },
    },
    assignee: { role: 'SUPERVISOR', level: 'CITY' },
    decisions: APPROVE_REJECT,
    commentRequiredFor: APPROVE_REJECT,
    due: 'objectionReverification',
  },
  provinceApproval: {
    key: 'province-approval',
    kind: 'EXIT_PROVINCE_APPROVAL',
    labels: {
      zh: { step: '省级审定并公告摘帽', decisions: { APPROVE: '批准摘帽并公告', REJECT: '不予批准' } },
      en: { step: 'Province approval and announcement', decisions: { APPROVE: 'Approve and announce', REJECT: 'Do not approve' } },
    },
    assignee: { role: 'OFFICE', level: 'PROVINCE' },
    decisions: APPROVE_REJECT,
    due: 'provinceVerification',
  },
} satisfies Record<string, ExitStep>;

// ---------------------------------------------------------------------------------------------
// Objections during a notice (公示异议): one update for every level

export interface ObjectionInput {
  objectionId: string;
  subjectType: 'HOUSEHOLD' | 'VILLAGE' | 'COUNTY';
  subjectId: string;
  /** the subject's name (household head and code, village, county) */
  subjectLabel: string;
  /** the subject's region (a household's village) */
  regionId: string;
  reason: string;
  actor: ActorRef;
}
export interface ObjectionAccepted {
  objectionId: string;
  noticeId: string;
  /** false: the subject was already under re-verification and the objection joined it */
  reverificationOpened: boolean;
}
/** Sent by the API (POST /api/objections) while a notice of this workflow is open. */
export const raiseObjectionUpdate = defineUpdate<ObjectionAccepted, [ObjectionInput]>('raiseObjection');

interface OpenNotice {
  noticeId: string;
  key: string;
  subjectType: ObjectionInput['subjectType'];
  /** subjects that may be objected to (household ids of a village notice, or the village / county itself) */
  accepts: (subjectId: string) => boolean;
  onObjection: (input: ObjectionInput) => void;
}

/** One notice at a time per workflow; the validator refuses objections outside it. */
class Notices {
  current: OpenNotice | null = null;
  /** subject ids under re-verification (an objection against one joins it) */
  readonly underReview = new Set<string>();

  constructor(cycleId: string) {
    setHandler(
      raiseObjectionUpdate,
      async (input) => {
        const notice = this.current;
        if (!notice || !notice.accepts(input.subjectId)) throw noOpenNotice(input);
        const opens = !this.underReview.has(input.subjectId);
        if (opens) this.underReview.add(input.subjectId);
        await local.recordObjection({ cycleId, workflowId: workflowInfo().workflowId, noticeId: notice.noticeId, objection: input, holds: opens && input.subjectType === 'HOUSEHOLD' });
        if (opens) notice.onObjection(input);
        return { objectionId: input.objectionId, noticeId: notice.noticeId, reverificationOpened: opens };
      },
      {
        validator: (input) => {
          const notice = this.current;
          if (!notice || notice.subjectType !== (input.subjectType === 'HOUSEHOLD' ? 'HOUSEHOLD' : input.subjectType) || !notice.accepts(input.subjectId)) throw noOpenNotice(input);
        },
      },
    );
  }
}

function noOpenNotice(input: ObjectionInput): ApplicationFailure {
  return ApplicationFailure.create({ type: DomainError.NO_OPEN_NOTICE, message: `${input.subjectType} ${input.subjectId} is not under an open public notice of this process`, nonRetryable: true });
}

// ---------------------------------------------------------------------------------------------
// Shared by the three levels

interface StepContext {
  steps: HumanSteps;
  config: ExitVerificationConfig;
  cycleId: string;
}

async function runStep(ctx: StepContext, def: ExitStep, regionCode: string, subject: { type: string; id: string; label: string }, version: number, snapshot: StepSnapshot, extra: Partial<Parameters<HumanSteps['run']>[0]> = {}): Promise<DecisionInput> {
  return ctx.steps.run({
    def,
    regionCode,
    subject,
    version,
    snapshot: { ...snapshot },
    dueInMs: taskDueMs(ctx.config, def.due),
    escalateAfterMs: taskDueMs(ctx.config, 'escalateAfter'),
    cycleId: ctx.cycleId,
    ...extra,
  });
}

/** Search attributes for a child: only when this workflow was started with them (not on the test server). */
function childSearchAttributes(regionCode: string, year: number): { typedSearchAttributes?: SearchAttributePair[] } {
  if (workflowInfo().typedSearchAttributes.get(PROCESS_TYPE) === undefined) return {};
  return {
    typedSearchAttributes: [
      { key: PROCESS_TYPE, value: EXIT_VERIFICATION },
      { key: REGION_CODE, value: regionCode },
      { key: PROCESS_YEAR, value: year },
      { key: PROCESS_STEP, value: [] },
    ] as SearchAttributePair[],
  };
}

// ---------------------------------------------------------------------------------------------
// Cycle

/** Histories from before the bounded start ran every village child of a county at once. */
export const VILLAGE_WAVES_PATCH = 'exit-village-waves';
/** Village children running at once in a whole cycle, shared among its counties. */
export const VILLAGE_BUDGET = 160;
/** ... but never fewer than this per county (a province has 134 counties). */
export const MIN_VILLAGES_PER_COUNTY = 4;
/** A county started without a share (directly, e.g. in tests) runs this many at once. */
export const DEFAULT_VILLAGES_PER_COUNTY = 40;

/**
 * The workflow task timeout of the county and village children (the default is 10 s). A village's
 * task runs the kit's local activities (its task row, a decision's write) on the database; on a
 * loaded machine one took 13–35 s, timed out, and was run again from the start by the next attempt,
 * which loaded the machine further (bench:exit demo: ~450 timeouts). 30 s lets a slow task finish;
 * a task lost with a crashed worker waits this long before another worker takes it (the sticky
 * queue's 2 s covers the usual case, worker/index.ts).
 */
export const CHILD_TASK_TIMEOUT = '30 seconds';

export function villageShare(counties: number, budget = VILLAGE_BUDGET): number {
  return Math.max(MIN_VILLAGES_PER_COUNTY, Math.ceil(budget / Math.max(1, counties)));
}

export interface ExitCycleInput {
  /** village children running at once in the whole cycle (VILLAGE_BUDGET when absent) */
  villageBudget?: number;
  cycleId: string;
  year: number;
  /** the province or a city */
  regionId: string;
  config: ExitVerificationConfig;
  configVersion: number;
  seed: string;
  launchedBy: ActorRef;
}
export interface ExitCycleState {
  stage: string;
  counties: number;
  countiesDone: number;
}
export const exitCycleStateQuery = defineQuery<ExitCycleState>('exitCycleState');

export async function exitVerificationWorkflow(input: ExitCycleInput): Promise<{ counties: number; outcomes: Record<string, number> }> {
  const state: ExitCycleState = { stage: 'LAUNCHED', counties: 0, countiesDone: 0 };
  setHandler(exitCycleStateQuery, () => state);
  const workflowId = workflowInfo().workflowId;
  // children's ids derive from the input, not from this run's id, so saved histories replay under any id
  const cycleWorkflowId = exitCycleWorkflowId(input.year, input.regionId);
  const outcomes: Record<string, number> = {};
  await acts.openExitCycle({ cycleId: input.cycleId, workflowId, year: input.year, regionId: input.regionId, config: input.config, configVersion: input.configVersion, seed: input.seed, launchedBy: input.launchedBy });
  await cancellable(
    async () => {
      const counties = await acts.listExitCounties({ regionId: input.regionId });
      state.counties = counties.length;
      state.stage = 'COUNTIES';
      await acts.setCycleStage({ cycleId: input.cycleId, stage: 'COUNTIES', progress: { counties: counties.length } });
      const waves = patched(VILLAGE_WAVES_PATCH);
      const share = waves ? { villageConcurrency: villageShare(counties.length, input.villageBudget) } : {};
      await Promise.all(
        counties.map(async (c) => {
          const result = await executeChild(exitCountyWorkflow, {
            workflowId: exitCountyWorkflowId(cycleWorkflowId, c.countyId),
            args: [{ cycleId: input.cycleId, cycleWorkflowId, year: input.year, countyId: c.countyId, config: input.config, seed: input.seed, ...share }],
            ...childSearchAttributes(c.countyId, input.year),
            ...(waves ? { workflowTaskTimeout: CHILD_TASK_TIMEOUT } : {}),
          });
          state.countiesDone += 1;
          outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        }),
      );
    },
    () => acts.closeExitCycle({ cycleId: input.cycleId, status: 'CANCELLED', actor: SYSTEM }),
  );
  state.stage = 'COMPLETED';
  await acts.closeExitCycle({ cycleId: input.cycleId, status: 'COMPLETED', actor: SYSTEM });
  return { counties: state.counties, outcomes };
}

// ---------------------------------------------------------------------------------------------
// County

export interface ExitCountyInput {
  cycleId: string;
  /** the cycle's workflow id: the villages' ids derive from it */
  cycleWorkflowId: string;
  year: number;
  countyId: string;
  config: ExitVerificationConfig;
  seed: string;
  /** village children running at once (DEFAULT_VILLAGES_PER_COUNTY when absent) */
  villageConcurrency?: number;
}
export interface ExitCountyState {
  stage: CountyStage;
  outcome: CountyOutcome | null;
  reason: string | null;
  villages: number;
  villagesDone: number;
}
export const exitCountyStateQuery = defineQuery<ExitCountyState>('exitCountyState');

export async function exitCountyWorkflow(input: ExitCountyInput): Promise<{ outcome: CountyOutcome }> {
  const { cycleId, countyId, config } = input;
  const state: ExitCountyState = { stage: 'VILLAGES', outcome: null, reason: null, villages: 0, villagesDone: 0 };
  setHandler(exitCountyStateQuery, () => state);
  const steps = new HumanSteps({ processType: EXIT_VERIFICATION, processId: cycleId });
  const notices = new Notices(cycleId);
  const ctx: StepContext = { steps, config, cycleId };
  const workflowId = workflowInfo().workflowId;
  const county = await acts.openExitCounty({ cycleId, countyId, workflowId });
  const subject = { type: 'COUNTY', id: countyId, label: county.name };
  const enter = (stage: CountyStage) => {
    state.stage = stage;
    return acts.enterCountyStage({ cycleId, countyId, stage });
  };
  const finish = (outcome: CountyOutcome, reason: string) => {
    state.outcome = outcome;
    state.reason = reason;
  };

  await cancellable(
    async () => {
      state.villages = county.villages.length;
      const waves = patched(VILLAGE_WAVES_PATCH);
      const runVillage = async (villageId: string) => {
        await executeChild(exitVillageWorkflow, {
          workflowId: exitVillageWorkflowId(exitCountyWorkflowId(input.cycleWorkflowId, countyId), villageId),
          args: [{ cycleId, year: input.year, villageId, countyId, config }],
          ...childSearchAttributes(villageId, input.year),
          ...(waves ? { workflowTaskTimeout: CHILD_TASK_TIMEOUT } : {}),
        });
        state.villagesDone += 1;
      };
      if (waves) await mapBounded(county.villages, Math.max(1, input.villageConcurrency ?? DEFAULT_VILLAGES_PER_COUNTY), runVillage);
      else await Promise.all(county.villages.map(runVillage));
      // every county's exit claims are checked against the data, poor county or not
      await long.flagFakeExits({ cycleId, countyId, config });
      const eligibility = await acts.countyExitEligibility({ cycleId, countyId, config });
      if (!eligibility.eligible) return finish(eligibility.outcome, eligibility.reason);

      let version = 1;
      for (;;) {
        const applied = await runStep(ctx, EXIT_STEPS.countyApplication, countyId, subject, version, await enter('APPLICATION'));
        if (applied.decision === 'REJECT') return finish('REJECTED', `county did not apply: ${applied.comment ?? ''}`);
        const reviewed = await runStep(ctx, EXIT_STEPS.cityReview, countyId, subject, version, await enter('CITY_REVIEW'));
        if (reviewed.decision === 'APPROVE') break;
        if (reviewed.decision === 'REJECT') return finish('REJECTED', `city review rejected: ${reviewed.comment ?? ''}`);
        version += 1; // RETURN: the county revises its application
      }

      await long.drawCountySample({ cycleId, countyId, seed: input.seed, config });
      await runStep(ctx, EXIT_STEPS.survey, countyId, subject, version, await enter('SURVEY'), {
        eligibility: { activity: 'checkFindingsComplete', input: { cycleId, countyId }, on: ['APPROVE'] },
      });
      await runStep(ctx, EXIT_STEPS.countyDispute, countyId, subject, version, await enter('DISPUTE'));
      if ((await acts.countDisputes({ cycleId, countyId })) > 0) {
        await runStep(ctx, EXIT_STEPS.disputeReview, countyId, subject, version, await enter('DISPUTE_REVIEW'), {
          eligibility: { activity: 'checkDisputesDecided', input: { cycleId, countyId }, on: ['APPROVE'] },
        });
      }
      await enter('TESTS');
      const tests = await long.runCountyTests({ cycleId, countyId, config });
      if (!tests.pass) return finish('BLOCKED', `failed: ${tests.failed.join(', ')}`);

      const verified = await runStep(ctx, EXIT_STEPS.provinceVerification, countyId, subject, version, await enter('VERIFICATION'));
      if (verified.decision === 'REJECT') return finish('REJECTED', `province verification: ${verified.comment ?? ''}`);

      await enter('NOTICE');
      const upheld = await noticeWithObjections(ctx, notices, {
        key: `${NOTICE_KEYS.county}#1`,
        subjectType: 'COUNTY',
        subject,
        periodMs: noticePeriodMs(config, 'county'),
        reverification: EXIT_STEPS.countyReverification,
        regionCode: countyId,
        year: input.year,
      });
      if (upheld.length > 0) return finish('REJECTED', `objection upheld at the county notice: ${upheld.join('; ')}`);

      const approved = await runStep(ctx, EXIT_STEPS.provinceApproval, countyId, subject, version, await enter('PROVINCE_APPROVAL'));
      if (approved.decision === 'REJECT') return finish('REJECTED', `province approval refused: ${approved.comment ?? ''}`);
      await acts.announceCountyExit({ cycleId, countyId, config, actor: approved.actor });
      finish('EXITED', `exit approved by ${approved.actor.name}`);
    },
    () => acts.enterCountyStage({ cycleId, countyId, stage: 'CANCELLED' }).then(() => undefined),
  );
  state.stage = 'DONE';
  await acts.finishCounty({ cycleId, countyId, outcome: state.outcome as CountyOutcome, reason: state.reason ?? '' });
  await condition(allHandlersFinished);
  return { outcome: state.outcome as CountyOutcome };
}

// ---------------------------------------------------------------------------------------------
// Village

export interface ExitVillageInput {
  cycleId: string;
  year: number;
  villageId: string;
  countyId: string;
  config: ExitVerificationConfig;
}
export interface ExitVillageState {
  stage: VillageStage;
  version: number;
  held: string[];
  villageOutcome: VillageOutcome | null;
}
export const exitVillageStateQuery = defineQuery<ExitVillageState>('exitVillageState');

export async function exitVillageWorkflow(input: ExitVillageInput): Promise<{ exited: number; refused: number; villageOutcome: VillageOutcome }> {
  const { cycleId, villageId, config } = input;
  const state: ExitVillageState = { stage: 'ASSESSING', version: 1, held: [], villageOutcome: null };
  setHandler(exitVillageStateQuery, () => state);
  const steps = new HumanSteps({ processType: EXIT_VERIFICATION, processId: cycleId });
  const notices = new Notices(cycleId);
  const ctx: StepContext = { steps, config, cycleId };
  const workflowId = workflowInfo().workflowId;
  const enter = (stage: VillageStage) => {
    state.stage = stage;
    return acts.enterVillageStage({ cycleId, villageId, stage });
  };
  let exited = 0;
  let refused = 0;

  await cancellable(
    async () => {
      const village = await long.assessVillage({ cycleId, villageId, countyId: input.countyId, workflowId, config });
      const subject = { type: 'VILLAGE', id: villageId, label: village.label };

      // households (贫困户退出): appraisal → township check → notice → announcement and deregistration
      let listApproved = false;
      if (village.candidates > 0) {
        for (;;) {
          await runStep(ctx, EXIT_STEPS.villageAppraisal, villageId, subject, state.version, await enter('APPRAISAL'), {
            eligibility: { activity: 'checkAppraisalComplete', input: { cycleId, villageId }, on: ['APPROVE'] },
          });
          const checked = await runStep(ctx, EXIT_STEPS.townshipCheck, villageId, subject, state.version, await enter('TOWNSHIP_CHECK'));
          if (checked.decision === 'APPROVE') {
            listApproved = true;
            break;
          }
          if (checked.decision === 'REJECT') {
            await acts.withdrawCandidates({ cycleId, villageId, reason: checked.comment ?? '', actor: checked.actor });
            break;
          }
          state.version += 1; // RETURN: the village appraises again (acknowledgements stay, and may change)
        }
      }
      if (listApproved) {
        await enter('NOTICE');
        const reverifications: Promise<void>[] = [];
        const holdOpen = async (objection: ObjectionInput) => {
          state.held.push(objection.subjectId);
          const decided = await runStep(ctx, EXIT_STEPS.householdReverification, villageId, { type: 'HOUSEHOLD', id: objection.subjectId, label: objection.subjectLabel }, 1, await acts.objectionSnapshot({ cycleId, householdId: objection.subjectId }));
          const dismissed = decided.decision === 'APPROVE';
          await acts.settleObjections({ cycleId, workflowId, subjectType: 'HOUSEHOLD', subjectId: objection.subjectId, upheld: !dismissed, actor: decided.actor, comment: decided.comment ?? '' });
          state.held = state.held.filter((h) => h !== objection.subjectId);
          if (dismissed) {
            const r = await acts.deregisterHouseholds({ cycleId, villageId, config, householdIds: [objection.subjectId], actor: decided.actor });
            exited += r.exited;
            refused += r.refused;
          }
        };
        const notice = await acts.openNotice({ cycleId, workflowId, key: `${NOTICE_KEYS.household}#${state.version}`, subjectType: 'VILLAGE', subjectId: villageId, title: `${village.label} ${input.year}年拟退出贫困户公示`, periodMs: noticePeriodMs(config, 'household') });
        notices.current = {
          noticeId: notice.noticeId,
          key: NOTICE_KEYS.household,
          subjectType: 'HOUSEHOLD',
          accepts: (householdId) => notice.households.includes(householdId),
          onObjection: (o) => reverifications.push(holdOpen(o)),
        };
        await sleep(noticePeriodMs(config, 'household'));
        notices.current = null;
        await acts.closeNotice({ noticeId: notice.noticeId });
        // announcement (公告) and deregistration (销号) of every household not held, in one write
        await enter('ANNOUNCED');
        const r = await long.deregisterHouseholds({ cycleId, villageId, config, actor: SYSTEM });
        exited += r.exited;
        refused += r.refused;
        await Promise.all(reverifications);
      }

      // the village itself (贫困村出列)
      const incidence = await acts.villageExitEligibility({ cycleId, villageId, config });
      if (!incidence.eligible) {
        state.villageOutcome = incidence.outcome;
        return;
      }
      let version = 1;
      for (;;) {
        const proposed = await runStep(ctx, EXIT_STEPS.villageExitProposal, villageId, subject, version, await enter('VILLAGE_PROPOSAL'));
        if (proposed.decision === 'REJECT') {
          state.villageOutcome = 'REJECTED';
          return;
        }
        if (version === 1) {
          await enter('VILLAGE_NOTICE');
          const upheld = await noticeWithObjections(ctx, notices, {
            key: `${NOTICE_KEYS.village}#1`,
            subjectType: 'VILLAGE',
            subject,
            periodMs: noticePeriodMs(config, 'village'),
            reverification: EXIT_STEPS.villageReverification,
            regionCode: villageId,
            year: input.year,
          });
          if (upheld.length > 0) {
            state.villageOutcome = 'REJECTED';
            return;
          }
        }
        const reviewed = await runStep(ctx, EXIT_STEPS.villageExitReview, villageId, subject, version, await enter('COUNTY_REVIEW'));
        if (reviewed.decision === 'REJECT') {
          state.villageOutcome = 'REJECTED';
          return;
        }
        if (reviewed.decision === 'APPROVE') {
          await acts.announceVillageExit({ cycleId, villageId, config, actor: reviewed.actor });
          state.villageOutcome = 'EXITED';
          return;
        }
        version += 1; // RETURN to the township
      }
    },
    () => acts.enterVillageStage({ cycleId, villageId, stage: 'CANCELLED' }).then(() => undefined),
  );
  state.stage = 'DONE';
  await acts.finishVillage({ cycleId, villageId, villageOutcome: state.villageOutcome as VillageOutcome });
  await condition(allHandlersFinished);
  return { exited, refused, villageOutcome: state.villageOutcome as VillageOutcome };
}

/**
 * A notice about the village or county itself: objections open a re-verification each (one per
 * subject); returns the comments of the upheld ones after the period and every re-verification end.
 */
async function noticeWithObjections(
  ctx: StepContext,
  notices: Notices,
  opts: { key: string; subjectType: 'VILLAGE' | 'COUNTY'; subject: { type: string; id: string; label: string }; periodMs: number; reverification: ExitStep; regionCode: string; year: number },
): Promise<string[]> {
  const workflowId = workflowInfo().workflowId;
  const upheld: string[] = [];
  const pending: Promise<void>[] = [];
  const what = opts.subjectType === 'VILLAGE' ? '贫困村出列' : '贫困县摘帽';
  const notice = await acts.openNotice({ cycleId: ctx.cycleId, workflowId, key: opts.key, subjectType: opts.subjectType, subjectId: opts.subject.id, title: `${opts.subject.label} ${opts.year}年${what}公示`, periodMs: opts.periodMs });
  notices.current = {
    noticeId: notice.noticeId,
    key: opts.key,
    subjectType: opts.subjectType,
    accepts: (id) => id === opts.subject.id,
    onObjection: (o) =>
      pending.push(
        (async () => {
          const decided = await runStep(ctx, opts.reverification, opts.regionCode, opts.subject, 1, { objection: o.reason, raisedBy: o.actor.name });
          const isUpheld = decided.decision === 'REJECT';
          await acts.settleObjections({ cycleId: ctx.cycleId, workflowId, subjectType: opts.subjectType, subjectId: opts.subject.id, upheld: isUpheld, actor: decided.actor, comment: decided.comment ?? '' });
          if (isUpheld) upheld.push(decided.comment ?? '');
        })(),
      ),
  };
  await sleep(opts.periodMs);
  notices.current = null;
  await acts.closeNotice({ noticeId: notice.noticeId });
  await Promise.all(pending);
  return upheld;
}
