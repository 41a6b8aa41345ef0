import { Router } from 'express';
import { z } from 'zod';
import { RegionCode } from '../schemas.ts';
import type { Prisma } from '../../lib/db.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { effectiveRegion, householdScope, type ListWhere } from '../scope.ts';

export const Filter = z
  .object({
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED']).optional(),
    householdId: z.string().max(40).optional(),
    regionId: RegionCode.optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['createdAt', 'status', 'decidedAt'] as const;

documentRoute({ method: 'get', path: '/api/return-requests', summary: 'Return-to-poverty requests in scope', tag: 'households', list: { filter: Filter, sortable: SORTABLE, resource: 'return-requests' } });
documentRoute({ method: 'get', path: '/api/return-requests/:id', summary: 'One return-to-poverty request', tag: 'households', errors: [404] });

function view(r: Prisma.ReturnRequestGetPayload<{ include: { household: true } }>, users: Map<string, string>) {
  const { household, ...rest } = r;
  return { ...rest, householdCode: household.code, headName: household.headName, villageId: household.villageId, requestedBy: users.get(r.requestedById) ?? r.requestedById };
}

/** The return-request list's where-condition (list and export): the filter inside the caller's scope; 403 outside it. */
export function returnRequestListWhere(user: SessionUser, filter: z.infer<typeof Filter>): ListWhere<Prisma.ReturnRequestWhereInput> {
  const region = effectiveRegion(user, filter.regionId);
  const where: Prisma.ReturnRequestWhereInput = {
    household: householdScope(region),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.householdId ? { householdId: filter.householdId } : {}),
    ...idWhere(filter.id),
  };
  return { where, region };
}

export function returnRequestsRouter({ db }: AppDeps): Router {
  const router = Router();
  const userNames = async (ids: string[]) =>
    new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]));

  router.get('/return-requests', async (req, res) => {
    const user = authorize(res, 'household.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['createdAt', 'DESC']);
    const { where } = returnRequestListWhere(user, filter);
    const [rows, total] = await Promise.all([
      db.returnRequest.findMany({ where, include: { household: true }, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.returnRequest.count({ where }),
    ]);
    const names = await userNames(rows.map((r) => r.requestedById));
    sendList(res, 'return-requests', rows.map((r) => view(r, names)), total, range.start);
  });

  router.get('/return-requests/:id', async (req, res) => {
    const r = await db.returnRequest.findUnique({ where: { id: req.params.id }, include: { household: true } });
    if (!r) throw notFound(`return request ${req.params.id}`);
    authorize(res, 'household.read', r.household.villageId);
    res.json(view(r, await userNames([r.requestedById])));
  });
  return router;
}
