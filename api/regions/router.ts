import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import { REGION_LEVEL_VALUES } from '../../rules/enums.ts';
import { authorize, type AppDeps } from '../context.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { textMatch } from '../search.ts';

const Level = z.enum(REGION_LEVEL_VALUES);
export const RegionFilter = z
  .object({
    level: Level.optional(),
    parentId: z.string().max(12).optional(),
    code: z.string().max(12).optional(),
    q: z.string().max(50).optional(),
    isPoor: z.boolean().optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['id', 'code', 'name', 'level'] as const;

const RegionView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: Level,
  parentId: z.string().nullable(),
  isPoor: z.boolean(),
  isWestern: z.boolean(),
  exitYear: z.number().nullable(),
  policyKeptUntilYear: z.number().nullable(),
  ruralPopulation: z.number(),
});

documentRoute({ method: 'get', path: '/api/regions', summary: 'The division tree (filter level, parentId, code, q)', tag: 'regions', list: { filter: RegionFilter, sortable: SORTABLE, resource: 'regions' }, response: z.array(RegionView) });
documentRoute({ method: 'get', path: '/api/regions/:id', summary: 'One region with its ancestors and child count', tag: 'regions', response: RegionView, errors: [404], forbidden: false });

export function regionsRouter({ db }: AppDeps): Router {
  const router = Router();
  router.get('/regions', async (req, res) => {
    authorize(res, 'region.read');
    const { filter, sort, range } = parseListQuery(req, RegionFilter, SORTABLE, ['code', 'ASC']);
    const where: Prisma.RegionWhereInput = {
      AND: [
        {
          ...(filter.level ? { level: filter.level } : {}),
          ...(filter.parentId !== undefined ? { parentId: filter.parentId } : {}),
          ...(filter.code ? { code: filter.code } : {}),
          ...(filter.isPoor !== undefined ? { isPoor: filter.isPoor } : {}),
        },
        filter.q ? await textMatch(db, 'Region', filter.q) : {},
        idWhere(filter.id),
      ],
    };
    const [rows, total] = await Promise.all([
      db.region.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.region.count({ where }),
    ]);
    sendList(res, 'regions', rows, total, range.start);
  });

  router.get('/regions/:id', async (req, res) => {
    authorize(res, 'region.read');
    const region = await db.region.findUnique({ where: { id: req.params.id }, include: { _count: { select: { children: true } } } });
    if (!region) throw notFound(`region ${req.params.id}`);
    const ancestors = [];
    let parentId = region.parentId;
    while (parentId) {
      const p = await db.region.findUnique({ where: { id: parentId }, select: { id: true, name: true, level: true, parentId: true } });
      if (!p) break;
      ancestors.unshift({ id: p.id, name: p.name, level: p.level });
      parentId = p.parentId;
    }
    const { _count, ...rest } = region;
    res.json({ ...rest, childCount: _count.children, ancestors });
  });
  return router;
}
