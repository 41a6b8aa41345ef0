import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { codeScope, type ListWhere } from '../scope.ts';
import { documentRoute } from '../openapi.ts';

export const Filter = z
  .object({
    action: z.string().max(80).optional(),
    targetType: z.string().max(40).optional(),
    targetId: z.string().max(200).optional(),
    actorId: z.string().max(40).optional(),
    outcome: z.enum(['SUCCESS', 'PARTIAL', 'DENIED', 'REJECTED', 'FAILED']).optional(),
    workflowId: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['at', 'action', 'outcome'] as const;

documentRoute({ method: 'get', path: '/api/audit-events', summary: 'The append-only audit log (no route edits or deletes it)', tag: 'audit', list: { filter: Filter, sortable: SORTABLE, resource: 'audit-events' } });
documentRoute({ method: 'get', path: '/api/audit-events/:id', summary: 'One audit event', tag: 'audit', errors: [404] });

/** Province-level readers see every event; a reader scoped lower sees the events of their region. */
function scopeWhere(_role: string, regionId: string): Prisma.AuditEventWhereInput {
  if (regionId.length === 2) return {};
  return { regionId: codeScope(regionId) };
}

/** The audit log's where-condition (list and export): the filter inside the caller's scope. */
export function auditEventListWhere(user: SessionUser, filter: z.infer<typeof Filter>): ListWhere<Prisma.AuditEventWhereInput> {
  const { from, to, id, ...rest } = filter;
  const where: Prisma.AuditEventWhereInput = {
    AND: [scopeWhere(user.role, user.regionId), idWhere(id), { ...rest, ...(from || to ? { at: { ...(from ? { gte: new Date(from) } : {}), ...(to ? { lte: new Date(to) } : {}) } } : {}) }],
  };
  return { where, region: null };
}

export function auditEventsRouter({ db }: AppDeps): Router {
  const router = Router();
  router.get('/audit-events', async (req, res) => {
    const user = authorize(res, 'audit.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['at', 'DESC']);
    const { where } = auditEventListWhere(user, filter);
    const [rows, total] = await Promise.all([
      db.auditEvent.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.auditEvent.count({ where }),
    ]);
    sendList(res, 'audit-events', rows, total, range.start);
  });
  router.get('/audit-events/:id', async (req, res) => {
    const user = authorize(res, 'audit.read');
    const event = await db.auditEvent.findFirst({ where: { AND: [{ id: req.params.id }, scopeWhere(user.role, user.regionId)] } });
    if (!event) throw notFound(`audit event ${req.params.id}`);
    res.json(event);
  });
  return router;
}
