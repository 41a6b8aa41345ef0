/** Published county rankings (排名), each value with its source. Leaders see only published ones. */
import { Router } from 'express';
import { z } from 'zod';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { parseInput } from '../http.ts';
import { documentRoute } from '../openapi.ts';

const Query = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), status: z.enum(['DRAFT', 'NOTICE', 'PUBLISHED']).optional() }).strict();

documentRoute({ method: 'get', path: '/api/rankings', summary: 'County rankings by year with per-indicator breakdown and sources', tag: 'rankings', query: Query });

export function rankingsRouter({ db }: AppDeps): Router {
  const router = Router();
  router.get('/rankings', async (req, res) => {
    authorize(res, 'ranking.read');
    const q = parseInput(Query, req.query, 'query');
    const role = currentUser(res).role;
    const status = role === 'LEADER' || !q.status ? (role === 'LEADER' ? 'PUBLISHED' : undefined) : q.status;
    const rows = await db.rankingSnapshot.findMany({
      where: { ...(q.year ? { year: q.year } : {}), ...(status ? { status } : {}) },
      orderBy: [{ year: 'desc' }, { version: 'desc' }],
    });
    res.setHeader('Content-Range', `rankings 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
    res.json(rows);
  });
  return router;
}
