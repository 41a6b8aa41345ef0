import { Router } from 'express';
import { z } from 'zod';
import type { Db, Prisma } from '../../lib/db.ts';
import { REGION_LEVEL_VALUES } from '../../rules/enums.ts';
import { REGION_CODE } from '../../rules/regions.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { codeScope, effectiveRegion, type ListWhere } from '../scope.ts';
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
  /** how many regions lie directly under it (the region tree expands a node only when it has some) */
  childCount: z.number().int().optional(),
});

documentRoute({
  method: 'get',
  path: '/api/regions',
  summary:
    'The division tree inside your scope (filter level, parentId, code, q; a parentId outside the scope is 403). Looked up by id (getMany), the regions above your scope are answered too, for their names',
  tag: 'regions',
  list: { filter: RegionFilter, sortable: SORTABLE, resource: 'regions' },
  response: z.array(RegionView),
});
documentRoute({ method: 'get', path: '/api/regions/:id', summary: 'One region with its ancestors and child count', tag: 'regions', response: RegionView, errors: [404], forbidden: false });

/** The regions above `scope` (the province and city of a county user): named, never listed. */
function ancestorsOf(scope: string): string[] {
  return [2, 4, 6, 9].filter((n) => n < scope.length).map((n) => scope.slice(0, n));
}

/**
 * The where-condition of the region list with `filter`, inside the caller's scope — the one
 * definition the list (GET /api/regions) and its export (GET /api/exports/regions) both use.
 * Children of a region outside the scope are refused (403) as the other lists refuse a region
 * filter (a parent above the scope is fine: its children inside the scope are listed).
 */
export async function regionListWhere(db: Db, user: SessionUser, filter: z.infer<typeof RegionFilter>): Promise<ListWhere<Prisma.RegionWhereInput>> {
  if (filter.parentId !== undefined && REGION_CODE.test(filter.parentId)) effectiveRegion(user, filter.parentId);
  const inScope: Prisma.RegionWhereInput = { id: codeScope(user.regionId) };
  // looked up by id (react-admin's getMany, a reference field): the path down to the scope too
  const scope: Prisma.RegionWhereInput =
    filter.id !== undefined && user.regionId.length > 2 ? { OR: [inScope, { id: { in: ancestorsOf(user.regionId) } }] } : inScope;
  const where: Prisma.RegionWhereInput = {
    AND: [
      scope,
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
  return { where, region: filter.parentId ?? null };
}

export function regionsRouter({ db }: AppDeps): Router {
  const router = Router();
  router.get('/regions', async (req, res) => {
    const user = authorize(res, 'region.read');
    const { filter, sort, range } = parseListQuery(req, RegionFilter, SORTABLE, ['code', 'ASC']);
    const { where } = await regionListWhere(db, user, filter);
    const [rows, total] = await Promise.all([
      db.region.findMany({
        where,
        orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }],
        skip: range.skip,
        take: range.take,
        include: { _count: { select: { children: true } } },
      }),
      db.region.count({ where }),
    ]);
    sendList(res, 'regions', rows.map(({ _count, ...r }) => ({ ...r, childCount: _count.children })), total, range.start);
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
