/**
 * `POST /api/exit-households/:id/acknowledgement` (户认可): the village work team records whether a
 * candidate household acknowledges its exit, while the village's appraisal step is open. The
 * appraisal cannot be submitted until every candidate has an answer (activities/exit-verification.ts
 * checkAppraisalComplete); a household that does not acknowledge does not go to the notice.
 */
import { Router } from 'express';
import { z } from 'zod';
import { setAudit } from '../audit.ts';
import { authorize, type AppDeps } from '../context.ts';
import { conflict, notFound, parseInput } from '../http.ts';
import { documentRoute } from '../openapi.ts';

export const AcknowledgementBody = z
  .object({
    acknowledged: z.boolean(),
    /** what the household said, or why it does not acknowledge */
    note: z.string().trim().max(1000).optional(),
  })
  .strict();

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
  router.post('/exit-households/:id/acknowledgement', async (req, res) => {
    setAudit(res, { action: 'EXIT_ACKNOWLEDGEMENT', targetType: 'EXIT_HOUSEHOLD', targetId: req.params.id });
    const body = parseInput(AcknowledgementBody, req.body, 'body');
    const row = await db.exitHousehold.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`exit household ${req.params.id}`);
    setAudit(res, { action: 'EXIT_ACKNOWLEDGEMENT', targetType: 'EXIT_HOUSEHOLD', targetId: row.id, regionId: row.villageId, details: { householdId: row.householdId, cycleId: row.cycleId, ...body } });
    const user = authorize(res, 'exit.acknowledge', row.villageId);
    const village = await db.exitVillage.findUnique({ where: { cycleId_villageId: { cycleId: row.cycleId, villageId: row.villageId } }, select: { stage: true } });
    if (village?.stage !== 'APPRAISAL') throw conflict('STAGE_CLOSED', `acknowledgements are recorded during the village appraisal; village ${row.villageId} is at ${village?.stage ?? 'no stage'}`, [{ stage: village?.stage ?? null }]);
    if (row.status !== 'CANDIDATE') throw conflict('NOT_A_CANDIDATE', `household ${row.householdId} is ${row.status}, not an exit candidate`, [{ status: row.status }]);
    // only while still in appraisal: the check and the write in one statement
    const updated = await db.exitHousehold.updateMany({
      where: { id: row.id, status: 'CANDIDATE' },
      data: { acknowledged: body.acknowledged, acknowledgedAt: new Date(), acknowledgedById: user.id, acknowledgementNote: body.note ?? null },
    });
    if (updated.count === 0) throw conflict('NOT_A_CANDIDATE', `household ${row.householdId} is no longer an exit candidate`);
    res.json(await db.exitHousehold.findUniqueOrThrow({ where: { id: row.id } }));
  });
  return router;
}
