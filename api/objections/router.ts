import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Db, Prisma } from '../../lib/db.ts';
import { codeScope } from '../scope.ts';
import { setAudit } from '../audit.ts';
import { authorize, type AppDeps } from '../context.ts';
import { forbidden, IdFilter, idWhere, notFound, parseInput, parseListQuery, sendList, unprocessable } from '../http.ts';
import { isWithin } from '../../rules/regions.ts';
import { documentRoute } from '../openapi.ts';
import { trimmedString } from '../schemas.ts';
import { toHttpError } from '../tasks/service.ts';
import { callTemporal } from '../temporal.ts';
import { NOTICE_KEYS } from '../../rules/exit-verification/process.ts';
import { raiseObjectionUpdate } from '../../workflows/exit-verification.ts';

export const ObjectionBody = z
  .object({
    subjectType: z.enum(['HOUSEHOLD', 'VILLAGE', 'COUNTY', 'RANKING', 'CADRE']),
    subjectId: trimmedString(1, 60),
    reason: trimmedString(5, 2000),
  })
  .strict();

const Filter = z
  .object({
    subjectType: z.enum(['HOUSEHOLD', 'VILLAGE', 'COUNTY', 'RANKING', 'CADRE']).optional(),
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

/**
 * The open notice an objection is filed against: a household is on its village's household notice
 * (公示 of the exit candidates); a village, county or ranking on its own notice.
 */
async function openNoticeOf(db: Db, type: string, id: string, regionId: string | null) {
  const now = new Date();
  const open = { startsAt: { lte: now }, endsAt: { gt: now }, closedAt: null };
  if (type === 'HOUSEHOLD') {
    if (!regionId) return null;
    const listed = await db.exitHousehold.findFirst({ where: { householdId: id, status: { in: ['CANDIDATE', 'HELD'] } }, select: { cycleId: true } });
    if (listed) {
      const notice = await db.publicNotice.findFirst({ where: { ...open, subjectType: 'VILLAGE', subjectId: regionId, stepKey: { startsWith: NOTICE_KEYS.household } }, orderBy: { startsAt: 'desc' } });
      if (notice) return notice;
    }
  }
  const prefix = type === 'VILLAGE' ? NOTICE_KEYS.village : type === 'COUNTY' ? NOTICE_KEYS.county : undefined;
  return db.publicNotice.findFirst({
    where: { ...open, subjectType: type as 'HOUSEHOLD', subjectId: id, ...(prefix ? { OR: [{ stepKey: { startsWith: prefix } }, { NOT: { workflowId: { startsWith: 'exit-verification:' } } }] } : {}) },
    orderBy: { startsAt: 'desc' },
  });
}

/** The subject's name on the re-verification task. */
async function subjectLabel(db: Db, type: string, id: string): Promise<string> {
  if (type === 'HOUSEHOLD') {
    const h = await db.household.findUnique({ where: { id }, select: { headName: true, code: true } });
    return h ? `${h.headName} ${h.code}` : id;
  }
  return (await db.region.findUnique({ where: { id }, select: { name: true } }))?.name ?? id;
}

/** The region an objection's subject belongs to: a household's village, a village or county itself, a cadre's county. */
async function subjectRegion(db: Db, type: string, id: string): Promise<string | null> {
  if (type === 'HOUSEHOLD') return (await db.household.findUnique({ where: { id }, select: { villageId: true } }))?.villageId ?? null;
  if (type === 'CADRE') return (await db.cadre.findUnique({ where: { id }, select: { regionId: true } }))?.regionId ?? null;
  if (type === 'VILLAGE' || type === 'COUNTY') return id;
  return null;
}

export function objectionsRouter(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();

  router.post('/objections', async (req, res) => {
    setAudit(res, { action: 'OBJECTION_RAISED', targetType: 'OBJECTION' });
    const body = parseInput(ObjectionBody, req.body, 'body');
    setAudit(res, { action: 'OBJECTION_RAISED', targetType: body.subjectType, targetId: body.subjectId, details: { reason: body.reason } });
    const regionId = await subjectRegion(db, body.subjectType, body.subjectId);
    // anyone in scope: the subject inside the user's region, or the user inside the subject's (a
    // villager objecting to the county's exit); a ranking is province-wide
    const user = authorize(res, 'objection.create');
    if (regionId && !isWithin(regionId, user.regionId) && !isWithin(user.regionId, regionId)) throw forbidden(`${body.subjectType} ${body.subjectId} is outside your scope (${user.regionId})`);
    const notice = await openNoticeOf(db, body.subjectType, body.subjectId, regionId);
    if (!notice) throw unprocessable('NO_OPEN_NOTICE', `${body.subjectType} ${body.subjectId} is not under an open public notice`);
    const objectionId = `obj_${randomUUID()}`;
    let objection;
    if (notice.workflowId.startsWith('exit-verification:') && body.subjectType !== 'RANKING') {
      // the process owns its notice: it records the objection and opens the re-verification
      const label = await subjectLabel(db, body.subjectType, body.subjectId);
      const accepted = await callTemporal(deps.temporal, () =>
        deps.temporal.client.workflow.getHandle(notice.workflowId).executeUpdate(raiseObjectionUpdate, {
          args: [
            {
              objectionId,
              subjectType: body.subjectType as 'HOUSEHOLD' | 'VILLAGE' | 'COUNTY',
              subjectId: body.subjectId,
              subjectLabel: label,
              regionId: regionId ?? body.subjectId,
              reason: body.reason,
              actor: { id: user.id, name: user.username, role: user.role },
            },
          ],
        }),
      ).catch((err: unknown) => {
        throw toHttpError(err, objectionId);
      });
      objection = { ...(await db.objection.findUniqueOrThrow({ where: { id: objectionId } })), reverificationOpened: accepted.reverificationOpened };
    } else {
      objection = await db.objection.create({
        data: { id: objectionId, noticeId: notice.id, subjectType: body.subjectType, subjectId: body.subjectId, regionId, reason: body.reason, raisedById: user.id },
      });
    }
    setAudit(res, { action: 'OBJECTION_RAISED', targetType: body.subjectType, targetId: body.subjectId, regionId, details: { reason: body.reason, objectionId, noticeId: notice.id, workflowId: notice.workflowId } });
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
