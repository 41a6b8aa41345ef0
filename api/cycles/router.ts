/**
 * Read side of the annual cycles (exit verification, county assessment). Launching a cycle
 * (POST /api/cycles) arrives with the processes that run them.
 */
import { Router } from 'express';
import { z } from 'zod';
import { RegionCode } from '../schemas.ts';
import type { Prisma } from '../../lib/db.ts';
import { authorize, type AppDeps } from '../context.ts';
import type { ListWhere } from '../scope.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';

export const Filter = z
  .object({
    type: z.enum(['EXIT_VERIFICATION', 'COUNTY_ASSESSMENT']).optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    status: z.enum(['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED']).optional(),
    regionId: RegionCode.optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['year', 'createdAt', 'type', 'status'] as const;

documentRoute({ method: 'get', path: '/api/cycles', summary: 'Annual cycles with their stage and open tasks per level', tag: 'cycles', list: { filter: Filter, sortable: SORTABLE, resource: 'cycles' } });
documentRoute({ method: 'get', path: '/api/cycles/:id', summary: 'One cycle with its live state', tag: 'cycles', errors: [404] });

/** The cycle list's where-condition (list and export): cycles are read by every signed-in user. */
export function cycleListWhere(filter: z.infer<typeof Filter>): ListWhere<Prisma.CycleWhereInput> {
  const { id, ...rest } = filter;
  return { where: { ...rest, ...idWhere(id) }, region: filter.regionId ?? null };
}

export function cyclesRouter({ db }: AppDeps): Router {
  const router = Router();
  const openTasksPerLevel = async (cycleIds: string[]) => {
    const groups = await db.task.groupBy({ by: ['cycleId', 'level'], where: { cycleId: { in: cycleIds }, status: 'OPEN' }, _count: { _all: true } });
    const out = new Map<string, Record<string, number>>();
    for (const g of groups) {
      const per = out.get(g.cycleId as string) ?? {};
      per[g.level] = g._count._all;
      out.set(g.cycleId as string, per);
    }
    return out;
  };

  router.get('/cycles', async (req, res) => {
    authorize(res, 'cycle.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['year', 'DESC']);
    const { where } = cycleListWhere(filter);
    const [rows, total] = await Promise.all([
      db.cycle.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.cycle.count({ where }),
    ]);
    const open = await openTasksPerLevel(rows.map((r) => r.id));
    sendList(res, 'cycles', rows.map((r) => ({ ...r, openTasks: open.get(r.id) ?? {} })), total, range.start);
  });

  router.get('/cycles/:id', async (req, res) => {
    authorize(res, 'cycle.read');
    const cycle = await db.cycle.findUnique({ where: { id: req.params.id } });
    if (!cycle) throw notFound(`cycle ${req.params.id}`);
    const open = await openTasksPerLevel([cycle.id]);
    res.json({ ...cycle, openTasks: open.get(cycle.id) ?? {} });
  });
  return router;
}
