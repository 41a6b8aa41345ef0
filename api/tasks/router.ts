import { Router } from 'express';
import { z } from 'zod';
import { mapBounded } from '../../lib/bounded.ts';
import type { Prisma } from '../../lib/db.ts';
import { isWithin } from '../../rules/regions.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { HttpError, idWhere, notFound, parseInput, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { codeScope, effectiveRegion, type ListWhere } from '../scope.ts';
import { BulkDecisionBody, BulkResult, DecisionBody, TaskFilter, TaskView } from './schemas.ts';
import { decideTask } from './service.ts';

const SORTABLE = ['id', 'dueAt', 'createdAt', 'decidedAt', 'status', 'level', 'kind', 'title', 'processType'] as const;

documentRoute({ method: 'get', path: '/api/tasks', summary: 'Human steps; by default those the caller may decide (filter all=true, or a filter by id, process, workflow, cycle, case or subject, for every task in scope)', tag: 'tasks', list: { filter: TaskFilter, sortable: SORTABLE, resource: 'tasks' }, response: z.array(TaskView) });
documentRoute({ method: 'get', path: '/api/tasks/:id', summary: 'One task with its snapshot and the history of its process', tag: 'tasks', response: TaskView, errors: [404] });
documentRoute({ method: 'post', path: '/api/tasks/:id/decision', summary: 'Decide a waiting step (with the step form values in payload)', tag: 'tasks', body: DecisionBody, response: TaskView, errors: [404, 409, 422, 503] });
documentRoute({ method: 'post', path: '/api/tasks/decisions', summary: 'Decide many tasks (at most 1000, 16 at a time); one result per task', tag: 'tasks', body: BulkDecisionBody, response: BulkResult, forbidden: false });

/** Decisions of one bulk request in flight at once: bounded so one request cannot flood Temporal. */
export const BULK_CONCURRENCY = 16;

type TaskRow = Awaited<ReturnType<AppDeps['db']['task']['findUniqueOrThrow']>>;

/**
 * Region names, read once and kept: the division tree is reference data (loaded by the seed, changed
 * by a release), and the decision path should not pay a query for a name it already knows.
 */
const REGION_NAMES = new Map<string, string>();
async function regionNames(db: AppDeps['db'], ids: string[]): Promise<Map<string, string>> {
  const missing = [...new Set(ids)].filter((id) => !REGION_NAMES.has(id));
  if (missing.length) {
    for (const r of await db.region.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) REGION_NAMES.set(r.id, r.name);
    if (REGION_NAMES.size > 100_000) REGION_NAMES.clear();
  }
  return REGION_NAMES;
}

/** The API view of task rows: region and decider names, lists split, whether overdue. */
async function views(db: AppDeps['db'], rows: TaskRow[], known: { user?: SessionUser } = {}) {
  const deciderIds = [...new Set(rows.flatMap((r) => (r.decidedById && r.decidedById !== known.user?.id ? [r.decidedById] : [])))];
  const [regionName, users] = await Promise.all([
    regionNames(db, rows.map((r) => r.regionId)),
    deciderIds.length ? db.user.findMany({ where: { id: { in: deciderIds } }, select: { id: true, username: true, displayName: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, `${u.displayName} (${u.username})`]));
  if (known.user) userName.set(known.user.id, `${known.user.displayName} (${known.user.username})`);
  const now = Date.now();
  return rows.map((r) => ({
    ...r,
    allowedDecisions: r.allowedDecisions.split(','),
    commentRequiredFor: r.commentRequiredFor ? r.commentRequiredFor.split(',') : [],
    regionName: regionName.get(r.regionId) ?? null,
    decidedByName: r.decidedById ? (userName.get(r.decidedById) ?? r.decidedById) : null,
    overdue: r.status === 'OPEN' && r.dueAt.getTime() < now,
  }));
}

type Filter = z.infer<typeof TaskFilter>;

/**
 * Without `all`, a list is the caller's inbox (tasks of their role); a filter naming particular
 * tasks (ids, a process, a workflow, a cycle, a case, a subject) lists every such task in scope, so
 * react-admin's getMany and getManyReference find what the caller may read.
 */
function targeted(f: Filter): boolean {
  return f.id !== undefined || !!(f.processId || f.workflowId || f.cycleId || f.caseId || f.subjectId);
}

/**
 * The task list's where-condition (list and export): the caller's inbox, or every task in scope
 * with `all` or a targeted filter; a region filter that does not nest with the scope is 403.
 */
export function taskListWhere(user: SessionUser, filter: Filter): ListWhere<Prisma.TaskWhereInput> {
  // a region that does not nest with the scope: 403, as the other lists answer
  if (filter.regionId) effectiveRegion(user, filter.regionId);
  const inbox = !filter.all && !targeted(filter);
  const where: Prisma.TaskWhereInput = {
    AND: [
      { regionId: codeScope(user.regionId) },
      inbox ? { assignedRole: user.role } : {},
      filter.regionId && isWithin(filter.regionId, user.regionId) ? { regionId: codeScope(filter.regionId) } : {},
      {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.assignedRole ? { assignedRole: filter.assignedRole } : {}),
        ...(filter.level ? { level: filter.level } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.processType ? { processType: filter.processType } : {}),
        ...(filter.processId ? { processId: filter.processId } : {}),
        ...(filter.step ? { step: filter.step } : {}),
        ...(filter.cycleId ? { cycleId: filter.cycleId } : {}),
        ...(filter.caseId ? { caseId: filter.caseId } : {}),
        ...(filter.workflowId ? { workflowId: filter.workflowId } : {}),
        ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
        ...(filter.dueBefore ? { dueAt: { lt: new Date(filter.dueBefore) } } : {}),
        ...idWhere(filter.id),
      },
      filter.overdue ? { status: 'OPEN', dueAt: { lt: new Date() } } : {},
    ],
  };
  return { where, region: filter.regionId ?? null };
}

export function tasksRouter(deps: AppDeps): Router {
  const { db, logger } = deps;
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const user = authorize(res, 'task.read');
    const { filter, sort, range } = parseListQuery(req, TaskFilter, SORTABLE, ['dueAt', 'ASC']);
    const { where } = taskListWhere(user, filter);
    const rows = await db.task.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take });
    // a page that is not full says the total itself: an inbox refreshed often (a handful of open
    // tasks) costs one query, not two
    const total = rows.length < range.take && (rows.length > 0 || range.skip === 0) ? range.skip + rows.length : await db.task.count({ where });
    sendList(res, 'tasks', await views(db, rows), total, range.start);
  });

  router.get('/tasks/:id', async (req, res) => {
    const task = await db.task.findUnique({ where: { id: req.params.id } });
    if (!task) throw notFound(`task ${req.params.id}`);
    const user = authorize(res, 'task.read', task.regionId);
    const [view] = await views(db, [task]);
    const history = await db.task.findMany({
      where: { workflowId: task.workflowId, regionId: codeScope(user.regionId) },
      orderBy: { createdAt: 'asc' },
      select: { id: true, step: true, stepKey: true, labels: true, title: true, version: true, status: true, decision: true, comment: true, payload: true, decidedAt: true, decidedById: true },
    });
    const deciders = await db.user.findMany({ where: { id: { in: history.flatMap((h) => (h.decidedById ? [h.decidedById] : [])) } }, select: { id: true, username: true, displayName: true } });
    const deciderName = new Map(deciders.map((u) => [u.id, `${u.displayName} (${u.username})`]));
    res.json({ ...view, history: history.map((h) => ({ ...h, decidedByName: h.decidedById ? (deciderName.get(h.decidedById) ?? h.decidedById) : null })) });
  });

  router.post('/tasks/:id/decision', async (req, res) => {
    setAudit(res, { action: 'TASK_DECISION', targetType: 'TASK', targetId: req.params.id });
    const body = parseInput(DecisionBody, req.body, 'body');
    const details = { decision: body.decision, comment: body.comment ?? null, ...(body.payload ? { payload: body.payload } : {}) };
    setAudit(res, { action: 'TASK_DECISION', targetType: 'TASK', targetId: req.params.id, details });
    const user = currentUser(res);
    const task = await decideTask(deps, user, { taskId: req.params.id, ...body });
    setAudit(res, { action: 'TASK_DECISION', targetType: 'TASK', targetId: task.id, regionId: task.regionId, details: { ...details, workflowId: task.workflowId } });
    const [view] = await views(db, [task], { user });
    res.json(view);
  });

  router.post('/tasks/decisions', async (req, res) => {
    setAudit(res, { action: 'TASK_BULK_DECISION', targetType: 'TASK' });
    const body = parseInput(BulkDecisionBody, req.body, 'body');
    const user = currentUser(res);
    const ids = [...new Set(body.ids)];
    const results = await mapBounded(ids, BULK_CONCURRENCY, async (id) => {
      try {
        await decideTask(deps, user, { taskId: id, decision: body.decision, comment: body.comment, payload: body.payload });
        return { id, ok: true, status: 200 };
      } catch (err) {
        // one task's failure never hides the results of the others
        const e = err instanceof HttpError ? err : new HttpError(500, 'INTERNAL', 'this task could not be decided; it has been logged');
        if (!(err instanceof HttpError)) logger.error({ err, taskId: id }, 'bulk decision failed');
        return { id, ok: false, status: e.status, error: { code: e.code, message: e.message, details: e.details } };
      }
    });
    const succeeded = results.filter((r) => r.ok).length;
    const failed = results.length - succeeded;
    setAudit(res, {
      action: 'TASK_BULK_DECISION',
      targetType: 'TASK',
      outcome: failed === 0 ? 'SUCCESS' : succeeded === 0 ? 'FAILED' : 'PARTIAL',
      details: { decision: body.decision, comment: body.comment ?? null, requested: ids.length, succeeded, failed, results },
    });
    res.json({ results, succeeded, failed });
  });
  return router;
}
