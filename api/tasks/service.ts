/**
 * Deciding a task: check role and scope, the form payload and the step's eligibility against current
 * data, then send the decision to the waiting workflow as an update, then write the task row with
 * its audit event. The update's validator refuses a step that is not waiting (409), a second level
 * by the same person (four-eyes, 403), so a decision sent twice or by two supervisors at once is
 * accepted once; the workflow is what decides, and the row is written only after it has. The
 * workflow writes the same row again (idempotent), so a decision whose write here did not happen
 * (the API stopped in between) is written all the same.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../lib/db.ts';
import { DOMAIN_ERROR_HTTP_STATUS, type DomainErrorType } from '../../rules/domain-errors.ts';
import type { Decision } from '../../rules/enums.ts';
import { validatePayload, type FormPayload, type FormSchema } from '../../rules/forms.ts';
import { mayDecideTask } from '../../rules/policy.ts';
import { createTaskActivities, type EligibilitySpec, type TaskView } from '../../activities/tasks.ts';
import { PROCESSES, type ProcessDefinition } from '../../processes/index.ts';
import { decideUpdate } from '../../workflows/kit/human-steps.ts';
import type { AppDeps, SessionUser } from '../context.ts';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../http.ts';
import { callTemporal, grpcCode, isTemporalUnavailable, ServiceUnavailable } from '../temporal.ts';

export interface DecisionRequest {
  taskId: string;
  decision: Decision;
  comment?: string;
  payload?: FormPayload;
}

/** The kit's task writes, one set per database (the API records decisions with the activity's own code). */
const TASK_WRITES = new WeakMap<Db, ReturnType<typeof createTaskActivities>>();
/** Each process's activities per database, for the eligibility checks its steps name. */
const PROCESS_ACTIVITIES = new WeakMap<Db, Map<string, Record<string, (input: Record<string, unknown>) => Promise<unknown>>>>();

function taskWrites(db: Db) {
  let writes = TASK_WRITES.get(db);
  if (!writes) TASK_WRITES.set(db, (writes = createTaskActivities(db)));
  return writes;
}

/**
 * Re-runs a step's eligibility check (the process's own activity, named on the task row) against
 * current data, with the form's values; its domain failure (e.g. NOT_ELIGIBLE) is the answer.
 */
async function checkEligibility(db: Db, processes: readonly ProcessDefinition[], processType: string, spec: EligibilitySpec, payload: FormPayload | undefined): Promise<void> {
  let byProcess = PROCESS_ACTIVITIES.get(db);
  if (!byProcess) PROCESS_ACTIVITIES.set(db, (byProcess = new Map()));
  let acts = byProcess.get(processType);
  if (!acts) {
    const def = processes.find((p) => p.type === processType);
    if (!def) throw new HttpError(500, 'INTERNAL', `no registered process ${processType}`);
    byProcess.set(processType, (acts = def.activities({ db }) as unknown as Record<string, (input: Record<string, unknown>) => Promise<unknown>>));
  }
  const check = acts[spec.activity];
  if (!check) throw new HttpError(500, 'INTERNAL', `process ${processType} has no eligibility check ${spec.activity}`);
  try {
    await check({ ...spec.input, payload });
  } catch (err) {
    throw domainHttpError(err) ?? err;
  }
}

/** A typed domain failure (rules/domain-errors.ts) as the API's answer; null for anything else. */
function domainHttpError(err: unknown): HttpError | null {
  if (!(err instanceof ApplicationFailure) || !err.type || !(err.type in DOMAIN_ERROR_HTTP_STATUS)) return null;
  const type = err.type as DomainErrorType;
  return new HttpError(DOMAIN_ERROR_HTTP_STATUS[type], type, err.message, err.details?.length ? (err.details[0] as unknown[]) : []);
}

export async function decideTask(deps: Pick<AppDeps, 'db' | 'temporal' | 'processes' | 'logger'>, user: SessionUser, req: DecisionRequest) {
  const { db, temporal } = deps;
  const task = await db.task.findUnique({ where: { id: req.taskId } });
  if (!task) throw notFound(`task ${req.taskId}`);
  const verdict = mayDecideTask(user, task);
  if (!verdict.allowed) {
    throw forbidden(
      verdict.reason === 'ROLE'
        ? `this task is for role ${task.assignedRole}, you are ${user.role}`
        : `task region ${task.regionId} is outside your scope (${user.regionId})`,
    );
  }
  // The same decider sending the same decision again: its write may have landed while the workflow
  // task carrying it was lost (a worker too slow to complete it in time), so the row says DONE while
  // the workflow still waits. Deliver the recorded decision again; the workflow's write accepts its
  // own earlier write. A workflow that already has it answers STEP_NOT_WAITING: a second send, 409.
  const resend = task.status === 'DONE' && task.decision === req.decision && task.decidedById === user.id;
  if (task.status !== 'OPEN' && !resend) throw await alreadyDecided(db, user, task);
  const sent = resend
    ? { decision: task.decision as Decision, comment: task.comment ?? undefined, payload: (task.payload ?? undefined) as FormPayload | undefined }
    : { decision: req.decision, comment: req.comment, payload: req.payload };
  // a resend carries no check of its own: the workflow runs the step's check itself
  let checked: EligibilitySpec | null = null;
  if (!resend) {
    const payload = validatePayload(task.formSchema as FormSchema | null, req.decision, req.payload);
    if (!payload.ok) throw badRequest('the form does not match the step', payload.issues);
    const eligibility = task.eligibility as EligibilitySpec | null;
    if (eligibility?.on.includes(req.decision)) {
      await checkEligibility(db, deps.processes ?? PROCESSES, task.processType, eligibility, req.payload);
      checked = eligibility;
    }
  }
  const actor = { id: user.id, name: user.username, role: user.role };
  let decided: TaskView;
  try {
    decided = await callTemporal(temporal, () =>
      temporal.client.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
        args: [{ taskId: task.id, ...sent, actor, checked: checked && { activity: checked.activity, input: checked.input }, callerRecords: true }],
      }),
    );
  } catch (err) {
    const mapped = toHttpError(err, task.id);
    // the workflow had it already: an ordinary second send, refused as such
    if (resend && mapped instanceof HttpError && mapped.code === 'STEP_NOT_WAITING') throw await alreadyDecided(db, user, task);
    // another decision won the race (sent at the same moment): say whose, as for one decided earlier
    if (mapped instanceof HttpError && mapped.code === 'STEP_NOT_WAITING') {
      const now = await db.task.findUnique({ where: { id: task.id } });
      if (now?.status === 'DONE') throw await alreadyDecided(db, user, now);
    }
    throw mapped;
  }
  // the workflow has the decision: the row and its audit event, at the workflow's time of it. A
  // failure here loses nothing (the workflow writes the same row); the answer stays the decision.
  try {
    await taskWrites(db).recordDecision({
      workflowId: task.workflowId,
      taskId: task.id,
      decision: sent.decision,
      comment: sent.comment,
      payload: sent.payload,
      actor,
      decidedAt: decided.decidedAt ?? undefined,
      task: { processType: task.processType, stepKey: task.stepKey, kind: task.kind, version: task.version, regionId: task.regionId },
    });
  } catch (err) {
    deps.logger.error({ err, taskId: task.id }, 'decision accepted by the workflow; its row is left to the workflow to write');
  }
  // the row as the decision left it: what the workflow's write answered, over the row read above
  return {
    ...task,
    status: decided.status,
    decision: decided.decision,
    decidedAt: decided.decidedAt ? new Date(decided.decidedAt) : null,
    decidedById: decided.decidedById,
    comment: sent.comment ?? null,
    payload: (sent.payload ?? null) as typeof task.payload,
  };
}

type TaskRow = NonNullable<Awaited<ReturnType<Db['task']['findUnique']>>>;

/**
 * 409 for a task decided already, naming who decided it (`decidedByName`, "display name (user
 * name)" as the task view has it) so the console can say "decided by … at …".
 */
async function alreadyDecided(db: Db, user: SessionUser, task: TaskRow): Promise<HttpError> {
  let decidedByName: string | null = null;
  if (task.decidedById === user.id) decidedByName = `${user.displayName} (${user.username})`;
  else if (task.decidedById) {
    const decider = await db.user.findUnique({ where: { id: task.decidedById }, select: { username: true, displayName: true } });
    decidedByName = decider ? `${decider.displayName} (${decider.username})` : task.decidedById;
  }
  return conflict('ALREADY_DECIDED', `task ${task.id} was already decided (${task.decision ?? task.status})`, [
    { taskId: task.id, decision: task.decision, decidedById: task.decidedById, decidedByName, decidedAt: task.decidedAt?.toISOString() ?? null },
  ]);
}

/** Maps what Temporal answered to the API's status codes. */
export function toHttpError(err: unknown, taskId: string): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    let cause: unknown = err.cause;
    while (cause && !(cause instanceof ApplicationFailure) && (cause as { cause?: unknown }).cause) cause = (cause as { cause?: unknown }).cause;
    const domain = domainHttpError(cause);
    if (domain) return domain;
    return new HttpError(409, 'DECISION_REFUSED', (cause as Error | undefined)?.message ?? err.message);
  }
  if (err instanceof WorkflowNotFoundError) return conflict('STEP_NOT_WAITING', `the process of task ${taskId} is no longer running`);
  const code = grpcCode(err);
  // FAILED_PRECONDITION / NOT_FOUND from the server: the workflow has completed meanwhile
  if (code === 9 || code === 5) return conflict('STEP_NOT_WAITING', `the process of task ${taskId} is no longer waiting`);
  // the server is unreachable or did not answer in time: the decision may or may not have landed
  if (isTemporalUnavailable(err)) {
    return new ServiceUnavailable(`the workflow service did not answer for task ${taskId}; look at the task before sending again`, [{ taskId }]);
  }
  return err;
}
