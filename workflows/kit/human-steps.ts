/**
 * The process kit's human step (审核环节), one mechanism for every process:
 * - a step is defined once (`StepDefinition`): who acts at which level, the decisions it accepts,
 *   which need a comment, its typed form, whom an overdue task escalates to, its wording;
 * - `run()` opens a task row (unique per workflow + step round) and waits for a `decide` update;
 *   several steps may wait at once (keyed by task id), e.g. one re-verification task per objection
 *   while a village step waits;
 * - the update's validator is synchronous (STYLE.md) and refuses a step that is not waiting (409),
 *   a decision the step does not accept, a missing comment, a payload that does not match the form,
 *   and a second level decided by the same person (four-eyes, 403);
 * - a decision sent by the API is a bare update: the API has re-run the step's eligibility check
 *   (kept on the task row) just before and writes the task row itself after the answer, so the
 *   handler only claims the step; the workflow then writes the same row again (a remote activity,
 *   idempotent), so a decision the API could not write after all is never lost. Any other caller's
 *   decision is checked and recorded by a short local activity inside the update, as before;
 * - due date → reminder, then escalation to the step's escalation role and level (durable timers).
 *
 * Every change of the commands issued here is behind `patched()`, so saved histories replay.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActorRef } from '../../activities/audit.ts';
import type { CreateTaskInput, RecordDecisionInput, TaskActivities, TaskView } from '../../activities/tasks.ts';
import { DomainError } from '../../rules/domain-errors.ts';
import type { Decision, RegionLevel, Role } from '../../rules/enums.ts';
import { validatePayload, type FormPayload, type FormSchema } from '../../rules/forms.ts';
import { ancestorAt, LEVELS } from '../../rules/regions.ts';
import { DEFAULT_ACTIVITY_OPTIONS, INTERACTIVE_ACTIVITY_OPTIONS, LOCAL_DECISION_OPTIONS } from '../options.ts';
import { PROCESS_STEP, PROCESS_TYPE } from './search-attributes.ts';

export interface DecisionInput {
  taskId: string;
  decision: Decision;
  comment?: string;
  /** the step's form values (rules/forms.ts) */
  payload?: FormPayload;
  actor: ActorRef;
  /**
   * The eligibility check the caller ran against current data just before sending (the one on the
   * task row). A step whose check is not this one runs its own (a row written before the row kept
   * its check, a caller that checks nothing).
   */
  checked?: { activity: string; input: Record<string, unknown> } | null;
  /** the caller (the API) writes the task row with the answer's time itself, after the answer */
  callerRecords?: boolean;
}

/** Sent by the API with the caller's decision; answers with the closed task. */
export const decideUpdate = defineUpdate<TaskView, [DecisionInput]>('decide');

export interface StepLabels {
  /** wording of the step, e.g. 返贫录入乡镇审核 */
  step: string;
  /** per-step wording of a decision, e.g. a revision's APPROVE is 重新提交 (resubmit) */
  decisions?: Partial<Record<Decision, string>>;
}

/** A step of a process, defined once beside its workflow. */
export interface StepDefinition {
  key: string;
  /** machine name of the step, e.g. RETURN_TO_POVERTY_TOWNSHIP_CHECK */
  kind: string;
  labels: { zh: StepLabels; en: StepLabels };
  /** who decides, at which level of the region tree */
  assignee: { role: Role; level: RegionLevel };
  decisions: Decision[];
  /** decisions that need a comment (default: every decision but APPROVE) */
  commentRequiredFor?: Decision[];
  form?: FormSchema;
  /** where an overdue task escalates (default: the assignee's role one level up) */
  escalateTo?: { role: Role; level: RegionLevel };
}

/** One opening of a step. */
export interface StepRun {
  def: StepDefinition;
  /** any region code at or below the assignee's level; the task goes to its ancestor at that level */
  regionCode: string;
  subject: { type: string; id: string; label: string };
  version: number;
  snapshot: Record<string, unknown>;
  /** time until the task is due; a reminder goes out then */
  dueInMs: number;
  /** time after the reminder until the task escalates */
  escalateAfterMs: number;
  /**
   * Eligibility re-checked at decision time against current data: an activity of the process, run in
   * the same local activity that records the decision (one short call on the decision path). Its
   * domain failure (e.g. NOT_ELIGIBLE) refuses the decision and the step keeps waiting.
   */
  eligibility?: { activity: string; input: Record<string, unknown>; on?: Decision[] };
  /** a check in the workflow itself (pure, no I/O); throwing refuses the decision */
  check?: (decision: DecisionInput) => Promise<void>;
  cycleId?: string;
  caseId?: string;
}

export interface WaitingStep {
  taskId: string;
  stepKey: string;
  step: string;
  level: RegionLevel;
  allowed: Decision[];
}
/** Every step waiting for a decision now. */
export const waitingStepsQuery = defineQuery<WaitingStep[]>('waitingSteps');
/** The first step waiting (processes with one step at a time). */
export const waitingStepQuery = defineQuery<WaitingStep | null>('waitingStep');

export interface ProcessRef {
  processType: string;
  /** the process's business record (a return request, a cycle) */
  processId: string | null;
  /** one person decides at most one level of this process instance (default true) */
  fourEyes?: boolean;
}

/** Patch: the workflow chooses the task id and waits before the task row is written. */
export const WORKFLOW_CHOSEN_TASK_ID = 'workflow-chosen-task-id';
/** Patch: task rows are written and decisions checked and recorded by local activities. */
export const LOCAL_DECISION_PATH = 'kit-local-decision-path';
/** Patch: the `ProcessStep` search attribute follows the waiting steps. */
export const STEP_SEARCH_ATTRIBUTE = 'kit-step-search-attribute';
/** Patch: four-eyes re-checked in the handler (validators of concurrent updates run before any handler). */
export const FOUR_EYES_IN_HANDLER = 'kit-four-eyes-handler';

const remote = proxyActivities<TaskActivities>(DEFAULT_ACTIVITY_OPTIONS);
const remoteInteractive = proxyActivities<Record<string, (...args: never[]) => Promise<unknown>>>(INTERACTIVE_ACTIVITY_OPTIONS);
const local = proxyLocalActivities<Record<string, (...args: never[]) => Promise<unknown>>>(LOCAL_DECISION_OPTIONS);

/**
 * Short activities a process runs on its steps' path (its own row, a step's snapshot): local
 * activities in new executions, the remote ones in histories from before the local decision path.
 */
export function decisionActivities<A>(): A {
  return (patched(LOCAL_DECISION_PATH) ? local : remoteInteractive) as unknown as A;
}

interface Waiting extends WaitingStep {
  run: StepRun;
  regionId: string;
}

export class HumanSteps {
  private readonly waiting = new Map<string, Waiting>();
  private readonly decided = new Map<string, DecisionInput>();
  /** decisions the API writes after the answer: written again by the workflow (idempotent) */
  private readonly unconfirmed = new Map<string, RecordDecisionInput>();
  private readonly rounds: Record<string, number> = {};
  /** levels each person decided in this process instance (four-eyes) */
  private readonly deciders: Record<string, RegionLevel[]> = {};

  constructor(private readonly process: ProcessRef) {
    setHandler(waitingStepsQuery, () => [...this.waiting.values()].map(publicView));
    setHandler(waitingStepQuery, () => {
      const first = this.waiting.values().next();
      return first.done ? null : publicView(first.value);
    });
    setHandler(
      decideUpdate,
      async (input) => {
        // Validators of updates delivered together may all run before any handler: check again and
        // claim the step synchronously, so exactly one decision proceeds and the others get 409.
        const step = this.waiting.get(input.taskId);
        if (!step) throw notWaiting(input.taskId);
        if (patched(FOUR_EYES_IN_HANDLER)) this.checkFourEyes(step, input);
        this.waiting.delete(input.taskId);
        const eligibility = step.run.eligibility && (step.run.eligibility.on ?? ['APPROVE']).includes(input.decision) ? step.run.eligibility : undefined;
        const row = { processType: this.process.processType, stepKey: step.stepKey, kind: step.run.def.kind, version: step.run.version, regionId: step.regionId };
        // the API checked this step's eligibility and writes the row: the update is only the claim
        const claimOnly = input.callerRecords === true && (!eligibility || sameCheck(input.checked, eligibility));
        const isLocal = claimOnly || patched(LOCAL_DECISION_PATH);
        let task: TaskView;
        try {
          if (step.run.check) await step.run.check(input);
          const record = { workflowId: workflowInfo().workflowId, taskId: input.taskId, decision: input.decision, comment: input.comment, payload: input.payload, actor: input.actor };
          if (claimOnly) {
            const decidedAt = new Date().toISOString();
            this.unconfirmed.set(input.taskId, { ...record, task: row, decidedAt });
            task = { id: input.taskId, status: 'DONE', decision: input.decision, decidedAt, decidedById: input.actor.id };
          } else {
            // histories from before the local decision path: the check was its own remote activity
            if (!isLocal && eligibility) await (remoteInteractive as unknown as Record<string, (i: unknown) => Promise<unknown>>)[eligibility.activity](eligibility.input);
            const acts = (isLocal ? local : remoteInteractive) as unknown as Pick<TaskActivities, 'recordDecision'>;
            task = await acts.recordDecision({
              ...record,
              ...(isLocal && eligibility ? { eligibility: { activity: eligibility.activity, input: eligibility.input } } : {}),
              ...(isLocal ? { task: row } : {}),
            });
          }
        } catch (err) {
          this.waiting.set(input.taskId, step);
          throw domainCause(err);
        }
        if (input.actor.id) (this.deciders[input.actor.id] ??= []).push(step.level);
        this.decided.set(input.taskId, input);
        return task;
      },
      {
        validator: (input) => {
          const step = this.waiting.get(input.taskId);
          if (!step) throw notWaiting(input.taskId);
          if (!step.allowed.includes(input.decision)) {
            throw ApplicationFailure.create({ type: DomainError.DECISION_NOT_ALLOWED, message: `${input.decision} is not allowed at step ${step.stepKey}`, nonRetryable: true });
          }
          if (commentRequiredFor(step.run.def).includes(input.decision) && !input.comment?.trim()) {
            throw ApplicationFailure.create({ type: DomainError.COMMENT_REQUIRED, message: `${input.decision} needs a comment`, nonRetryable: true });
          }
          const payload = validatePayload(step.run.def.form, input.decision, input.payload);
          if (!payload.ok) {
            throw ApplicationFailure.create({ type: DomainError.INVALID_PAYLOAD, message: payload.issues.map((i) => `${i.field}: ${i.message}`).join('; '), nonRetryable: true, details: [payload.issues] });
          }
          this.checkFourEyes(step, input);
        },
      },
    );
  }

  /** Steps waiting now (e.g. for a process's state query). */
  get waitingSteps(): WaitingStep[] {
    return [...this.waiting.values()].map(publicView);
  }

  /** Opens the task and waits for its decision: reminder when due, escalation after that. */
  async run(run: StepRun): Promise<DecisionInput> {
    const { def } = run;
    const round = (this.rounds[def.key] = (this.rounds[def.key] ?? 0) + 1);
    const stepKey = `${def.key}#${round}`;
    const regionId = ancestorAt(run.regionCode, def.assignee.level);
    const row: CreateTaskInput = {
      workflowId: workflowInfo().workflowId,
      processType: this.process.processType,
      processId: this.process.processId,
      step: def.key,
      stepKey,
      kind: def.kind,
      labels: def.labels,
      title: `${def.labels.zh.step} v${run.version} · ${run.subject.label}`,
      assignedRole: def.assignee.role,
      regionId,
      level: def.assignee.level,
      subjectType: run.subject.type,
      subjectId: run.subject.id,
      subjectLabel: run.subject.label,
      dueAt: new Date(Date.now() + run.dueInMs).toISOString(),
      version: run.version,
      snapshot: run.snapshot,
      allowedDecisions: def.decisions,
      commentRequiredFor: commentRequiredFor(def),
      formSchema: def.form ?? null,
      cycleId: run.cycleId,
      caseId: run.caseId,
      eligibility: run.eligibility ? { activity: run.eligibility.activity, input: run.eligibility.input, on: run.eligibility.on ?? ['APPROVE'] } : null,
    };
    const wait = (taskId: string) => this.waiting.set(taskId, { taskId, stepKey, step: def.key, level: def.assignee.level, allowed: def.decisions, run, regionId });
    let taskId: string;
    if (patched(WORKFLOW_CHOSEN_TASK_ID)) {
      // The task id is chosen here (deterministically) and the step is waiting before the row
      // exists: a decision sent as soon as the task appears in an inbox always finds it ready.
      taskId = uuid4();
      wait(taskId);
      const writer = patched(LOCAL_DECISION_PATH) ? (local as unknown as TaskActivities) : remote;
      const stored = await writer.createTask({ ...row, id: taskId });
      // a row already written for this step (e.g. after a reset) keeps its id: wait for that one
      if (stored.taskId !== taskId) {
        this.waiting.delete(taskId);
        taskId = stored.taskId;
        wait(taskId);
      }
    } else {
      // histories from before the patch: the database chose the id, then the step waited
      ({ taskId } = await remote.createTask(row));
      wait(taskId);
    }
    this.publishSteps();
    const isDecided = () => this.decided.has(taskId);
    try {
      if (!(await condition(isDecided, run.dueInMs))) {
        await remote.remindTask({ taskId });
        if (!(await condition(isDecided, run.escalateAfterMs))) {
          const to = def.escalateTo ?? { role: def.assignee.role, level: levelAbove(def.assignee.level) };
          await remote.escalateTask({ taskId, toRole: to.role, toRegionId: ancestorAt(run.regionCode, to.level) });
          await condition(isDecided);
        }
      }
      // a decision the API writes: the workflow's own write of it comes first, and the search
      // attribute follows in the workflow task after that write, so the workflow task that answers
      // the decider carries the answer and the write's scheduling, and nothing the server must index
      const unconfirmed = this.unconfirmed.get(taskId);
      if (unconfirmed) {
        this.unconfirmed.delete(taskId);
        await this.confirm(unconfirmed);
      }
    } finally {
      this.waiting.delete(taskId);
      this.publishSteps();
    }
    const decision = this.decided.get(taskId) as DecisionInput;
    this.decided.delete(taskId);
    return decision;
  }

  /**
   * Writes a decision the API answered and writes itself: usually one read that finds the API's row,
   * the write that counts when the API stopped between the answer and its write. A remote activity,
   * so the workflow task that carries the answer completes without waiting for it.
   */
  private async confirm(record: RecordDecisionInput): Promise<void> {
    try {
      await remote.confirmDecision(record);
    } catch (err) {
      const cause = domainCause(err);
      // the row was closed otherwise meanwhile (the process cancelled): nothing left to write
      if (cause instanceof ApplicationFailure && cause.type === DomainError.STEP_NOT_WAITING) {
        log.warn('decided task was closed otherwise before its decision was written', { taskId: record.taskId });
        return;
      }
      throw err;
    }
  }

  private checkFourEyes(step: Waiting, input: DecisionInput): void {
    if (this.process.fourEyes === false || !input.actor.id) return;
    const other = (this.deciders[input.actor.id] ?? []).find((level) => level !== step.level);
    if (other) {
      throw ApplicationFailure.create({
        type: DomainError.FOUR_EYES,
        message: `${input.actor.name} already decided the ${other} level of this process; the ${step.level} level needs another person`,
        nonRetryable: true,
      });
    }
  }

  private publishSteps(): void {
    // only a process started with the kit's search attributes (the start service) keeps them current;
    // a server where they are not registered (the time-skipping test server) refuses any upsert
    if (workflowInfo().typedSearchAttributes.get(PROCESS_TYPE) === undefined) return;
    if (!patched(STEP_SEARCH_ATTRIBUTE)) return;
    upsertSearchAttributes([{ key: PROCESS_STEP, value: [...new Set([...this.waiting.values()].map((w) => w.step))] }]);
  }
}

/** Whether the check the caller ran is the step's (same activity, same input, whatever the key order). */
function sameCheck(checked: DecisionInput['checked'], eligibility: { activity: string; input: Record<string, unknown> }): boolean {
  return !!checked && checked.activity === eligibility.activity && stableJson(checked.input) === stableJson(eligibility.input);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function commentRequiredFor(def: StepDefinition): Decision[] {
  return def.commentRequiredFor ?? def.decisions.filter((d) => d !== 'APPROVE');
}

function levelAbove(level: RegionLevel): RegionLevel {
  return LEVELS[Math.max(0, LEVELS.indexOf(level) - 1)];
}

function publicView(w: Waiting): WaitingStep {
  return { taskId: w.taskId, stepKey: w.stepKey, step: w.step, level: w.level, allowed: w.allowed };
}

/** An activity's typed domain failure is what the update answers with (so the API can map it). */
function domainCause(err: unknown): unknown {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : err;
}

function notWaiting(taskId: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DomainError.STEP_NOT_WAITING, message: `task ${taskId} is not waiting for a decision`, nonRetryable: true });
}
