/**
 * Launching and cancelling an annual cycle (`POST /api/cycles`, `POST /api/cycles/:id/cancel`): the
 * yearly exit verification or the county assessment. The office's config edit is merged onto the
 * year's config in force for the type, validated (400 naming each field), saved as a new version
 * when edited, frozen into the cycle, and the cycle workflow started by the kit's start service;
 * its workflow writes the cycle row.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import type { ProcessDefinition } from '../../processes/definition.ts';
import { countyAssessmentProcess } from '../../processes/county-assessment.ts';
import { exitVerificationProcess } from '../../processes/exit-verification.ts';
import type { ParsedConfig } from '../../rules/config-kit.ts';
import { defaultCountyAssessmentConfig, mergeCountyAssessmentConfig, parseCountyAssessmentConfig } from '../../rules/county-assessment/config.ts';
import { mergeExitConfig, parseExitConfig } from '../../rules/exit-verification/config.ts';
import { exitConfigInForce } from '../exit-verification/config.ts';
import { configInForce } from '../processes/config-in-force.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { badRequest, conflict, HttpError, notFound, parseInput, unprocessable } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { startProcess } from '../processes/service.ts';
import { RegionCode } from '../schemas.ts';
import { callTemporal } from '../temporal.ts';

export const LaunchBody = z
  .object({
    type: z.enum(['EXIT_VERIFICATION', 'COUNTY_ASSESSMENT']),
    year: z.number().int().min(2013).max(2100),
    /** the province or a city */
    regionId: RegionCode,
    /** a deep partial of the year's config (docs/exit-verification-config.md, docs/county-assessment-config.md); omitted: the config in force */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const CycleAnswer = z.object({ id: z.string(), workflowId: z.string(), type: z.string(), year: z.number(), regionId: z.string(), status: z.string(), stage: z.string(), configVersion: z.number() }).passthrough();

documentRoute({ method: 'post', path: '/api/cycles', summary: 'Launch an annual cycle (the yearly exit verification or the county assessment); 409 naming an existing cycle of the same type, year and region', tag: 'cycles', body: LaunchBody, response: CycleAnswer, status: 201, errors: [400, 403, 409, 422, 503] });
documentRoute({ method: 'post', path: '/api/cycles/:id/cancel', summary: 'Cancel a running cycle; decisions already recorded stay', tag: 'cycles', response: CycleAnswer, errors: [403, 404, 409, 503] });

type AnyConfig = { version: number; year: number };
/** What launching each type of cycle needs: its process, its config in force, and how an edit merges. */
const CYCLE_TYPES: Record<z.infer<typeof LaunchBody>['type'], {
  process: ProcessDefinition;
  inForce: (db: AppDeps['db'], year: number) => Promise<{ config: AnyConfig }>;
  merge: (base: AnyConfig, edit: unknown) => ParsedConfig<AnyConfig>;
  parse: (body: unknown) => ParsedConfig<AnyConfig>;
  /** what the workflow input carries besides the common fields (the exit verification's sampling seed) */
  extra: () => Record<string, unknown>;
}> = {
  EXIT_VERIFICATION: {
    process: exitVerificationProcess as ProcessDefinition,
    inForce: exitConfigInForce,
    merge: mergeExitConfig as never,
    parse: parseExitConfig,
    extra: () => ({ seed: randomBytes(16).toString('hex') }),
  },
  COUNTY_ASSESSMENT: {
    process: countyAssessmentProcess as ProcessDefinition,
    inForce: (db, year) => configInForce(db, countyAssessmentProcess.type, year, parseCountyAssessmentConfig, defaultCountyAssessmentConfig),
    merge: mergeCountyAssessmentConfig as never,
    parse: parseCountyAssessmentConfig,
    extra: () => ({}),
  },
};

const CycleType = z.enum(['EXIT_VERIFICATION', 'COUNTY_ASSESSMENT']);
const ConfigQuery = z.object({ type: CycleType, year: z.coerce.number().int().min(2013).max(2100) }).strict();
const ValidateBody = z.object({ type: CycleType, year: z.number().int().min(2013).max(2100), config: z.record(z.string(), z.unknown()) }).strict();
documentRoute({ method: 'get', path: '/api/cycle-config', summary: "A cycle type's config in force for a year (latest stored version, else the documented default): what a launch form starts from", tag: 'cycles', query: ConfigQuery, forbidden: false });
documentRoute({ method: 'post', path: '/api/cycle-config/validate', summary: "An office's config edit for a cycle type merged onto the config in force and validated: 200 with the merged config, 422 INVALID_CONFIG naming each field", tag: 'cycles', body: ValidateBody, errors: [400, 403, 422] });

/** Waits briefly for a row the workflow writes, so the answer is the stored record. */
async function waitForRow<T>(read: () => Promise<T | null>, ms = 5000): Promise<T | null> {
  const until = Date.now() + ms;
  for (;;) {
    const row = await read();
    if (row || Date.now() > until) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function cycleLaunchRouter(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();

  router.post('/cycles', async (req, res) => {
    setAudit(res, { action: 'CYCLE_LAUNCH', targetType: 'CYCLE' });
    const body = parseInput(LaunchBody, req.body, 'body');
    setAudit(res, { action: 'CYCLE_LAUNCH', targetType: 'CYCLE', regionId: body.regionId, details: { type: body.type, year: body.year, config: body.config ?? null } });
    const user = authorize(res, 'cycle.create', body.regionId);
    const region = await db.region.findUnique({ where: { id: body.regionId }, select: { level: true, name: true } });
    if (!region) throw notFound(`region ${body.regionId}`);
    if (region.level !== 'PROVINCE' && region.level !== 'CITY') throw unprocessable('REGION_LEVEL', `a cycle runs for a province or a city; ${body.regionId} ${region.name} is a ${region.level.toLowerCase()}`);
    const type = CYCLE_TYPES[body.type];
    const existing = await db.cycle.findFirst({ where: { type: body.type, year: body.year, regionId: body.regionId } });
    if (existing) throw conflict('CYCLE_EXISTS', `a ${body.type} cycle for ${body.year} and ${body.regionId} already exists (${existing.status})`, [{ cycleId: existing.id, workflowId: existing.workflowId, status: existing.status, stage: existing.stage }]);

    const base = (await type.inForce(db, body.year)).config;
    const edited = body.config !== undefined && Object.keys(body.config).length > 0;
    const merged = edited ? type.merge(base, body.config) : type.parse(base);
    if (!merged.ok) throw badRequest(`the config is invalid: ${merged.issues.map((i) => i.message).join('; ')}`, merged.issues.map((i) => ({ field: `config.${i.field}`, message: i.message })));
    const config = merged.config;
    if (config.year !== body.year) throw badRequest(`config.year ${config.year} differs from year ${body.year}`, [{ field: 'year', message: 'config.year must equal year' }]);
    if (edited) {
      // the edited config becomes the year's next version (kept, so the cycle's config is traceable)
      const kind = type.process.config.kind;
      const last = await db.configVersion.findFirst({ where: { kind, year: body.year }, orderBy: { version: 'desc' }, select: { version: true } });
      config.version = Math.max(config.version, (last?.version ?? 0) + 1);
      await db.configVersion.create({ data: { kind, year: body.year, version: config.version, body: config as unknown as Prisma.InputJsonValue, createdById: user.id } });
    }

    const cycleId = `cyc_${randomUUID()}`;
    const extra = type.extra();
    let started;
    try {
      started = await startProcess(
        deps,
        type.process,
        {
          businessKey: `${body.year}:${body.regionId}`,
          regionCode: body.regionId,
          year: body.year,
          prepared: { cycleId, year: body.year, regionId: body.regionId, config, configVersion: config.version, ...extra, launchedBy: { id: user.id, name: user.username, role: user.role } },
        },
        user,
      );
    } catch (err) {
      if (err instanceof HttpError && err.code === 'ALREADY_IN_PROGRESS') throw conflict('CYCLE_EXISTS', err.message, err.details);
      throw err;
    }
    setAudit(res, { action: 'CYCLE_LAUNCH', targetType: 'CYCLE', targetId: cycleId, regionId: body.regionId, details: { type: body.type, year: body.year, configVersion: config.version, workflowId: started.workflowId, ...extra } });
    const row = await waitForRow(() => db.cycle.findUnique({ where: { id: cycleId } }));
    res.status(201).json(row ?? { id: cycleId, workflowId: started.workflowId, type: body.type, year: body.year, regionId: body.regionId, status: 'RUNNING', stage: 'LAUNCHED', configVersion: config.version, config, ...extra });
  });

  router.get('/cycle-config', async (req, res) => {
    currentUser(res);
    const { type, year } = parseInput(ConfigQuery, req.query, 'query');
    const t = CYCLE_TYPES[type];
    res.json(type === 'EXIT_VERIFICATION' ? await exitConfigInForce(db, year) : await configInForce(db, t.process.config.kind, year, parseCountyAssessmentConfig, defaultCountyAssessmentConfig));
  });

  router.post('/cycle-config/validate', async (req, res) => {
    setAudit(res, { action: 'CYCLE_CONFIG_VALIDATED', targetType: 'CONFIG' });
    authorize(res, 'cycle.create');
    const body = parseInput(ValidateBody, req.body, 'body');
    setAudit(res, { action: 'CYCLE_CONFIG_VALIDATED', targetType: 'CONFIG', details: { type: body.type, year: body.year } });
    const t = CYCLE_TYPES[body.type];
    const result = t.merge((await t.inForce(db, body.year)).config, body.config);
    const issues = result.ok ? (result.config.year !== body.year ? [{ field: 'year', message: `year: the config is for ${result.config.year}, the cycle for ${body.year}`, rule: 'YEAR_MISMATCH', params: { configYear: result.config.year, cycleYear: body.year } }] : []) : result.issues;
    // 422: the request is well formed (any JSON object is an edit); what it would make of the config is not
    if (issues.length) throw new HttpError(422, 'INVALID_CONFIG', `the config is invalid: ${issues.map((i) => i.message).join('; ')}`, issues);
    res.json({ ok: true, config: result.ok ? result.config : null });
  });

  router.post('/cycles/:id/cancel', async (req, res) => {
    setAudit(res, { action: 'CYCLE_CANCEL', targetType: 'CYCLE', targetId: req.params.id });
    const cycle = await db.cycle.findUnique({ where: { id: req.params.id } });
    if (!cycle) throw notFound(`cycle ${req.params.id}`);
    setAudit(res, { action: 'CYCLE_CANCEL', targetType: 'CYCLE', targetId: cycle.id, regionId: cycle.regionId, details: { workflowId: cycle.workflowId } });
    authorize(res, 'cycle.cancel', cycle.regionId);
    if (cycle.status !== 'RUNNING') throw conflict('CYCLE_NOT_RUNNING', `cycle ${cycle.id} is ${cycle.status}`, [{ cycleId: cycle.id, status: cycle.status }]);
    const { client } = deps.temporal;
    await callTemporal(deps.temporal, () => client.workflow.getHandle(cycle.workflowId).cancel());
    // the workflow closes its tasks and its rows; answer with the row once it says so (or as it is)
    const after = await waitForRow(() => db.cycle.findFirst({ where: { id: cycle.id, status: { not: 'RUNNING' } } }), 10_000);
    res.status(after ? 200 : 202).json(after ?? { ...cycle, cancelRequested: true });
  });
  return router;
}
