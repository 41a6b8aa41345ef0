/**
 * The third-party sample of a county (第三方评估抽样) in the API: its entries with their findings,
 * findings entered one by one (console) or by CSV, the county's dispute (申诉举证) of a finding and
 * the province's decision. Each write is accepted only in its stage of the county's process
 * (`ExitCounty.stage`, docs/exit-verification-process.md): findings in SURVEY, disputes in DISPUTE,
 * decisions in DISPUTE_REVIEW; otherwise 409 STAGE_CLOSED naming the current stage. Every attempt
 * is audited with its outcome (api/audit.ts).
 */
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db, Prisma } from '../../lib/db.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { conflict, forbidden, HttpError, IdFilter, idWhere, notFound, parseInput, parseList, sendList, unprocessable } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { RegionCode, trimmedString } from '../schemas.ts';
import { codeScope, effectiveRegion, type ListWhere } from '../scope.ts';
import { DISPUTE_STATUSES, FindingBody, findingColumns, findingSchemaOf, parseFindingsCsv, SAMPLE_KINDS, type SampleKind } from './findings.ts';

const CycleId = z.string().min(1).max(40);
const DisputeFilter = z.enum([...DISPUTE_STATUSES, 'NONE']);
export const Filter = z
  .object({
    cycleId: CycleId.optional(),
    countyId: RegionCode.optional(),
    villageId: RegionCode.optional(),
    kind: z.enum(SAMPLE_KINDS).optional(),
    /** a boolean, or its text (a console's select sends "true"/"false") */
    hasFinding: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
    /** NONE: not disputed */
    disputeStatus: DisputeFilter.optional(),
    id: IdFilter.optional(),
  })
  .strict();
/** `?cycleId=&countyId=&kind=&hasFinding=&disputeStatus=` beside the list convention (`sort`, `range`, `filter`) */
export const Shorthand = z
  .object({
    cycleId: CycleId.optional(),
    countyId: RegionCode.optional(),
    kind: z.enum(SAMPLE_KINDS).optional(),
    hasFinding: z.enum(['true', 'false']).optional(),
    disputeStatus: DisputeFilter.optional(),
  })
  .strict();
const SORTABLE = ['ordinal', 'kind', 'villageId', 'foundAt', 'disputeStatus', 'disputedAt'] as const;

export const DisputeBody = z.strictObject({ reason: trimmedString(5, 2000) });
export const DisputeDecisionBody = z.strictObject({ upheld: z.boolean(), comment: trimmedString(2, 2000) });
const ImportQuery = z.strictObject({ cycleId: CycleId, countyId: RegionCode, fileName: trimmedString(1, 200) });

export const SampleEntryView = z.object({
  id: z.string(),
  cycleId: z.string(),
  countyId: z.string(),
  villageId: z.string(),
  villageName: z.string().nullable(),
  ordinal: z.number(),
  kind: z.enum(SAMPLE_KINDS),
  householdId: z.string().nullable(),
  householdCode: z.string().nullable(),
  headName: z.string().nullable(),
  householdStatus: z.string().nullable(),
  slot: z.number().nullable(),
  /** the county's stage in its process (SURVEY, DISPUTE, DISPUTE_REVIEW, …); null without a county process */
  countyStage: z.string().nullable(),
  hasFinding: z.boolean(),
  visitedName: z.string().nullable(),
  meetsStandard: z.boolean().nullable(),
  failedCriteria: z.array(z.string()),
  acknowledges: z.boolean().nullable(),
  approves: z.boolean().nullable(),
  missed: z.boolean().nullable(),
  missedPeople: z.number().nullable(),
  note: z.string().nullable(),
  foundById: z.string().nullable(),
  foundAt: z.string().nullable(),
  findingSource: z.string().nullable(),
  disputeReason: z.string().nullable(),
  disputedById: z.string().nullable(),
  disputedAt: z.string().nullable(),
  disputeStatus: z.enum(DISPUTE_STATUSES).nullable(),
  disputeComment: z.string().nullable(),
  disputeDecidedById: z.string().nullable(),
  disputeDecidedAt: z.string().nullable(),
});
const ImportResult = z.object({ cycleId: z.string(), countyId: z.string(), fileName: z.string(), imported: z.number(), ignoredColumns: z.array(z.string()) });
const CSV_TYPES = ['text/csv', 'text/plain'];

documentRoute({
  method: 'get',
  path: '/api/sample-entries',
  summary: 'Entries of the third-party sample in scope with their findings (filter cycleId, countyId, villageId, kind, hasFinding, disputeStatus; also as plain query parameters)',
  tag: 'samples',
  query: Shorthand,
  list: { filter: Filter, sortable: SORTABLE, resource: 'sample-entries' },
  response: z.array(SampleEntryView),
});
documentRoute({ method: 'get', path: '/api/sample-entries/:id', summary: 'One sample entry with its finding and dispute', tag: 'samples', response: SampleEntryView, errors: [404] });
documentRoute({
  method: 'put',
  path: '/api/sample-entries/:id/finding',
  summary: 'Enter the finding of one sampled household (EVALUATOR, while the county is in SURVEY); the body is the shape of the entry\'s kind',
  tag: 'samples',
  body: FindingBody,
  response: SampleEntryView,
  errors: [404, 409, 422],
});
documentRoute({
  method: 'post',
  path: '/api/sample-findings/import',
  summary: 'Import findings from a CSV file (EVALUATOR, while the county is in SURVEY): one row per entry keyed by ordinal (序号); a file with any bad row is refused whole, naming each row and field',
  tag: 'samples',
  query: ImportQuery,
  body: z.string(),
  bodyTypes: CSV_TYPES,
  response: ImportResult,
  errors: [404, 409, 415],
});
documentRoute({ method: 'post', path: '/api/sample-entries/:id/dispute', summary: 'The county disputes a finding once (申诉举证; COUNTY_OPERATOR, while the county is in DISPUTE)', tag: 'samples', body: DisputeBody, response: SampleEntryView, errors: [404, 409] });
documentRoute({ method: 'post', path: '/api/sample-entries/:id/dispute/decision', summary: 'The province decides an open dispute (SUPERVISOR or OFFICE of the province, while the county is in DISPUTE_REVIEW); upheld reverses the finding\'s failure', tag: 'samples', body: DisputeDecisionBody, response: SampleEntryView, errors: [404, 409] });

type EntryRow = Prisma.SampleEntryGetPayload<object>;

/** Entries with their household, village and county stage joined in (no relations in the model: three lookups). */
export async function sampleEntryViews(db: Db, rows: EntryRow[]): Promise<z.infer<typeof SampleEntryView>[]> {
  const householdIds = [...new Set(rows.flatMap((r) => (r.householdId ? [r.householdId] : [])))];
  const villageIds = [...new Set(rows.map((r) => r.villageId))];
  const counties = [...new Map(rows.map((r) => [`${r.cycleId}|${r.countyId}`, { cycleId: r.cycleId, countyId: r.countyId }])).values()];
  const [households, villages, stages] = await Promise.all([
    inChunks(householdIds, 500, (ids) => db.household.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, headName: true, status: true } })),
    inChunks(villageIds, 500, (ids) => db.region.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })),
    inChunks(counties, 200, (pairs) => db.exitCounty.findMany({ where: { OR: pairs }, select: { cycleId: true, countyId: true, stage: true } })),
  ]);
  const household = new Map(households.map((h) => [h.id, h]));
  const village = new Map(villages.map((v) => [v.id, v.name]));
  const stage = new Map(stages.map((s) => [`${s.cycleId}|${s.countyId}`, s.stage]));
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => {
    const h = r.householdId ? household.get(r.householdId) : undefined;
    return {
      id: r.id,
      cycleId: r.cycleId,
      countyId: r.countyId,
      villageId: r.villageId,
      villageName: village.get(r.villageId) ?? null,
      ordinal: r.ordinal,
      kind: r.kind as SampleKind,
      householdId: r.householdId,
      householdCode: h?.code ?? null,
      headName: h?.headName ?? null,
      householdStatus: h?.status ?? null,
      slot: r.slot,
      countyStage: stage.get(`${r.cycleId}|${r.countyId}`) ?? null,
      hasFinding: r.foundAt !== null,
      visitedName: r.visitedName,
      meetsStandard: r.meetsStandard,
      failedCriteria: r.failedCriteria ? r.failedCriteria.split(',').filter(Boolean) : [],
      acknowledges: r.acknowledges,
      approves: r.approves,
      missed: r.missed,
      missedPeople: r.missedPeople,
      note: r.note,
      foundById: r.foundById,
      foundAt: iso(r.foundAt),
      findingSource: r.findingSource,
      disputeReason: r.disputeReason,
      disputedById: r.disputedById,
      disputedAt: iso(r.disputedAt),
      disputeStatus: r.disputeStatus as (typeof DISPUTE_STATUSES)[number] | null,
      disputeComment: r.disputeComment,
      disputeDecidedById: r.disputeDecidedById,
      disputeDecidedAt: iso(r.disputeDecidedAt),
    };
  });
}

/** The county's stage must be `expected`: else 409 STAGE_CLOSED naming the stage it is in. */
async function requireStage(db: Db, cycleId: string, countyId: string, expected: string, what: string): Promise<void> {
  const county = await db.exitCounty.findUnique({ where: { cycleId_countyId: { cycleId, countyId } }, select: { stage: true } });
  const stage = county?.stage ?? null;
  if (stage !== expected) {
    throw conflict('STAGE_CLOSED', `${what} only while the county is in stage ${expected}; county ${countyId} is ${stage ? `in stage ${stage}` : 'not in this cycle\'s process'}`, [{ stage, expected }]);
  }
}

/** The entry by id, or 404. */
async function entryOr404(db: Db, id: string): Promise<EntryRow> {
  const entry = await db.sampleEntry.findUnique({ where: { id } });
  if (!entry) throw notFound(`sample entry ${id}`);
  return entry;
}

const auditEntry = (res: Response, action: string, id: string, extra: { regionId?: string; details?: Record<string, unknown> } = {}) =>
  setAudit(res, { action, targetType: 'SAMPLE_ENTRY', targetId: id, ...extra });

/** The sample-entry list's where-condition (list and export): entries inside the caller's scope; 403 outside it. */
export function sampleEntryListWhere(user: SessionUser, filter: z.infer<typeof Filter>): ListWhere<Prisma.SampleEntryWhereInput> {
  const f = { ...filter, hasFinding: filter.hasFinding === undefined ? undefined : filter.hasFinding === true || filter.hasFinding === 'true' };
  const region = effectiveRegion(user, f.villageId ?? f.countyId);
  const where: Prisma.SampleEntryWhereInput = {
    AND: [
      // villageId carries every ancestor's code: one range for any level of scope
      { villageId: codeScope(region) },
      f.cycleId ? { cycleId: f.cycleId } : {},
      f.countyId ? { countyId: f.countyId } : {},
      f.kind ? { kind: f.kind } : {},
      f.hasFinding === undefined ? {} : f.hasFinding ? { foundAt: { not: null } } : { foundAt: null },
      f.disputeStatus === undefined ? {} : { disputeStatus: f.disputeStatus === 'NONE' ? null : f.disputeStatus },
      idWhere(f.id),
    ],
  };
  return { where, region };
}

export function samplesRouter({ db }: AppDeps): Router {
  const router = Router();

  router.get('/sample-entries', async (req, res) => {
    const user = authorize(res, 'household.read');
    const { cycleId, countyId, kind, hasFinding, disputeStatus, ...listParams } = req.query;
    const shorthand = parseInput(Shorthand, { cycleId, countyId, kind, hasFinding, disputeStatus }, 'query');
    const { filter, sort, range } = parseList(listParams, Filter, SORTABLE, ['ordinal', 'ASC']);
    const merged = { ...shorthand, ...stripUndefined(filter) };
    const { where } = sampleEntryListWhere(user, merged);
    const [rows, total] = await Promise.all([
      db.sampleEntry.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { cycleId: 'asc' }, { countyId: 'asc' }, { ordinal: 'asc' }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.sampleEntry.count({ where }),
    ]);
    sendList(res, 'sample-entries', await sampleEntryViews(db, rows), total, range.start);
  });

  router.get('/sample-entries/:id', async (req, res) => {
    authorize(res, 'household.read');
    const entry = await entryOr404(db, req.params.id);
    authorize(res, 'household.read', entry.villageId);
    res.json((await sampleEntryViews(db, [entry]))[0]);
  });

  router.put('/sample-entries/:id/finding', async (req, res) => {
    const id = req.params.id;
    auditEntry(res, 'SAMPLE_FINDING_ENTERED', id);
    const body = parseInput(FindingBody, req.body, 'body');
    authorize(res, 'sample.finding');
    const entry = await entryOr404(db, id);
    auditEntry(res, 'SAMPLE_FINDING_ENTERED', id, { regionId: entry.villageId, details: { cycleId: entry.cycleId, countyId: entry.countyId, ordinal: entry.ordinal, kind: entry.kind, finding: req.body as unknown } });
    authorize(res, 'sample.finding', entry.villageId);
    const kind = entry.kind as SampleKind;
    const own = findingSchemaOf(kind).safeParse(req.body);
    if (!own.success) {
      const other = findingSchemaOf(kind === 'IN_REGISTER' ? 'OUTSIDE_REGISTER' : 'IN_REGISTER').safeParse(body);
      if (other.success) throw unprocessable('WRONG_KIND', `entry ${entry.ordinal} is ${kind === 'IN_REGISTER' ? 'a registered household: meetsStandard, failedCriteria, acknowledges, approves, note' : 'a visit outside the register: visitedName, missed, missedPeople, approves, note'}`, [{ kind }]);
      parseInput(findingSchemaOf(kind), req.body, 'body');
    }
    await requireStage(db, entry.cycleId, entry.countyId, 'SURVEY', 'findings are entered');
    const user = currentUser(res);
    const updated = await db.sampleEntry.update({
      where: { id },
      data: { ...findingColumns(kind, own.data!), foundById: user.id, foundAt: new Date(), findingSource: 'CONSOLE' },
    });
    res.json((await sampleEntryViews(db, [updated]))[0]);
  });

  router.post('/sample-findings/import', express.text({ type: CSV_TYPES, limit: '1mb' }), async (req, res) => {
    setAudit(res, { action: 'SAMPLE_FINDINGS_IMPORTED', targetType: 'SAMPLE' });
    const query = parseInput(ImportQuery, req.query, 'query');
    const target = { targetId: `${query.cycleId}:${query.countyId}`, regionId: query.countyId };
    setAudit(res, { action: 'SAMPLE_FINDINGS_IMPORTED', targetType: 'SAMPLE', ...target, details: { ...query } });
    authorize(res, 'sample.finding', query.countyId);
    if (typeof req.body !== 'string') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the file as ${CSV_TYPES.join(' or ')} (Content-Type), got ${req.headers['content-type'] ?? 'none'}`);
    const entries = await db.sampleEntry.findMany({ where: { cycleId: query.cycleId, countyId: query.countyId }, select: { id: true, ordinal: true, kind: true, householdId: true } });
    if (entries.length === 0) throw notFound(`the sample of county ${query.countyId} in cycle ${query.cycleId}`);
    await requireStage(db, query.cycleId, query.countyId, 'SURVEY', 'findings are imported');
    const householdIds = entries.flatMap((e) => (e.householdId ? [e.householdId] : []));
    const codes = new Map<string, string>();
    for (let i = 0; i < householdIds.length; i += 500) {
      for (const h of await db.household.findMany({ where: { id: { in: householdIds.slice(i, i + 500) } }, select: { id: true, code: true } })) codes.set(h.id, h.code);
    }
    const parsed = parseFindingsCsv(
      req.body,
      entries.map((e) => ({ id: e.id, ordinal: e.ordinal, kind: e.kind as SampleKind, householdCode: e.householdId ? (codes.get(e.householdId) ?? null) : null })),
    );
    if (!parsed.ok) {
      setAudit(res, { action: 'SAMPLE_FINDINGS_IMPORTED', targetType: 'SAMPLE', ...target, details: { ...query, errorCount: parsed.errorCount } });
      throw new HttpError(400, 'INVALID_CSV', `the file is refused: ${parsed.errorCount} error${parsed.errorCount === 1 ? '' : 's'}; nothing was stored`, parsed.errors);
    }
    const user = currentUser(res);
    const foundAt = new Date();
    const findingSource = `CSV:${query.fileName}`.slice(0, 250);
    await db.$transaction(
      async (tx) => {
        for (const f of parsed.findings) {
          await tx.sampleEntry.update({ where: { id: f.entryId }, data: { ...findingColumns(f.kind, f.finding), foundById: user.id, foundAt, findingSource } });
        }
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    setAudit(res, { action: 'SAMPLE_FINDINGS_IMPORTED', targetType: 'SAMPLE', ...target, details: { ...query, imported: parsed.findings.length, ordinals: parsed.findings.map((f) => f.ordinal), ignoredColumns: parsed.ignoredColumns } });
    res.json({ cycleId: query.cycleId, countyId: query.countyId, fileName: query.fileName, imported: parsed.findings.length, ignoredColumns: parsed.ignoredColumns });
  });

  router.post('/sample-entries/:id/dispute', async (req, res) => {
    const id = req.params.id;
    auditEntry(res, 'SAMPLE_FINDING_DISPUTED', id);
    const body = parseInput(DisputeBody, req.body, 'body');
    authorize(res, 'sample.dispute');
    const entry = await entryOr404(db, id);
    auditEntry(res, 'SAMPLE_FINDING_DISPUTED', id, { regionId: entry.villageId, details: { cycleId: entry.cycleId, countyId: entry.countyId, ordinal: entry.ordinal, reason: body.reason } });
    authorize(res, 'sample.dispute', entry.villageId);
    await requireStage(db, entry.cycleId, entry.countyId, 'DISPUTE', 'findings are disputed');
    const user = currentUser(res);
    // one statement decides "once": of two concurrent disputes only one finds the entry undisputed
    const { count } = await db.sampleEntry.updateMany({
      where: { id, disputeStatus: null, foundAt: { not: null } },
      data: { disputeReason: body.reason, disputedById: user.id, disputedAt: new Date(), disputeStatus: 'OPEN' },
    });
    if (count === 0) {
      const now = await entryOr404(db, id);
      if (now.foundAt === null) throw conflict('NO_FINDING', `entry ${entry.ordinal} has no finding to dispute`);
      throw conflict('ALREADY_DISPUTED', `entry ${entry.ordinal} was already disputed (${now.disputeStatus}); a finding is disputed once`, [{ disputeStatus: now.disputeStatus }]);
    }
    res.json((await sampleEntryViews(db, [await entryOr404(db, id)]))[0]);
  });

  router.post('/sample-entries/:id/dispute/decision', async (req, res) => {
    const id = req.params.id;
    auditEntry(res, 'SAMPLE_DISPUTE_DECIDED', id);
    const body = parseInput(DisputeDecisionBody, req.body, 'body');
    const user = authorize(res, 'sample.disputeDecide');
    // the province decides (省级): a city or county supervisor may not, whatever its scope holds
    if (user.regionId.length !== 2) throw forbidden(`disputes are decided at the province; your scope is ${user.regionId}`);
    const entry = await entryOr404(db, id);
    auditEntry(res, 'SAMPLE_DISPUTE_DECIDED', id, { regionId: entry.villageId, details: { cycleId: entry.cycleId, countyId: entry.countyId, ordinal: entry.ordinal, upheld: body.upheld, comment: body.comment } });
    authorize(res, 'sample.disputeDecide', entry.villageId);
    await requireStage(db, entry.cycleId, entry.countyId, 'DISPUTE_REVIEW', 'disputes are decided');
    const { count } = await db.sampleEntry.updateMany({
      where: { id, disputeStatus: 'OPEN' },
      data: { disputeStatus: body.upheld ? 'UPHELD' : 'DISMISSED', disputeComment: body.comment, disputeDecidedById: user.id, disputeDecidedAt: new Date() },
    });
    if (count === 0) {
      const now = await entryOr404(db, id);
      throw conflict('DISPUTE_NOT_OPEN', now.disputeStatus ? `the dispute of entry ${entry.ordinal} was already decided (${now.disputeStatus})` : `entry ${entry.ordinal} is not disputed`, [{ disputeStatus: now.disputeStatus }]);
    }
    res.json((await sampleEntryViews(db, [await entryOr404(db, id)]))[0]);
  });

  return router;
}

/**
 * A lookup by a list of keys in chunks, each statement under SQLite's 999 bound parameters
 * whatever the query engine does with long `in` lists (a page holds up to 1,000 entries).
 */
async function inChunks<K, T>(keys: readonly K[], size: number, query: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += size) out.push(...(await query(keys.slice(i, i + size))));
  return out;
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

