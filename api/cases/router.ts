/**
 * Cadre accountability cases (interview, recall, reward, accountability): opening one starts its
 * process (workflows/cadre-accountability.ts) through the kit's start service, which writes the
 * case row from the workflow; the same kind for the same cadre while one runs is 409 naming it.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { RegionCode } from '../schemas.ts';
import type { Prisma } from '../../lib/db.ts';
import { cadreRegionFor } from '../cadres/router.ts';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { conflict, HttpError, IdFilter, idWhere, notFound, parseInput, parseListQuery, sendList, unprocessable } from '../http.ts';
import { setAudit } from '../audit.ts';
import { cadreAccountabilityProcess } from '../../processes/cadre-accountability.ts';
import { CASE_KINDS } from '../../rules/cadre-accountability.ts';
import { startProcess } from '../processes/service.ts';
import { trimmedString } from '../schemas.ts';
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

export const OpenCaseBody = z
  .object({
    kind: z.enum(CASE_KINDS),
    cadreId: z.string().min(1).max(40),
    reason: trimmedString(2, 1000),
  })
  .strict();

documentRoute({ method: 'post', path: '/api/cases', summary: 'Open a case for a cadre (interview, recall, reward, accountability); 409 naming a running case of the same kind for the cadre', tag: 'cases', body: OpenCaseBody, status: 201, errors: [400, 403, 404, 409, 422, 503] });
documentRoute({ method: 'get', path: '/api/cases', summary: 'Accountability cases of cadres in scope', tag: 'cases', list: { filter: Filter, sortable: SORTABLE, resource: 'cases' } });
documentRoute({ method: 'get', path: '/api/cases/:id', summary: 'One accountability case', tag: 'cases', errors: [404] });

export function casesRouter(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();

  router.post('/cases', async (req, res) => {
    setAudit(res, { action: 'CASE_OPEN', targetType: 'CASE' });
    const body = parseInput(OpenCaseBody, req.body, 'body');
    setAudit(res, { action: 'CASE_OPEN', targetType: 'CASE', details: body });
    const cadre = await db.cadre.findUnique({ where: { id: body.cadreId }, include: { assignments: { select: { villageId: true, kind: true, endYear: true } } } });
    if (!cadre) throw notFound(`cadre ${body.cadreId}`);
    const user = authorize(res, 'case.create', cadreRegionFor(currentUser(res).regionId, cadre));
    const year = new Date().getFullYear();
    // 不脱贫不脱钩: only a cadre stationed in a village can be recalled from it
    if (body.kind === 'RECALL' && !cadre.assignments.some((a) => a.kind === 'VILLAGE_TEAM' && a.endYear === null)) {
      throw unprocessable('NOT_STATIONED', `${cadre.name} (${cadre.code}) is not stationed in a village: there is nothing to recall from`);
    }
    if (!cadre.active) throw unprocessable('CADRE_INACTIVE', `${cadre.name} (${cadre.code}) is no longer an active cadre`);
    // 37 characters: task filters take ids of at most 40
    const caseId = `case_${randomUUID().replaceAll('-', '')}`;
    try {
      await startProcess(
        deps,
        cadreAccountabilityProcess,
        { businessKey: `${body.kind}:${cadre.id}`, regionCode: cadre.regionId, year, prepared: { caseId, kind: body.kind, cadreId: cadre.id, reason: body.reason, origin: 'MANUAL', openedBy: { id: user.id, name: user.username, role: user.role }, year } },
        user,
      );
    } catch (err) {
      if (err instanceof HttpError && err.code === 'ALREADY_IN_PROGRESS') throw conflict('CASE_EXISTS', `a ${body.kind} case for ${cadre.name} (${cadre.code}) is already open`, err.details);
      throw err;
    }
    setAudit(res, { action: 'CASE_OPEN', targetType: 'CASE', targetId: caseId, regionId: cadre.regionId, details: body });
    for (const until = Date.now() + 5000; ; ) {
      const row = await db.accountabilityCase.findUnique({ where: { id: caseId } });
      if (row || Date.now() > until) return void res.status(201).json(row ?? { id: caseId, kind: body.kind, cadreId: cadre.id, reason: body.reason, status: 'RUNNING', stage: 'OPENED' });
      await new Promise((r) => setTimeout(r, 50));
    }
  });

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
