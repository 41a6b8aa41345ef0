import { Router } from 'express';
import { z } from 'zod';
import { RegionCode } from '../schemas.ts';
import type { Db, Prisma } from '../../lib/db.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { IdFilter, idWhere, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { cadreScope, effectiveRegion, type ListWhere } from '../scope.ts';
import { textMatch } from '../search.ts';

export const Filter = z
  .object({
    regionId: RegionCode.optional(),
    position: z.enum(['FIRST_SECRETARY', 'TEAM_LEADER', 'TEAM_MEMBER', 'COUNTY_LEADER', 'RESPONSIBLE_PERSON']).optional(),
    q: z.string().max(50).optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['code', 'name', 'position', 'unit'] as const;

documentRoute({ method: 'get', path: '/api/cadres', summary: 'Cadres in scope with their assignments', tag: 'cadres', list: { filter: Filter, sortable: SORTABLE, resource: 'cadres' } });
documentRoute({ method: 'get', path: '/api/cadres/:id', summary: 'A cadre with assignments and case history', tag: 'cadres', errors: [404] });

/**
 * The region to check a reader's scope against: the cadre's county, or, for a reader below the
 * county, the village of an assignment inside the reader's scope (the list shows those cadres).
 */
export function cadreRegionFor(scope: string, cadre: { regionId: string; assignments: { villageId: string }[] }): string {
  if (scope.length > 6) return cadre.assignments.find((a) => a.villageId.startsWith(scope))?.villageId ?? cadre.regionId;
  return cadre.regionId;
}

/** The cadre list's where-condition (list and export): the filter inside the caller's scope; 403 outside it. */
export async function cadreListWhere(db: Db, user: SessionUser, filter: z.infer<typeof Filter>): Promise<ListWhere<Prisma.CadreWhereInput>> {
  const region = effectiveRegion(user, filter.regionId);
  const where: Prisma.CadreWhereInput = {
    AND: [{ ...cadreScope(region), ...(filter.position ? { position: filter.position } : {}) }, filter.q ? await textMatch(db, 'Cadre', filter.q) : {}, idWhere(filter.id)],
  };
  return { where, region };
}

export function cadresRouter({ db }: AppDeps): Router {
  const router = Router();
  const villageNames = async (ids: string[]) =>
    new Map((await db.region.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]));

  router.get('/cadres', async (req, res) => {
    const user = authorize(res, 'cadre.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['code', 'ASC']);
    const { where } = await cadreListWhere(db, user, filter);
    const [rows, total] = await Promise.all([
      db.cadre.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take, include: { assignments: true, _count: { select: { cases: true } } } }),
      db.cadre.count({ where }),
    ]);
    const names = await villageNames(rows.flatMap((c) => c.assignments.map((a) => a.villageId)));
    sendList(
      res,
      'cadres',
      rows.map(({ _count, ...c }) => ({ ...c, caseCount: _count.cases, assignments: c.assignments.map((a) => ({ ...a, villageName: names.get(a.villageId) ?? null })) })),
      total,
      range.start,
    );
  });

  router.get('/cadres/:id', async (req, res) => {
    const c = await db.cadre.findUnique({ where: { id: req.params.id }, include: { assignments: true, cases: { orderBy: { openedAt: 'desc' } } } });
    if (!c) throw notFound(`cadre ${req.params.id}`);
    authorize(res, 'cadre.read', cadreRegionFor(currentUser(res).regionId, c));
    const names = await villageNames(c.assignments.map((a) => a.villageId));
    res.json({ ...c, assignments: c.assignments.map((a) => ({ ...a, villageName: names.get(a.villageId) ?? null })) });
  });
  return router;
}
