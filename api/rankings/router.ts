/** Published county rankings (排名), each value with its source. Leaders see only published ones. */
import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { IdFilter, idWhere, notFound, parseInput, parseList, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import type { ListWhere } from '../scope.ts';

const Year = z.number().int().min(2000).max(2100);
const Status = z.enum(['DRAFT', 'NOTICE', 'PUBLISHED']);
export const Filter = z.object({ year: Year.optional(), status: Status.optional(), cycleId: z.string().max(40).optional(), id: IdFilter.optional() }).strict();
/** `?year=` and `?status=` of API.md, beside the list convention (`sort`, `range`, `filter`) */
const SORTABLE = ['year', 'version', 'status', 'createdAt', 'publishedAt'] as const;
const Shorthand = z.object({ year: z.coerce.number().pipe(Year).optional(), status: Status.optional() });

documentRoute({
  method: 'get',
  path: '/api/rankings',
  summary: 'County rankings by year with per-indicator breakdown and sources (filter year, status, cycleId; also ?year=)',
  tag: 'rankings',
  query: z.object({ year: Year.optional(), status: Status.optional() }),
  list: { filter: Filter, sortable: SORTABLE, resource: 'rankings' },
});
documentRoute({ method: 'get', path: '/api/rankings/:id', summary: 'One ranking snapshot', tag: 'rankings', errors: [404] });

/** A leader reads only published rankings, whatever the filter asks for. */
const visible = (user: SessionUser): Prisma.RankingSnapshotWhereInput => (user.role === 'LEADER' ? { status: 'PUBLISHED' } : {});

/** The ranking list's where-condition (list and export): a leader reads only published rankings. */
export function rankingListWhere(user: SessionUser, filter: z.infer<typeof Filter>): ListWhere<Prisma.RankingSnapshotWhereInput> {
  const { id, ...rest } = filter;
  return { where: { AND: [visible(user), idWhere(id), rest] }, region: null };
}

export function rankingsRouter({ db }: AppDeps): Router {
  const router = Router();
  router.get('/rankings', async (req, res) => {
    authorize(res, 'ranking.read');
    const { year, status, ...listParams } = req.query;
    const shorthand = parseInput(Shorthand, { year, status }, 'query');
    const { filter, sort, range } = parseList(listParams, Filter, SORTABLE, ['year', 'DESC']);
    const { where } = rankingListWhere(currentUser(res), { ...shorthand, ...filter });
    const orderBy: Prisma.RankingSnapshotOrderByWithRelationInput[] =
      sort.field === 'year' ? [{ year: sort.order }, { version: sort.order }, { id: 'asc' }] : [{ [sort.field]: sort.order }, { id: 'asc' }];
    const [rows, total] = await Promise.all([
      db.rankingSnapshot.findMany({ where, orderBy, skip: range.skip, take: range.take }),
      db.rankingSnapshot.count({ where }),
    ]);
    sendList(res, 'rankings', rows, total, range.start);
  });

  router.get('/rankings/:id', async (req, res) => {
    authorize(res, 'ranking.read');
    const row = await db.rankingSnapshot.findFirst({ where: { AND: [{ id: req.params.id }, visible(currentUser(res))] } });
    if (!row) throw notFound(`ranking ${req.params.id}`);
    res.json(row);
  });
  return router;
}
