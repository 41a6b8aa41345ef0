/**
 * Deciding a task: check role and scope, then send the decision to the waiting workflow as an
 * update. The update's validator refuses a step that is not waiting (409), so a decision sent
 * twice or by two supervisors at once is accepted once.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../lib/db.ts';
import { DOMAIN_ERROR_HTTP_STATUS, type DomainErrorType } from '../../rules/domain-errors.ts';
import { mayDecideTask } from '../../rules/policy.ts';
import { decideUpdate } from '../../workflows/human-step.ts';
import type { SessionUser } from '../context.ts';
import { conflict, forbidden, HttpError, notFound } from '../http.ts';

export interface DecisionRequest {
  taskId: string;
  decision: 'APPROVE' | 'REJECT' | 'RETURN';
  comment?: string;
}

export async function decideTask(db: Db, client: Client, user: SessionUser, req: DecisionRequest) {
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
  if (task.status !== 'OPEN') throw conflict('ALREADY_DECIDED', `task ${task.id} was already decided (${task.decision})`);
  try {
    await client.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
      args: [{ taskId: task.id, decision: req.decision, comment: req.comment, actor: { id: user.id, name: user.username, role: user.role } }],
    });
  } catch (err) {
    throw toHttpError(err, task.id);
  }
  return db.task.findUniqueOrThrow({ where: { id: task.id } });
}

/** Maps what Temporal answered to the API's status codes. */
export function toHttpError(err: unknown, taskId: string): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    let cause: unknown = err.cause;
    while (cause && !(cause instanceof ApplicationFailure) && (cause as { cause?: unknown }).cause) cause = (cause as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure && cause.type && cause.type in DOMAIN_ERROR_HTTP_STATUS) {
      const type = cause.type as DomainErrorType;
      const status = DOMAIN_ERROR_HTTP_STATUS[type];
      return new HttpError(status, type, cause.message);
    }
    return new HttpError(409, 'DECISION_REFUSED', (cause as Error | undefined)?.message ?? err.message);
  }
  if (err instanceof WorkflowNotFoundError) return conflict('STEP_NOT_WAITING', `the process of task ${taskId} is no longer running`);
  const grpc = err as { code?: number; details?: string };
  // FAILED_PRECONDITION / NOT_FOUND from the server: the workflow has completed meanwhile
  if (grpc.code === 9 || grpc.code === 5) return conflict('STEP_NOT_WAITING', `the process of task ${taskId} is no longer waiting`);
  // the update timed out or the server is unreachable: the decision may or may not have landed
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || grpc.code === 14 || grpc.code === 4) {
    return new HttpError(503, 'TEMPORAL_UNAVAILABLE', `the workflow service did not answer for task ${taskId}; look at the task before sending again`);
  }
  return err;
}
