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
/** ids per `IN (…)` list: well inside SQLite's and PostgreSQL's limits on bound parameters */
const ID_CHUNK = 500;
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

  /**
   * Many acknowledgements in a few statements, whatever their number: the rows and their villages'
   * stages are read once, each entry is checked as the single route checks it (same codes, same
   * messages), and the entries that pass are written with one guarded update per distinct answer. A
   * work team records a whole village at once; one read and two writes per household made a
   * province's acknowledgements most of the API's database work.
   */
  async function acknowledgeMany(user: SessionUser, entries: Array<{ id: string; acknowledged: boolean; note?: string }>): Promise<Answer[]> {
    const ids = [...new Set(entries.map((e) => e.id))];
    const rows = new Map<string, { id: string; householdId: string; villageId: string; cycleId: string; status: string }>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const part = await db.exitHousehold.findMany({ where: { id: { in: ids.slice(i, i + ID_CHUNK) } }, select: { id: true, householdId: true, villageId: true, cycleId: true, status: true } });
      for (const r of part) rows.set(r.id, r);
    }
    // the stage of each village the rows belong to, one read per cycle
    const stages = new Map<string, string>();
    const villagesByCycle = new Map<string, Set<string>>();
    for (const r of rows.values()) {
      let set = villagesByCycle.get(r.cycleId);
      if (!set) villagesByCycle.set(r.cycleId, (set = new Set()));
      set.add(r.villageId);
    }
    for (const [cycleId, villages] of villagesByCycle) {
      const list = [...villages];
      for (let i = 0; i < list.length; i += ID_CHUNK) {
        for (const v of await db.exitVillage.findMany({ where: { cycleId, villageId: { in: list.slice(i, i + ID_CHUNK) } }, select: { villageId: true, stage: true } })) stages.set(`${cycleId}:${v.villageId}`, v.stage);
      }
    }
    const refusal = (id: string): HttpError | null => {
      const row = rows.get(id);
      if (!row) return notFound(`exit household ${id}`);
      const verdict = decide(user, 'exit.acknowledge', row.villageId);
      if (!verdict.allowed) return forbidden(verdict.reason === 'ROLE' ? `role ${user.role} does not record acknowledgements` : `village ${row.villageId} is outside your scope (${user.regionId})`);
      const stage = stages.get(`${row.cycleId}:${row.villageId}`);
      if (stage !== 'APPRAISAL') return conflict('STAGE_CLOSED', `acknowledgements are recorded during the village appraisal; village ${row.villageId} is at ${stage ?? 'no stage'}`, [{ stage: stage ?? null }]);
      if (row.status !== 'CANDIDATE') return conflict('NOT_A_CANDIDATE', `household ${row.householdId} is ${row.status}, not an exit candidate`, [{ status: row.status }]);
      return null;
    };
    // an id sent twice keeps its last answer, as when the entries were written one after the other
    const last = new Map<string, { acknowledged: boolean; note: string | null }>();
    for (const e of entries) if (!refusal(e.id)) last.set(e.id, { acknowledged: e.acknowledged, note: e.note ?? null });
    const groups = new Map<string, { acknowledged: boolean; note: string | null; ids: string[] }>();
    for (const [id, answer] of last) {
      const key = JSON.stringify([answer.acknowledged, answer.note]);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { ...answer, ids: [] }));
      group.ids.push(id);
    }
    // only while still a candidate: the check and the write in one statement; a row that stopped
    // being a candidate meanwhile (an objection holding it) is refused by name
    const lost = new Set<string>();
    const at = new Date();
    for (const g of groups.values()) {
      for (let i = 0; i < g.ids.length; i += ID_CHUNK) {
        const part = g.ids.slice(i, i + ID_CHUNK);
        const updated = await db.exitHousehold.updateMany({
          where: { id: { in: part }, status: 'CANDIDATE' },
          data: { acknowledged: g.acknowledged, acknowledgedAt: at, acknowledgedById: user.id, acknowledgementNote: g.note },
        });
        if (updated.count < part.length) {
          for (const r of await db.exitHousehold.findMany({ where: { id: { in: part }, status: { not: 'CANDIDATE' } }, select: { id: true } })) lost.add(r.id);
        }
      }
    }
    return entries.map((e): Answer => {
      const refused = refusal(e.id) ?? (lost.has(e.id) ? conflict('NOT_A_CANDIDATE', `household ${rows.get(e.id)?.householdId ?? e.id} is no longer an exit candidate`) : null);
      return refused ? { id: e.id, ok: false, status: refused.status, error: { code: refused.code, message: refused.message } } : { id: e.id, ok: true, status: 200 };
    });
  }

  router.post('/exit-households/acknowledgements', async (req, res) => {
    setAudit(res, { action: 'EXIT_ACKNOWLEDGEMENTS', targetType: 'EXIT_HOUSEHOLD' });
    const body = parseInput(BulkAcknowledgementBody, req.body, 'body');
    const user = authorize(res, 'exit.acknowledge');
    const results = await acknowledgeMany(user, body.entries);
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
