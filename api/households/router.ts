import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { Prisma, type Db } from '../../lib/db.ts';
import { householdColumnFor, prefixRange } from '../../rules/regions.ts';
import { DEFAULT_RETURN_CONFIG, returnEligibility, returnToPovertyWorkflowId, type ReturnToPovertyConfig } from '../../rules/return-to-poverty.ts';
import type { ReturnToPovertyInput, returnToPovertyWorkflow } from '../../workflows/return-to-poverty.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { conflict, HttpError, idWhere, notFound, parseInput, parseListQuery, sendList, unprocessable } from '../http.ts';
import { documentRoute, listQuery } from '../openapi.ts';
import { effectiveRegion } from '../scope.ts';
import { textMatch } from '../search.ts';
import { HouseholdFilter, HouseholdView, ReturnStarted, ReturnToPovertyBody } from './schemas.ts';

documentRoute({ method: 'get', path: '/api/households', summary: 'Registered households in scope (filter regionId, status, year, q)', tag: 'households', query: listQuery, response: z.array(HouseholdView) });
documentRoute({ method: 'get', path: '/api/households/:id', summary: 'A household with members, yearly records, ledger and return requests', tag: 'households', response: HouseholdView, errors: [401, 403, 404] });
documentRoute({
  method: 'post',
  path: '/api/households/:id/return-to-poverty',
  summary: 'Propose re-registering an exited household (返贫录入); its steps appear as tasks',
  tag: 'households',
  body: ReturnToPovertyBody,
  response: ReturnStarted,
  status: 201,
  errors: [400, 401, 403, 404, 409, 422],
});

export function regionWhere(regionId: string): Prisma.HouseholdWhereInput {
  const column = householdColumnFor(regionId);
  // a province: every city code under it (an indexed range, so several provinces can share a database)
  return column ? { [column]: regionId } : { cityId: prefixRange(regionId) };
}

/** The active process configuration (versioned; the embedded default when none was saved). */
async function returnConfig(db: Db): Promise<{ config: ReturnToPovertyConfig; version: number }> {
  const row = await db.configVersion.findFirst({ where: { kind: 'RETURN_TO_POVERTY' }, orderBy: [{ year: 'desc' }, { version: 'desc' }] });
  return row ? { config: { ...DEFAULT_RETURN_CONFIG, ...(row.body as object) }, version: row.version } : { config: DEFAULT_RETURN_CONFIG, version: 0 };
}

export function householdsRouter({ db, temporal, logger }: AppDeps): Router {
  const router = Router();

  router.get('/households', async (req, res) => {
    const user = authorize(res, 'household.read');
    const { filter, sort, range } = parseListQuery(req, HouseholdFilter, ['id', 'code', 'headName', 'status', 'size', 'registeredYear', 'exitedYear'], ['code', 'ASC']);
    const region = effectiveRegion(user, filter.regionId);
    const where: Prisma.HouseholdWhereInput = {
      AND: [
        regionWhere(region),
        filter.status ? { status: filter.status } : {},
        filter.year ? { records: { some: { year: filter.year } } } : {},
        filter.q ? await textMatch(db, 'Household', filter.q) : {},
        idWhere(filter.id),
      ],
    };
    const [rows, total] = await Promise.all([
      db.household.findMany({
        where,
        orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }],
        skip: range.skip,
        take: range.take,
        include: {
          village: { select: { name: true } },
          records: filter.year ? { where: { year: filter.year } } : { orderBy: { year: 'desc' }, take: 1 },
        },
      }),
      db.household.count({ where }),
    ]);
    sendList(
      res,
      'households',
      rows.map(({ village, records, ...h }) => ({ ...h, villageName: village.name, record: records[0] ?? null })),
      total,
      range.start,
    );
  });

  router.get('/households/:id', async (req, res) => {
    const h = await db.household.findUnique({
      where: { id: req.params.id },
      include: {
        village: { select: { name: true } },
        members: { orderBy: { id: 'asc' } },
        records: { orderBy: { year: 'asc' } },
        ledger: { orderBy: { at: 'asc' } },
        returnRequests: { orderBy: { createdAt: 'desc' } },
      },
    });
    if (!h) throw notFound(`household ${req.params.id}`);
    authorize(res, 'household.read', h.villageId);
    const { village, ...rest } = h;
    res.json({ ...rest, villageName: village.name, record: h.records.at(-1) ?? null });
  });

  router.post('/households/:id/return-to-poverty', async (req, res) => {
    setAudit(res, { action: 'RETURN_TO_POVERTY_PROPOSED', targetType: 'HOUSEHOLD', targetId: req.params.id });
    const user = currentUser(res);
    const body = parseInput(ReturnToPovertyBody, req.body, 'body');
    const h = await db.household.findUnique({ where: { id: req.params.id } });
    if (!h) throw notFound(`household ${req.params.id}`);
    setAudit(res, { action: 'RETURN_TO_POVERTY_PROPOSED', targetType: 'HOUSEHOLD', targetId: h.id, regionId: h.villageId, details: { reason: body.reason } });
    authorize(res, 'household.returnToPoverty', h.villageId);
    const verdict = returnEligibility(h);
    if (!verdict.eligible) throw unprocessable('NOT_EXITED', verdict.reason);

    const { config, version } = await returnConfig(db);
    const requestId = `rr_${crypto.randomUUID()}`;
    const workflowId = returnToPovertyWorkflowId(h.id, requestId);
    try {
      await db.returnRequest.create({
        data: { id: requestId, householdId: h.id, reason: body.reason, workflowId, activeKey: h.id, requestedById: user.id },
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        const active = await db.returnRequest.findFirst({ where: { activeKey: h.id } });
        throw conflict('ALREADY_IN_PROGRESS', `a return to poverty of household ${h.code} is already in progress`, active ? [{ returnRequestId: active.id, workflowId: active.workflowId }] : []);
      }
      throw err;
    }
    const input: ReturnToPovertyInput = {
      returnRequestId: requestId,
      householdId: h.id,
      villageId: h.villageId,
      reason: body.reason,
      proposer: { id: user.id, name: user.username, role: user.role },
      config,
    };
    try {
      await startReturnWorkflow(temporal.client, temporal.taskQueue, workflowId, input);
    } catch (err) {
      logger.error({ err, workflowId }, 'could not start the return-to-poverty workflow');
      // an ambiguous failure (e.g. a timeout after the server accepted it): keep the request if the process runs
      const started = await temporal.client.workflow.getHandle(workflowId).describe().then(() => true, () => false);
      if (started) throw new HttpError(503, 'TEMPORAL_SLOW', `the process ${workflowId} was started, but the workflow service answered late`);
      await db.returnRequest.update({ where: { id: requestId }, data: { status: 'CANCELLED', activeKey: null, decidedAt: new Date() } });
      throw new HttpError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service did not accept the process; nothing was changed');
    }
    setAudit(res, { action: 'RETURN_TO_POVERTY_PROPOSED', targetType: 'HOUSEHOLD', targetId: h.id, regionId: h.villageId, details: { reason: body.reason, workflowId, returnRequestId: requestId, configVersion: version } });
    res.status(201).json({ workflowId, returnRequestId: requestId, status: 'PENDING' });
  });

  return router;
}

function startReturnWorkflow(client: Client, taskQueue: string, workflowId: string, input: ReturnToPovertyInput) {
  return client.workflow.start<typeof returnToPovertyWorkflow>('returnToPovertyWorkflow', { taskQueue, workflowId, args: [input] });
}
