/**
 * The office's correction of an indicator value of a county assessment (考核数据更正) between
 * collection and publication: `POST /api/cycles/:id/indicator-values`. The next ranking version (a
 * RETURN at review or approval, or an upheld objection) scores the corrected value. Computed
 * (REGISTRY) values are not corrected by hand: the register is. Every attempt is audited with the
 * value before and after.
 */
import { Router } from 'express';
import { z } from 'zod';
import { parseCountyAssessmentConfig } from '../../rules/county-assessment/config.ts';
import { checkIndicatorValue } from '../../rules/county-assessment/scoring.ts';
import { isWithin } from '../../rules/regions.ts';
import { setAudit } from '../audit.ts';
import { authorize, type AppDeps } from '../context.ts';
import { badRequest, conflict, notFound, parseInput, unprocessable } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { RegionCode, trimmedString } from '../schemas.ts';

/** The stages after collection and before publication, when a correction reaches the next version. */
const CORRECTABLE_STAGES = ['SCORING', 'REVIEW', 'APPROVAL', 'NOTICE', 'OBJECTIONS'];

const CorrectionBody = z
  .object({
    regionId: RegionCode,
    indicatorCode: z.string().min(1).max(40),
    value: z.number(),
    /** where the corrected number comes from */
    sourceRef: trimmedString(2, 300),
    /** why it is corrected (an objection, a data error found in review…) */
    reason: trimmedString(2, 500),
  })
  .strict();

documentRoute({
  method: 'post',
  path: '/api/cycles/:id/indicator-values',
  summary: "The office corrects a county's entered indicator value between collection and publication; the next ranking version scores it",
  tag: 'cycles',
  body: CorrectionBody,
  errors: [400, 403, 404, 409, 422],
});

export function indicatorCorrectionsRouter({ db }: AppDeps): Router {
  const router = Router();
  router.post('/cycles/:id/indicator-values', async (req, res) => {
    setAudit(res, { action: 'INDICATOR_VALUE_CORRECTED', targetType: 'CYCLE', targetId: req.params.id });
    const body = parseInput(CorrectionBody, req.body, 'body');
    setAudit(res, { action: 'INDICATOR_VALUE_CORRECTED', targetType: 'CYCLE', targetId: req.params.id, regionId: body.regionId, details: body });
    const cycle = await db.cycle.findUnique({ where: { id: req.params.id } });
    if (!cycle || cycle.type !== 'COUNTY_ASSESSMENT') throw notFound(`county assessment cycle ${req.params.id}`);
    const user = authorize(res, 'cycle.create', cycle.regionId);
    if (cycle.status !== 'RUNNING' || !CORRECTABLE_STAGES.includes(cycle.stage)) {
      throw conflict('STAGE_CLOSED', `values are corrected between collection and publication; cycle ${cycle.id} is ${cycle.status === 'RUNNING' ? `at ${cycle.stage}` : cycle.status}`, [{ stage: cycle.stage, status: cycle.status }]);
    }
    const parsed = parseCountyAssessmentConfig(cycle.config);
    if (!parsed.ok) throw new Error(`cycle ${cycle.id} holds an invalid config`);
    const indicator = parsed.config.indicators.find((i) => i.code === body.indicatorCode);
    if (!indicator) throw badRequest(`${body.indicatorCode} is not an indicator of this cycle`, [{ field: 'indicatorCode', message: `one of ${parsed.config.indicators.map((i) => i.code).join(', ')}` }]);
    if (indicator.source === 'REGISTRY') throw unprocessable('INDICATOR_COMPUTED', `${indicator.code} is computed from the register; correct the register instead`);
    const problem = checkIndicatorValue(indicator, body.value);
    if (problem) throw badRequest(problem, [{ field: 'value', message: problem }]);
    const county = await db.region.findUnique({ where: { id: body.regionId }, select: { level: true, isPoor: true, name: true } });
    if (!county || county.level !== 'COUNTY' || !county.isPoor || !isWithin(body.regionId, cycle.regionId)) throw unprocessable('NOT_ASSESSED', `${body.regionId} is not a county assessed by this cycle`);
    const key = { cycleId: cycle.id, regionId: body.regionId, indicatorCode: indicator.code };
    const before = await db.indicatorValue.findUnique({ where: { cycleId_regionId_indicatorCode: key } });
    const sourceRef = `${body.sourceRef} (corrected by ${user.username}: ${body.reason})`.slice(0, 500);
    const row = await db.indicatorValue.upsert({
      where: { cycleId_regionId_indicatorCode: key },
      create: { ...key, value: body.value, source: indicator.source, sourceRef, recordedById: user.id },
      update: { value: body.value, source: indicator.source, sourceRef, recordedById: user.id, recordedAt: new Date() },
    });
    setAudit(res, {
      action: 'INDICATOR_VALUE_CORRECTED',
      targetType: 'CYCLE',
      targetId: cycle.id,
      regionId: body.regionId,
      details: { indicatorCode: indicator.code, before: before ? { value: before.value, source: before.source, sourceRef: before.sourceRef } : null, after: { value: row.value, source: row.source, sourceRef: row.sourceRef }, reason: body.reason },
    });
    res.json(row);
  });
  return router;
}
