import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import { isWithin } from '../../rules/regions.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { HttpError, notFound, parseInput, parseListQuery, sendList } from '../http.ts';
import { documentRoute, listQuery } from '../openapi.ts';
import { BulkDecisionBody, BulkResult, DecisionBody, TaskFilter, TaskView } from './schemas.ts';
import { decideTask } from './service.ts';

documentRoute({ method: 'get', path: '/api/tasks', summary: 'Human steps; by default those the caller may decide (filter all=true for every task in scope)', tag: 'tasks', query: listQuery, response: z.array(TaskView) });
documentRoute({ method: 'get', path: '/api/tasks/:id', summary: 'One task with its snapshot', tag: 'tasks', response: TaskView, errors: [401, 403, 404] });
documentRoute({ method: 'post', path: '/api/tasks/:id/decision', summary: 'Decide a waiting step', tag: 'tasks', body: DecisionBody, response: TaskView, errors: [400, 401, 403, 404, 409, 422] });
documentRoute({ method: 'post', path: '/api/tasks/decisions', summary: 'Decide many tasks; one result per task', tag: 'tasks', body: BulkDecisionBody, response: BulkResult, errors: [400, 401] });

/** Adds the region's name, who decided (attributable by name), and whether the task is overdue. */
async function withRegionNames<T extends { regionId: string; dueAt: Date; status: string; decidedById: string | null; allowedDecisions: string }>(db: AppDeps['db'], rows: T[]) {
  const [regions, users] = await Promise.all([
    db.region.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.regionId))] } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.decidedById ? [r.decidedById] : [])))] } }, select: { id: true, username: true, displayName: true } }),
  ]);
  const regionName = new Map(regions.map((r) => [r.id, r.name]));
  const userName = new Map(users.map((u) => [u.id, `${u.displayName} (${u.username})`]));
  const now = Date.now();
  return rows.map((r) => ({
    ...r,
    allowedDecisions: r.allowedDecisions.split(','),
    regionName: regionName.get(r.regionId) ?? null,
    decidedByName: r.decidedById ? (userName.get(r.decidedById) ?? r.decidedById) : null,
    overdue: r.status === 'OPEN' && r.dueAt.getTime() < now,
  }));
}

/** A task row is readable by anyone whose scope contains its region. */
function scopeWhere(user: SessionUser, all: boolean | undefined): Prisma.TaskWhereInput {
  const inScope = { regionId: { startsWith: user.regionId } };
  return all ? inScope : { ...inScope, assignedRole: user.role };
}

export function tasksRouter({ db, temporal, logger }: AppDeps): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const user = authorize(res, 'task.read');
    const { filter, sort, range } = parseListQuery(req, TaskFilter, ['dueAt', 'createdAt', 'decidedAt', 'status', 'level', 'kind', 'title'], ['dueAt', 'ASC']);
    if (filter.regionId && !isWithin(filter.regionId, user.regionId) && !isWithin(user.regionId, filter.regionId)) {
      authorize(res, 'task.read', filter.regionId); // throws 403
    }
    const where: Prisma.TaskWhereInput = {
      AND: [
        scopeWhere(user, filter.all),
        filter.regionId && isWithin(filter.regionId, user.regionId) ? { regionId: { startsWith: filter.regionId } } : {},
        {
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.assignedRole ? { assignedRole: filter.assignedRole } : {}),
          ...(filter.level ? { level: filter.level } : {}),
          ...(filter.kind ? { kind: filter.kind } : {}),
          ...(filter.cycleId ? { cycleId: filter.cycleId } : {}),
          ...(filter.caseId ? { caseId: filter.caseId } : {}),
          ...(filter.workflowId ? { workflowId: filter.workflowId } : {}),
          ...(filter.returnRequestId ? { returnRequestId: filter.returnRequestId } : {}),
          ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
          ...(filter.dueBefore ? { dueAt: { lt: new Date(filter.dueBefore) } } : {}),
          ...(filter.id ? { id: { in: Array.isArray(filter.id) ? filter.id : [filter.id] } } : {}),
        },
        filter.overdue ? { status: 'OPEN', dueAt: { lt: new Date() } } : {},
      ],
    };
    const [rows, total] = await Promise.all([
      db.task.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.task.count({ where }),
    ]);
    sendList(res, 'tasks', await withRegionNames(db, rows), total, range.start);
  });

  router.get('/tasks/:id', async (req, res) => {
    const task = await db.task.findUnique({ where: { id: req.params.id } });
    if (!task) throw notFound(`task ${req.params.id}`);
    const user = authorize(res, 'task.read', task.regionId);
    const [view] = await withRegionNames(db, [task]);
    const history = await db.task.findMany({
      where: { workflowId: task.workflowId, regionId: { startsWith: user.regionId } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, stepKey: true, title: true, version: true, status: true, decision: true, comment: true, decidedAt: true, decidedById: true },
    });
    res.json({ ...view, history });
  });

  router.post('/tasks/:id/decision', async (req, res) => {
    setAudit(res, { action: 'TASK_DECISION', targetType: 'TASK', targetId: req.params.id });
    const body = parseInput(DecisionBody, req.body, 'body');
    setAudit(res, { action: 'TASK_DECISION', targetType: 'TASK', targetId: req.params.id, details: { decision: body.decision, comment: body.comment ?? null } });
    const task = await decideTask(db, temporal.client, currentUser(res), { taskId: req.params.id, ...body });
    setAudit(res, { action: 'TASK_DECISION', targetType: 'TASK', targetId: task.id, regionId: task.regionId, details: { decision: body.decision, comment: body.comment ?? null, workflowId: task.workflowId } });
    const [view] = await withRegionNames(db, [task]);
    res.json(view);
  });

  router.post('/tasks/decisions', async (req, res) => {
    const body = parseInput(BulkDecisionBody, req.body, 'body');
    const user = currentUser(res);
    const results = [];
    for (const id of body.ids) {
      try {
        await decideTask(db, temporal.client, user, { taskId: id, decision: body.decision, comment: body.comment });
        results.push({ id, ok: true, status: 200 });
      } catch (err) {
        // one task's failure never hides the results of the others
        const e = err instanceof HttpError ? err : new HttpError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service did not answer; try this task again');
        if (!(err instanceof HttpError)) logger.error({ err, taskId: id }, 'bulk decision failed');
        results.push({ id, ok: false, status: e.status, error: { code: e.code, message: e.message } });
      }
    }
    setAudit(res, { action: 'TASK_BULK_DECISION', targetType: 'TASK', details: { decision: body.decision, comment: body.comment ?? null, results } });
    res.json({ results });
  });
  return router;
}
