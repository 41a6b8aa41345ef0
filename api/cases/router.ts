/**
 * Read side of cadre accountability cases (interview, recall, reward, accountability). Opening a
 * case (POST /api/cases) arrives with the accountability process.
 */
import { Router } from 'express';
import { z } from 'zod';
import { RegionCode } from '../schemas.ts';
import type { Prisma } from '../../lib/db.ts';
import { cadreRegionFor } from '../cadres/router.ts';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { cadreScope, effectiveRegion } from '../scope.ts';

const Filter = z
  .object({
    kind: z.enum(['INTERVIEW', 'RECALL', 'REWARD', 'ACCOUNTABILITY']).optional(),
    status: z.enum(['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED']).optional(),
    cadreId: z.string().max(40).optional(),
    regionId: RegionCode.optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['openedAt', 'closedAt', 'kind', 'status'] as const;

documentRoute({ method: 'get', path: '/api/cases', summary: 'Accountability cases of cadres in scope', tag: 'cases', list: { filter: Filter, sortable: SORTABLE, resource: 'cases' } });
documentRoute({ method: 'get', path: '/api/cases/:id', summary: 'One accountability case', tag: 'cases', errors: [404] });

export function casesRouter({ db }: AppDeps): Router {
  const router = Router();
  router.get('/cases', async (req, res) => {
    const user = authorize(res, 'case.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['openedAt', 'DESC']);
    const { regionId, id, ...rest } = filter;
    const region = effectiveRegion(user, regionId);
    const where: Prisma.AccountabilityCaseWhereInput = {
      ...rest,
      ...idWhere(id),
      // below the county: cadres serving in the caller's township or village
      cadre: cadreScope(region),
    };
    const [rows, total] = await Promise.all([
      db.accountabilityCase.findMany({ where, include: { cadre: { select: { name: true, code: true, regionId: true } } }, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.accountabilityCase.count({ where }),
    ]);
    sendList(res, 'cases', rows, total, range.start);
  });
  router.get('/cases/:id', async (req, res) => {
    const c = await db.accountabilityCase.findUnique({ where: { id: req.params.id }, include: { cadre: { include: { assignments: { select: { villageId: true } } } } } });
    if (!c) throw notFound(`case ${req.params.id}`);
    authorize(res, 'case.read', cadreRegionFor(currentUser(res).regionId, c.cadre));
    res.json(c);
  });
  return router;
}
