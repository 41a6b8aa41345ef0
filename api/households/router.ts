import { Router } from 'express';
import { z } from 'zod';
import type { Db, Prisma } from '../../lib/db.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { effectiveRegion, householdScope, type ListWhere } from '../scope.ts';
import { textMatch } from '../search.ts';
import { HouseholdFilter, HouseholdView } from './schemas.ts';

const SORTABLE = ['id', 'code', 'headName', 'status', 'size', 'registeredYear', 'exitedYear'] as const;

documentRoute({ method: 'get', path: '/api/households', summary: 'Registered households in scope (filter regionId, status, year, q)', tag: 'households', list: { filter: HouseholdFilter, sortable: SORTABLE, resource: 'households' }, response: z.array(HouseholdView) });
documentRoute({ method: 'get', path: '/api/households/:id', summary: 'A household with members, yearly records, ledger and return requests', tag: 'households', response: HouseholdView, errors: [404] });


/**
 * The request in progress for a household (at most one: `activeKey`), with the step it waits on:
 * the open task of its process (none for the moment between two steps) and who proposed it.
 */
async function pendingRequestOf(db: AppDeps['db'], requests: Array<{ id: string; status: string; workflowId: string; reason: string; createdAt: Date; requestedById: string }>) {
  const pending = requests.find((r) => r.status === 'PENDING');
  if (!pending) return null;
  const [task, proposer] = await Promise.all([
    db.task.findFirst({
      where: { processId: pending.id, status: 'OPEN' },
      orderBy: { createdAt: 'desc' },
      select: { id: true, step: true, stepKey: true, labels: true, assignedRole: true, regionId: true, level: true, dueAt: true },
    }),
    db.user.findUnique({ where: { id: pending.requestedById }, select: { username: true, displayName: true } }),
  ]);
  return {
    id: pending.id,
    workflowId: pending.workflowId,
    status: pending.status,
    reason: pending.reason,
    createdAt: pending.createdAt,
    requestedBy: proposer?.username ?? pending.requestedById,
    requestedByName: proposer?.displayName ?? null,
    currentTask: task,
  };
}

/** The household list's where-condition (list and export): the filter inside the caller's scope; 403 outside it. */
export async function householdListWhere(db: Db, user: SessionUser, filter: z.infer<typeof HouseholdFilter>): Promise<ListWhere<Prisma.HouseholdWhereInput>> {
  const region = effectiveRegion(user, filter.regionId);
  const where: Prisma.HouseholdWhereInput = {
    AND: [
      householdScope(region),
      filter.status ? { status: filter.status } : {},
      filter.year ? { records: { some: { year: filter.year } } } : {},
      filter.q ? await textMatch(db, 'Household', filter.q) : {},
      idWhere(filter.id),
    ],
  };
  return { where, region };
}

export function householdsRouter({ db }: AppDeps): Router {
  const router = Router();

  router.get('/households', async (req, res) => {
    const user = authorize(res, 'household.read');
    const { filter, sort, range } = parseListQuery(req, HouseholdFilter, SORTABLE, ['code', 'ASC']);
    const { where } = await householdListWhere(db, user, filter);
    const [rows, total] = await Promise.all([
      db.household.findMany({
        where,
        orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }],
        skip: range.skip,
        take: range.take,
        include: {
          village: { select: { name: true } },
          records: filter.year ? { where: { year: filter.year } } : { orderBy: { year: 'desc' }, take: 1 },
        },
      }),
      db.household.count({ where }),
    ]);
    sendList(
      res,
      'households',
      rows.map(({ village, records, ...h }) => ({ ...h, villageName: village.name, record: records[0] ?? null })),
      total,
      range.start,
    );
  });

  router.get('/households/:id', async (req, res) => {
    const h = await db.household.findUnique({
      where: { id: req.params.id },
      include: {
        village: { select: { name: true } },
        members: { orderBy: { id: 'asc' } },
        records: { orderBy: { year: 'asc' } },
        ledger: { orderBy: { at: 'asc' } },
        returnRequests: { orderBy: { createdAt: 'desc' } },
      },
    });
    if (!h) throw notFound(`household ${req.params.id}`);
    authorize(res, 'household.read', h.villageId);
    const { village, ...rest } = h;
    res.json({ ...rest, villageName: village.name, record: h.records.at(-1) ?? null, pendingRequest: await pendingRequestOf(db, h.returnRequests) });
  });

  return router;
}
