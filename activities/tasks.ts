/**
 * Human-step tasks (审核环节): the rows the console lists, created and closed on the workflow's behalf.
 * Every write is idempotent (unique workflowId + stepKey; state-guarded updates), so a retried
 * activity never writes twice.
 */
import { asyncLocalStorage, log, sleep } from '@temporalio/activity';
import { Prisma, type Db } from '../lib/db.ts';
import type { Decision, RegionLevel, Role, TaskStatus } from '../rules/enums.ts';
import type { FormPayload, FormSchema } from '../rules/forms.ts';
import { SYSTEM_ACTOR, auditData, type ActorRef } from './audit.ts';
import { DomainError, domainFailure } from './errors.ts';
import { parentCode } from '../rules/regions.ts';

export interface CreateTaskInput {
  /** chosen by the workflow, which is waiting for it before the row exists (absent in histories before that) */
  id?: string;
  workflowId: string;
  processType: string;
  processId: string | null;
  step: string;
  stepKey: string;
  kind: string;
  /** wording of the step and its decisions per language */
  labels: Record<string, unknown>;
  title: string;
  assignedRole: Role;
  regionId: string;
  level: RegionLevel;
  subjectType: string;
  subjectId: string;
  subjectLabel: string;
  dueAt: string;
  version: number;
  snapshot: Record<string, unknown>;
  /** decisions the step accepts, shown by the console */
  allowedDecisions: Decision[];
  commentRequiredFor: Decision[];
  formSchema: FormSchema | null;
  cycleId?: string;
  caseId?: string;
  /** the step's eligibility check, kept on the row so the API re-runs it before it sends a decision */
  eligibility?: EligibilitySpec | null;
}

/**
 * A step's eligibility check (资格复核): an activity of the process by name, its input, and the
 * decisions it guards. Re-run against current data when a decision is made; its domain failure
 * (e.g. NOT_ELIGIBLE) refuses the decision and the step keeps waiting.
 */
export interface EligibilitySpec {
  activity: string;
  input: Record<string, unknown>;
  on: Decision[];
}

export interface RecordDecisionInput {
  workflowId: string;
  taskId: string;
  decision: Decision;
  comment?: string;
  payload?: FormPayload;
  actor: ActorRef;
  /** an eligibility check of the process (an activity by name) run before the decision is recorded */
  eligibility?: { activity: string; input: Record<string, unknown> };
  /** what the workflow knows of the task (saves reading it on the decision path) */
  task?: { processType: string; stepKey: string; kind: string; version: number; regionId: string };
  /**
   * when the workflow took the decision (its own clock): the API's write and the workflow's
   * backstop write the same row, so both write the same time (absent: now)
   */
  decidedAt?: string;
}

/** Finds a process's activity by name (the eligibility checks named by steps). */
export type ActivityLookup = (name: string) => ((input: Record<string, unknown>) => Promise<unknown>) | undefined;

export interface TaskView {
  id: string;
  status: TaskStatus;
  decision: Decision | null;
  decidedAt: string | null;
  decidedById: string | null;
}

/**
 * How long the workflow's confirmation of a decision the API writes waits before it reads the row.
 * The API writes within milliseconds of its answer; waiting this long, the confirmation normally
 * finds that write done (one read, nothing written twice), and in one process (npm start) its
 * database work does not compete with the decider's answer.
 */
export const CONFIRM_DECISION_DELAY_MS = 20;

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

export function createTaskActivities(db: Db, lookup: ActivityLookup = () => undefined) {
  const activities = {
    async createTask(input: CreateTaskInput): Promise<{ taskId: string }> {
      // written straight away: a row already there for this step (a retry, a reset) is the rare case,
      // found by the unique key below, so opening a step costs one transaction and no read first
      try {
        const task = await db.$transaction(async (tx) => {
          const created = await tx.task.create({
            data: {
              ...input,
              dueAt: new Date(input.dueAt),
              labels: input.labels as Prisma.InputJsonValue,
              snapshot: input.snapshot as Prisma.InputJsonValue,
              formSchema: input.formSchema === null ? Prisma.DbNull : (input.formSchema as unknown as Prisma.InputJsonValue),
              eligibility: input.eligibility ? (input.eligibility as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
              allowedDecisions: input.allowedDecisions.join(','),
              commentRequiredFor: input.commentRequiredFor.join(','),
            },
          });
          await tx.auditEvent.create({
            data: auditData({
              actor: SYSTEM_ACTOR,
              action: 'TASK_OPENED',
              targetType: 'TASK',
              targetId: created.id,
              regionId: input.regionId,
              workflowId: input.workflowId,
              details: { processType: input.processType, processId: input.processId, stepKey: input.stepKey, kind: input.kind, assignedRole: input.assignedRole, dueAt: input.dueAt, version: input.version },
            }),
          });
          return created;
        });
        return { taskId: task.id };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const task = await db.task.findUniqueOrThrow({
          where: { workflowId_stepKey: { workflowId: input.workflowId, stepKey: input.stepKey } },
        });
        return { taskId: task.id };
      }
    },

    /** Closes an OPEN task with the decision; refuses (STEP_NOT_WAITING) a task already decided by someone else. */
    async recordDecision(input: RecordDecisionInput): Promise<TaskView> {
      const now = input.decidedAt ? new Date(input.decidedAt) : new Date();
      const task = input.task ? { ...input.task, id: input.taskId, workflowId: input.workflowId, status: 'OPEN' } : await db.task.findUnique({ where: { id: input.taskId } });
      if (!task || task.workflowId !== input.workflowId) {
        throw domainFailure(DomainError.NOT_FOUND, `task ${input.taskId} does not belong to ${input.workflowId}`);
      }
      if (input.eligibility && task.status === 'OPEN') {
        const check = lookup(input.eligibility.activity);
        if (!check) throw domainFailure(DomainError.NOT_FOUND, `no eligibility check ${input.eligibility.activity}`);
        // a domain failure (NOT_ELIGIBLE) refuses the decision; the check sees the form's values too
        // (e.g. the replacement a recall names)
        await check({ ...input.eligibility.input, payload: input.payload });
      }
      const updated = await db.$transaction(async (tx) => {
        const result = await tx.task.updateMany({
          where: { id: input.taskId, workflowId: input.workflowId, status: 'OPEN' },
          data: {
            status: 'DONE',
            decision: input.decision,
            comment: input.comment ?? null,
            payload: input.payload === undefined ? Prisma.DbNull : (input.payload as Prisma.InputJsonValue),
            decidedById: input.actor.id,
            decidedAt: now,
          },
        });
        if (result.count === 1) {
          await tx.auditEvent.create({
            data: auditData({
              actor: input.actor,
              action: 'TASK_DECIDED',
              targetType: 'TASK',
              targetId: task.id,
              regionId: task.regionId,
              workflowId: task.workflowId,
              details: { processType: task.processType, stepKey: task.stepKey, kind: task.kind, decision: input.decision, comment: input.comment ?? null, payload: (input.payload ?? null) as Prisma.InputJsonValue, version: task.version },
            }),
          });
        }
        return result.count;
      });
      if (updated === 0) {
        const current = await db.task.findUnique({ where: { id: input.taskId } });
        if (!current || current.workflowId !== input.workflowId) throw domainFailure(DomainError.NOT_FOUND, `task ${input.taskId} does not belong to ${input.workflowId}`);
        // a retry of our own write is a success; anything else is a stale decision
        if (current.decision === input.decision && current.decidedById === input.actor.id) return view(current);
        throw domainFailure(DomainError.STEP_NOT_WAITING, `task ${input.taskId} was already decided`);
      }
      // the API records decisions with this function too, outside any activity
      if (asyncLocalStorage.getStore() !== undefined) log.info('task decided', { taskId: task.id, decision: input.decision });
      // what this transaction wrote: no second read on the decision path
      return { id: task.id, status: 'DONE', decision: input.decision, decidedAt: now.toISOString(), decidedById: input.actor.id };
    },

    /**
     * The workflow's own write of a decision the API answered and writes itself: a no-op when the
     * API's row is there (the usual case), the write itself when the API stopped before it.
     */
    async confirmDecision(input: RecordDecisionInput): Promise<TaskView> {
      await sleep(CONFIRM_DECISION_DELAY_MS);
      const row = await db.task.findUnique({ where: { id: input.taskId }, select: { id: true, workflowId: true, status: true, decision: true, decidedAt: true, decidedById: true } });
      if (row && row.workflowId === input.workflowId && row.status !== 'OPEN' && row.decision === input.decision && row.decidedById === input.actor.id) return view(row);
      return activities.recordDecision(input);
    },

    /** A cancelled process closes what it left open, so no inbox keeps a step nobody waits for. */
    async cancelOpenTasks({ workflowId, reason }: { workflowId: string; reason: string }): Promise<{ cancelled: number }> {
      return db.$transaction(async (tx) => {
        const open = await tx.task.findMany({ where: { workflowId, status: 'OPEN' }, select: { id: true, regionId: true } });
        if (open.length === 0) return { cancelled: 0 };
        await tx.task.updateMany({ where: { workflowId, status: 'OPEN' }, data: { status: 'CANCELLED', comment: reason } });
        await tx.auditEvent.createMany({
          data: open.map((t) =>
            auditData({ actor: SYSTEM_ACTOR, action: 'TASK_CANCELLED', targetType: 'TASK', targetId: t.id, regionId: t.regionId, workflowId, details: { reason } }),
          ),
        });
        return { cancelled: open.length };
      });
    },

    /** Reminder for an overdue task (催办), once per task. */
    async remindTask({ taskId }: { taskId: string }): Promise<{ sent: boolean }> {
      const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      if (task.status !== 'OPEN') return { sent: false };
      try {
        await db.$transaction([
          db.notification.create({
            data: {
              taskId,
              kind: 'REMINDER',
              role: task.assignedRole,
              regionId: task.regionId,
              message: `overdue since ${task.dueAt.toISOString()}: ${task.title}`,
            },
          }),
          db.task.update({ where: { id: taskId }, data: { remindedAt: new Date() } }),
          db.auditEvent.create({
            data: auditData({
              actor: SYSTEM_ACTOR,
              action: 'TASK_REMINDED',
              targetType: 'TASK',
              targetId: taskId,
              regionId: task.regionId,
              workflowId: task.workflowId,
              details: { dueAt: task.dueAt.toISOString() },
            }),
          }),
        ]);
        return { sent: true };
      } catch (err) {
        if (isUniqueViolation(err)) return { sent: false };
        throw err;
      }
    },

    /**
     * Escalation of a task still open after its reminder (升级督办), to the role and region the step
     * names (histories from before the kit give none: the supervisor one level up).
     */
    async escalateTask({ taskId, toRole, toRegionId }: { taskId: string; toRole?: Role; toRegionId?: string }): Promise<{ escalatedTo: string | null }> {
      const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      if (task.status !== 'OPEN') return { escalatedTo: null };
      const to = toRegionId ?? parentCode(task.regionId) ?? task.regionId;
      const role: Role = toRole ?? 'SUPERVISOR';
      try {
        await db.$transaction([
          db.notification.create({
            data: {
              taskId,
              kind: 'ESCALATION',
              role,
              regionId: to,
              message: `escalated: ${task.title} (due ${task.dueAt.toISOString()})`,
            },
          }),
          db.task.update({ where: { id: taskId }, data: { escalatedAt: new Date(), escalatedToRegionId: to } }),
          db.auditEvent.create({
            data: auditData({
              actor: SYSTEM_ACTOR,
              action: 'TASK_ESCALATED',
              targetType: 'TASK',
              targetId: taskId,
              regionId: task.regionId,
              workflowId: task.workflowId,
              details: { escalatedTo: to, role, dueAt: task.dueAt.toISOString() },
            }),
          }),
        ]);
        return { escalatedTo: to };
      } catch (err) {
        if (isUniqueViolation(err)) return { escalatedTo: to };
        throw err;
      }
    },
  };
  return activities;
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;

function view(t: { id: string; status: TaskStatus; decision: Decision | null; decidedAt: Date | null; decidedById: string | null }): TaskView {
  return { id: t.id, status: t.status, decision: t.decision, decidedAt: t.decidedAt?.toISOString() ?? null, decidedById: t.decidedById };
}
