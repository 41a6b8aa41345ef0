/**
 * The human-step mechanism (审核环节) that every process uses: an activity creates a task row
 * (unique per workflow + step), the workflow waits on a `decide` update, reminders and escalation
 * are durable timers. The update validator (synchronous, see STYLE.md) refuses a decision for a
 * step that is not waiting, which the API answers with 409.
 */
import { ActivityFailure, ApplicationFailure, condition, defineQuery, defineUpdate, patched, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ActorRef } from '../activities/audit.ts';
import type { CreateTaskInput, TaskView } from '../activities/tasks.ts';
import { DomainError } from '../rules/domain-errors.ts';
import type { DecisionKind } from '../rules/return-to-poverty.ts';

export interface DecisionInput {
  taskId: string;
  decision: DecisionKind;
  comment?: string;
  actor: ActorRef;
}

/** Sent by the API with the caller's decision; answers with the closed task. */
export const decideUpdate = defineUpdate<TaskView, [DecisionInput]>('decide');

export interface WaitingStep {
  taskId: string;
  stepKey: string;
  allowed: DecisionKind[];
}
/** The step waiting for a decision, if any. */
export const waitingStepQuery = defineQuery<WaitingStep | null>('waitingStep');

export interface StepSpec extends Omit<CreateTaskInput, 'id' | 'workflowId' | 'dueAt' | 'allowedDecisions'> {
  allowed: DecisionKind[];
  /** time until the task is due; a reminder goes out then */
  dueInMs: number;
  /** time after the reminder until the task escalates one level up */
  escalateAfterMs: number;
}

export interface HumanStepActivities {
  createTask(input: CreateTaskInput): Promise<{ taskId: string }>;
  recordDecision(input: { workflowId: string; taskId: string; decision: DecisionKind; comment?: string; actor: ActorRef }): Promise<TaskView>;
  remindTask(input: { taskId: string }): Promise<{ sent: boolean }>;
  escalateTask(input: { taskId: string }): Promise<{ escalatedTo: string | null }>;
}

/** Runs before a decision is recorded; throwing an ApplicationFailure refuses it and the step keeps waiting. */
export type DecisionCheck = (step: WaitingStep, input: DecisionInput) => Promise<void>;

/** Patch id: the workflow chooses the task id and waits before the task row is written. */
export const WORKFLOW_CHOSEN_TASK_ID = 'workflow-chosen-task-id';

export class HumanSteps {
  private waiting: WaitingStep | null = null;
  private decided: DecisionInput | null = null;

  /**
   * @param acts the task activities (long-running options)
   * @param check runs before a decision is recorded
   * @param decisionActs activities run while the decider waits (bounded options)
   */
  constructor(
    private readonly acts: HumanStepActivities,
    private readonly check?: DecisionCheck,
    private readonly decisionActs: Pick<HumanStepActivities, 'recordDecision'> = acts,
  ) {
    setHandler(waitingStepQuery, () => this.waiting);
    setHandler(
      decideUpdate,
      async (input) => {
        // Validators of updates delivered together may all run before any handler: check again and
        // claim the step synchronously, so exactly one decision proceeds and the others get 409.
        const step = this.waiting;
        if (!step || step.taskId !== input.taskId) throw notWaiting(input.taskId);
        this.waiting = null;
        try {
          if (this.check) await this.check(step, input);
        } catch (err) {
          this.waiting = step;
          throw domainCause(err);
        }
        let task: TaskView;
        try {
          task = await this.decisionActs.recordDecision({
            workflowId: workflowInfo().workflowId,
            taskId: input.taskId,
            decision: input.decision,
            comment: input.comment,
            actor: input.actor,
          });
        } catch (err) {
          this.waiting = step;
          throw domainCause(err);
        }
        this.decided = input;
        return task;
      },
      {
        validator: (input) => {
          const step = this.waiting;
          if (!step || step.taskId !== input.taskId) {
            throw notWaiting(input.taskId);
          }
          if (!step.allowed.includes(input.decision)) {
            throw ApplicationFailure.create({ type: DomainError.DECISION_NOT_ALLOWED, message: `${input.decision} is not allowed at step ${step.stepKey}`, nonRetryable: true });
          }
          if (input.decision !== 'APPROVE' && !input.comment?.trim()) {
            throw ApplicationFailure.create({ type: DomainError.COMMENT_REQUIRED, message: `${input.decision} needs a comment`, nonRetryable: true });
          }
        },
      },
    );
  }

  /** Opens the task and waits for its decision: reminder when due, escalation after that. */
  async run(spec: StepSpec): Promise<DecisionInput> {
    const { allowed, dueInMs, escalateAfterMs, ...task } = spec;
    const dueAt = new Date(Date.now() + dueInMs).toISOString();
    const row = { ...task, allowedDecisions: allowed, workflowId: workflowInfo().workflowId, dueAt };
    let taskId: string;
    this.decided = null;
    if (patched(WORKFLOW_CHOSEN_TASK_ID)) {
      // The task id is chosen here (deterministically) and the step is waiting before the row
      // exists: a decision sent as soon as the task appears in an inbox always finds it ready.
      taskId = uuid4();
      this.waiting = { taskId, stepKey: spec.stepKey, allowed };
      const stored = await this.acts.createTask({ ...row, id: taskId });
      // a row already written for this step (e.g. after a reset) keeps its id: wait for that one
      if (stored.taskId !== taskId) {
        taskId = stored.taskId;
        this.waiting = { taskId, stepKey: spec.stepKey, allowed };
      }
    } else {
      // histories from before the patch: the database chose the id, then the step waited
      ({ taskId } = await this.acts.createTask(row));
      this.waiting = { taskId, stepKey: spec.stepKey, allowed };
    }
    const isDecided = () => this.decided !== null;
    if (!(await condition(isDecided, dueInMs))) {
      await this.acts.remindTask({ taskId });
      if (!(await condition(isDecided, escalateAfterMs))) {
        await this.acts.escalateTask({ taskId });
        await condition(isDecided);
      }
    }
    return this.decided as unknown as DecisionInput;
  }
}

/** An activity's typed domain failure is what the update answers with (so the API can map it). */
function domainCause(err: unknown): unknown {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : err;
}

function notWaiting(taskId: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DomainError.STEP_NOT_WAITING, message: `task ${taskId} is not waiting for a decision`, nonRetryable: true });
}
