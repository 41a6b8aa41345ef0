import { Router } from 'express';
import { z } from 'zod';
import type { Db, Prisma } from '../../lib/db.ts';
import { codeScope } from '../scope.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { IdFilter, idWhere, notFound, parseInput, parseListQuery, sendList, unprocessable } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { trimmedString } from '../schemas.ts';

export const ObjectionBody = z
  .object({
    subjectType: z.enum(['HOUSEHOLD', 'VILLAGE', 'COUNTY', 'RANKING']),
    subjectId: trimmedString(1, 60),
    reason: trimmedString(5, 2000),
  })
  .strict();

const Filter = z
  .object({
    subjectType: z.enum(['HOUSEHOLD', 'VILLAGE', 'COUNTY', 'RANKING']).optional(),
    subjectId: z.string().max(60).optional(),
    noticeId: z.string().max(40).optional(),
    status: z.enum(['OPEN', 'UPHELD', 'DISMISSED']).optional(),
    id: IdFilter.optional(),
  })
  .strict();

const SORTABLE = ['createdAt', 'status'] as const;

documentRoute({ method: 'post', path: '/api/objections', summary: 'Raise an objection during an open public notice (公示)', tag: 'objections', body: ObjectionBody, status: 201, errors: [422] });
documentRoute({ method: 'get', path: '/api/objections', summary: 'Objections', tag: 'objections', list: { filter: Filter, sortable: SORTABLE, resource: 'objections' } });
documentRoute({ method: 'get', path: '/api/objections/:id', summary: 'One objection', tag: 'objections', errors: [404] });

/** The region an objection's subject belongs to: a household's village, a village or county itself. */
async function subjectRegion(db: Db, type: string, id: string): Promise<string | null> {
  if (type === 'HOUSEHOLD') return (await db.household.findUnique({ where: { id }, select: { villageId: true } }))?.villageId ?? null;
  if (type === 'VILLAGE' || type === 'COUNTY') return id;
  return null;
}

export function objectionsRouter({ db }: AppDeps): Router {
  const router = Router();

  router.post('/objections', async (req, res) => {
    setAudit(res, { action: 'OBJECTION_RAISED', targetType: 'OBJECTION' });
    const body = parseInput(ObjectionBody, req.body, 'body');
    setAudit(res, { action: 'OBJECTION_RAISED', targetType: body.subjectType, targetId: body.subjectId, details: { reason: body.reason } });
    authorize(res, 'objection.create');
    const now = new Date();
    const notice = await db.publicNotice.findFirst({
      where: { subjectType: body.subjectType, subjectId: body.subjectId, startsAt: { lte: now }, endsAt: { gt: now }, closedAt: null },
      orderBy: { startsAt: 'desc' },
    });
    if (!notice) throw unprocessable('NO_OPEN_NOTICE', `${body.subjectType} ${body.subjectId} is not under an open public notice`);
    const regionId = await subjectRegion(db, body.subjectType, body.subjectId);
    const objection = await db.objection.create({
      data: { noticeId: notice.id, subjectType: body.subjectType, subjectId: body.subjectId, regionId, reason: body.reason, raisedById: currentUser(res).id },
    });
    setAudit(res, { action: 'OBJECTION_RAISED', targetType: body.subjectType, targetId: body.subjectId, details: { reason: body.reason, objectionId: objection.id, noticeId: notice.id } });
    res.status(201).json(objection);
  });

  // within the reader's scope; province-wide subjects (rankings) only for province-level readers
  const inScope = (regionId: string): Prisma.ObjectionWhereInput =>
    regionId.length === 2 ? { OR: [{ regionId: codeScope(regionId) }, { regionId: null }] } : { regionId: codeScope(regionId) };

  router.get('/objections', async (req, res) => {
    const user = authorize(res, 'objection.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['createdAt', 'DESC']);
    const { id, ...rest } = filter;
    const where: Prisma.ObjectionWhereInput = { AND: [inScope(user.regionId), idWhere(id), rest] };
    const [rows, total] = await Promise.all([
      db.objection.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.objection.count({ where }),
    ]);
    sendList(res, 'objections', rows, total, range.start);
  });

  router.get('/objections/:id', async (req, res) => {
    const user = authorize(res, 'objection.read');
    // outside the reader's scope reads as not found, as in the list
    const objection = await db.objection.findFirst({ where: { AND: [{ id: req.params.id }, inScope(user.regionId)] } });
    if (!objection) throw notFound(`objection ${req.params.id}`);
    res.json(objection);
  });
  return router;
}
