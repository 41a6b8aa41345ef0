/**
 * `POST /api/exit-households/:id/acknowledgement` (户认可): the village work team records whether a
 * candidate household acknowledges its exit, while the village's appraisal step is open. The
 * appraisal cannot be submitted until every candidate has an answer (activities/exit-verification.ts
 * checkAppraisalComplete); a household that does not acknowledge does not go to the notice.
 */
import { Router } from 'express';
import { z } from 'zod';
import { setAudit } from '../audit.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { decide } from '../../rules/policy.ts';
import { conflict, forbidden, HttpError, notFound, parseInput } from '../http.ts';
import { documentRoute } from '../openapi.ts';

export const AcknowledgementBody = z
  .object({
    acknowledged: z.boolean(),
    /** what the household said, or why it does not acknowledge */
    note: z.string().trim().max(1000).optional(),
  })
  .strict();

export const MAX_ACKNOWLEDGEMENTS = 1000;
export const BulkAcknowledgementBody = z
  .object({
    entries: z
      .array(z.object({ id: z.string().min(1).max(200), acknowledged: z.boolean(), note: z.string().trim().max(1000).optional() }).strict())
      .min(1)
      .max(MAX_ACKNOWLEDGEMENTS),
  })
  .strict();

documentRoute({
  method: 'post',
  path: '/api/exit-households/acknowledgements',
  summary: `Record up to ${MAX_ACKNOWLEDGEMENTS} acknowledgements at once, with a result per household`,
  tag: 'exit-verification',
  body: BulkAcknowledgementBody,
  errors: [400],
});

documentRoute({
  method: 'post',
  path: '/api/exit-households/:id/acknowledgement',
  summary: "Record a candidate household's acknowledgement of its exit (户认可), during the village's appraisal",
  tag: 'exit-verification',
  body: AcknowledgementBody,
  errors: [400, 403, 404, 409],
});

export function acknowledgementRouter({ db }: AppDeps): Router {
  const router = Router();
  type Answer = { id: string; ok: true; status: 200 } | { id: string; ok: false; status: number; error: { code: string; message: string } };

  /** One household's acknowledgement: the same checks for the single and the bulk route. */
  async function acknowledge(user: SessionUser, id: string, body: { acknowledged: boolean; note?: string }): Promise<void> {
    const row = await db.exitHousehold.findUnique({ where: { id } });
    if (!row) throw notFound(`exit household ${id}`);
    const verdict = decide(user, 'exit.acknowledge', row.villageId);
    if (!verdict.allowed) throw forbidden(verdict.reason === 'ROLE' ? `role ${user.role} does not record acknowledgements` : `village ${row.villageId} is outside your scope (${user.regionId})`);
    const village = await db.exitVillage.findUnique({ where: { cycleId_villageId: { cycleId: row.cycleId, villageId: row.villageId } }, select: { stage: true } });
    if (village?.stage !== 'APPRAISAL') throw conflict('STAGE_CLOSED', `acknowledgements are recorded during the village appraisal; village ${row.villageId} is at ${village?.stage ?? 'no stage'}`, [{ stage: village?.stage ?? null }]);
    if (row.status !== 'CANDIDATE') throw conflict('NOT_A_CANDIDATE', `household ${row.householdId} is ${row.status}, not an exit candidate`, [{ status: row.status }]);
    // only while still a candidate: the check and the write in one statement
    const updated = await db.exitHousehold.updateMany({
      where: { id: row.id, status: 'CANDIDATE' },
      data: { acknowledged: body.acknowledged, acknowledgedAt: new Date(), acknowledgedById: user.id, acknowledgementNote: body.note ?? null },
    });
    if (updated.count === 0) throw conflict('NOT_A_CANDIDATE', `household ${row.householdId} is no longer an exit candidate`);
  }

  router.post('/exit-households/acknowledgements', async (req, res) => {
    setAudit(res, { action: 'EXIT_ACKNOWLEDGEMENTS', targetType: 'EXIT_HOUSEHOLD' });
    const body = parseInput(BulkAcknowledgementBody, req.body, 'body');
    const user = authorize(res, 'exit.acknowledge');
    const results: Answer[] = [];
    for (const entry of body.entries) {
      try {
        await acknowledge(user, entry.id, entry);
        results.push({ id: entry.id, ok: true, status: 200 });
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        results.push({ id: entry.id, ok: false, status: err.status, error: { code: err.code, message: err.message } });
      }
    }
    const failed = results.filter((r) => !r.ok).length;
    setAudit(res, {
      action: 'EXIT_ACKNOWLEDGEMENTS',
      targetType: 'EXIT_HOUSEHOLD',
      details: { count: results.length, failed, acknowledged: body.entries.filter((e) => e.acknowledged).length, ids: body.entries.map((e) => e.id).slice(0, 100) },
      ...(failed === 0 ? {} : { outcome: failed === results.length ? 'FAILED' : 'PARTIAL' }),
    });
    res.json({ results });
  });

  router.post('/exit-households/:id/acknowledgement', async (req, res) => {
    setAudit(res, { action: 'EXIT_ACKNOWLEDGEMENT', targetType: 'EXIT_HOUSEHOLD', targetId: req.params.id });
    const body = parseInput(AcknowledgementBody, req.body, 'body');
    const row = await db.exitHousehold.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`exit household ${req.params.id}`);
    setAudit(res, { action: 'EXIT_ACKNOWLEDGEMENT', targetType: 'EXIT_HOUSEHOLD', targetId: row.id, regionId: row.villageId, details: { householdId: row.householdId, cycleId: row.cycleId, ...body } });
    const user = authorize(res, 'exit.acknowledge', row.villageId);
    await acknowledge(user, row.id, body);
    res.json(await db.exitHousehold.findUniqueOrThrow({ where: { id: row.id } }));
  });
  return router;
}
