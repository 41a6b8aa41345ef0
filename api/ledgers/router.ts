/**
 * Ledgers (台账): per county, township or village inside the caller's scope, how many households
 * are registered (建档立卡), poor now, exited (脱贫销号, all years and in the year), returned (返贫)
 * and flagged as fake exits (假脱贫); and the ledger's entries one by one, with who decided what,
 * when, and in which process. JSON for the console; CSV and XLSX downloads streamed in keyset
 * batches (api/ledgers/tabular.ts), so a province-wide ledger never sits in memory.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { Prisma, type Db } from '../../lib/db.ts';
import { LEDGER_KIND_VALUES } from '../../rules/enums.ts';
import { householdColumnFor, LEVELS, levelOfCode, prefixRange, type RegionLevelName } from '../../rules/regions.ts';
import { authorize, type AppDeps } from '../context.ts';
import { IdFilter, idWhere, parseInput, parseList, sendList, unprocessable } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { RegionCode } from '../schemas.ts';
import { effectiveRegion, householdScope } from '../scope.ts';
import { householdColumn, num, type GroupLevel } from '../scope-sql.ts';
import { CONTENT_TYPE, EXPORT_FORMATS, HEADER_LANGS, streamTable, type Column } from './tabular.ts';

/** Rows read per step of a download (ledger entries) and regions aggregated per step (ledgers). */
export const ENTRY_BATCH = 2000;
export const REGION_BATCH = 400;

const Year = z.number().int().min(2013).max(2100);
const GROUP_LEVELS = ['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
const Format = z.enum(['json', ...EXPORT_FORMATS]);

export const LedgerQuery = z
  .object({
    regionId: RegionCode.optional(),
    year: z.coerce.number().pipe(Year).optional(),
    level: z.enum(GROUP_LEVELS).optional(),
    format: Format.optional(),
    lang: z.enum(HEADER_LANGS).optional(),
  })
  .strict();

const LedgerRowView = z.object({
  regionId: z.string(),
  name: z.string(),
  level: z.enum(GROUP_LEVELS),
  countyName: z.string().nullable(),
  townshipName: z.string().nullable(),
  registeredHouseholds: z.number(),
  registeredPeople: z.number(),
  poorHouseholds: z.number(),
  poorPeople: z.number(),
  exitedHouseholds: z.number(),
  exitedEntries: z.number(),
  exitedInYear: z.number().nullable(),
  returnedEntries: z.number(),
  returnedInYear: z.number().nullable(),
  flaggedHouseholds: z.number(),
  flags: z.number(),
});
type LedgerRow = z.infer<typeof LedgerRowView>;
const COUNTS = ['registeredHouseholds', 'registeredPeople', 'poorHouseholds', 'poorPeople', 'exitedHouseholds', 'exitedEntries', 'exitedInYear', 'returnedEntries', 'returnedInYear', 'flaggedHouseholds', 'flags'] as const;

const EntryFilter = z
  .object({
    regionId: RegionCode.optional(),
    kind: z.enum(LEDGER_KIND_VALUES).optional(),
    year: Year.optional(),
    householdId: z.string().min(1).max(40).optional(),
    processId: z.string().min(1).max(100).optional(),
    id: IdFilter.optional(),
  })
  .strict();
const EntryShorthand = z
  .object({
    regionId: RegionCode.optional(),
    kind: z.enum(LEDGER_KIND_VALUES).optional(),
    year: z.coerce.number().pipe(Year).optional(),
    format: Format.optional(),
    lang: z.enum(HEADER_LANGS).optional(),
    /** keyset paging: the page after this entry (the id in `X-Next-Cursor` of the page before) */
    after: z.string().min(1).max(40).optional(),
  })
  .strict();
/**
 * The JSON page is read in one indexed order, newest first: (at, id) descending (the index
 * LedgerEntry(at, id)), so that a page of a province never sorts the province's entries.
 */
const ENTRY_SORTABLE = ['at'] as const;

const EntryView = z.object({
  id: z.string(),
  householdId: z.string(),
  householdCode: z.string(),
  headName: z.string(),
  villageId: z.string(),
  villageName: z.string().nullable(),
  townshipName: z.string().nullable(),
  countyName: z.string().nullable(),
  kind: z.enum(LEDGER_KIND_VALUES),
  year: z.number(),
  at: z.string(),
  reason: z.string().nullable(),
  processId: z.string().nullable(),
  workflowId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
});
type EntryRow = z.infer<typeof EntryView> & { atDate: Date };

const downloads = {
  responseContent: { 'text/csv': z.string(), [CONTENT_TYPE.xlsx]: z.string().meta({ format: 'binary' }) },
  responseHeaders: { 'Content-Disposition': { description: 'attachment; the file name (for format=csv or xlsx)' } },
};
documentRoute({
  method: 'get',
  path: '/api/ledgers',
  summary:
    'Ledger (台账) per city, county, township or village inside regionId (default: your scope): registered, poor, exited (all years and in `year`), returned, flagged. format=csv|xlsx downloads it (streamed); lang=both|zh|en chooses the header rows',
  tag: 'ledgers',
  query: LedgerQuery.extend({ year: Year.optional() }),
  response: z.object({ regionId: z.string(), regionName: z.string(), level: z.enum(GROUP_LEVELS), year: z.number().nullable(), rows: z.array(LedgerRowView), totals: z.record(z.string(), z.number().nullable()) }),
  errors: [422],
  ...downloads,
});
documentRoute({
  method: 'get',
  path: '/api/ledger-entries',
  summary:
    'Every ledger entry (registered, exited, returned) of the households in scope, with the process and who decided; filter regionId, kind, year (also as plain parameters). The JSON page is newest first, (at, id) descending, read on that index; `after` (the X-Next-Cursor of the page before) gives the next page by keyset instead of by offset. format=csv|xlsx downloads them all, grouped by household, streamed in keyset batches',
  tag: 'ledgers',
  query: EntryShorthand.extend({ year: Year.optional() }),
  list: { filter: EntryFilter, sortable: ENTRY_SORTABLE, resource: 'ledger-entries' },
  response: z.array(EntryView),
  ...downloads,
});

/** The level below a region (a village's own level for a village). */
function childLevel(region: string): GroupLevel {
  const level = levelOfCode(region);
  const next = LEVELS[Math.min(LEVELS.indexOf(level) + 1, LEVELS.length - 1)];
  return next as GroupLevel;
}

/** Names of regions, loaded as rows need them and kept for the request (bounded by the number of regions). */
function regionNames(db: Db) {
  const names = new Map<string, string>();
  return {
    async load(ids: Iterable<string>) {
      const missing = [...new Set(ids)].filter((id) => !names.has(id));
      for (let i = 0; i < missing.length; i += 500) {
        const rows = await db.region.findMany({ where: { id: { in: missing.slice(i, i + 500) } }, select: { id: true, name: true } });
        for (const r of rows) names.set(r.id, r.name);
      }
    },
    get: (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null),
  };
}

/** The ledger rows of `level` inside `region`, a batch of regions at a time, counted by the database. */
async function* ledgerBatches(db: Db, region: string, level: GroupLevel, year: number | undefined): AsyncGenerator<LedgerRow[]> {
  const names = regionNames(db);
  const range = prefixRange(region);
  const column = householdColumn('h', level);
  let after: string | null = null;
  for (;;) {
    const regions: { id: string; name: string }[] = await db.region.findMany({
      where: { level, id: { gte: range.gte, lt: range.lt, ...(after ? { gt: after } : {}) } },
      orderBy: { id: 'asc' },
      take: REGION_BATCH,
      select: { id: true, name: true },
    });
    if (regions.length === 0) return;
    after = regions[regions.length - 1].id;
    const ids = regions.map((r) => r.id);
    const inIds = Prisma.join(ids);
    const [households, ledger, flags] = await Promise.all([
      db.$queryRaw<{ region: string; status: string; n: unknown; people: unknown }[]>`
        SELECT ${column} AS region, h."status" AS status, COUNT(*) AS n, SUM(h."size") AS people
        FROM "Household" h WHERE ${column} IN (${inIds}) GROUP BY ${column}, h."status"`,
      db.$queryRaw<{ region: string; kind: string; n: unknown; inyear: unknown }[]>`
        SELECT ${column} AS region, l."kind" AS kind, COUNT(*) AS n, SUM(CASE WHEN l."year" = ${year ?? -1} THEN 1 ELSE 0 END) AS inyear
        FROM "LedgerEntry" l JOIN "Household" h ON h."id" = l."householdId"
        WHERE ${column} IN (${inIds}) GROUP BY ${column}, l."kind"`,
      db.$queryRaw<{ region: string; n: unknown; households: unknown }[]>`
        SELECT ${column} AS region, COUNT(*) AS n, COUNT(DISTINCT f."householdId") AS households
        FROM "ExitFlag" f JOIN "Household" h ON h."id" = f."householdId"
        ${year === undefined ? Prisma.empty : Prisma.sql`JOIN "Cycle" c ON c."id" = f."cycleId" AND c."year" = ${year}`}
        WHERE ${column} IN (${inIds}) GROUP BY ${column}`,
    ]);
    const ancestors = ids.flatMap((id) => [id.length > 6 ? id.slice(0, 6) : null, id.length > 9 ? id.slice(0, 9) : null]).filter((x): x is string => x !== null);
    await names.load(ancestors);
    const rows = new Map<string, LedgerRow>(
      regions.map((r) => [
        r.id,
        {
          regionId: r.id,
          name: r.name,
          level,
          countyName: r.id.length > 6 ? names.get(r.id.slice(0, 6)) : null,
          townshipName: r.id.length > 9 ? names.get(r.id.slice(0, 9)) : null,
          registeredHouseholds: 0,
          registeredPeople: 0,
          poorHouseholds: 0,
          poorPeople: 0,
          exitedHouseholds: 0,
          exitedEntries: 0,
          exitedInYear: year === undefined ? null : 0,
          returnedEntries: 0,
          returnedInYear: year === undefined ? null : 0,
          flaggedHouseholds: 0,
          flags: 0,
        },
      ]),
    );
    for (const h of households) {
      const row = rows.get(h.region);
      if (!row) continue;
      row.registeredHouseholds += num(h.n);
      row.registeredPeople += num(h.people);
      if (h.status === 'POOR') {
        row.poorHouseholds += num(h.n);
        row.poorPeople += num(h.people);
      } else if (h.status === 'EXITED') row.exitedHouseholds += num(h.n);
    }
    for (const l of ledger) {
      const row = rows.get(l.region);
      if (!row) continue;
      if (l.kind === 'EXITED') {
        row.exitedEntries += num(l.n);
        if (year !== undefined) row.exitedInYear = num(l.inyear);
      } else if (l.kind === 'RETURNED') {
        row.returnedEntries += num(l.n);
        if (year !== undefined) row.returnedInYear = num(l.inyear);
      }
    }
    for (const f of flags) {
      const row = rows.get(f.region);
      if (!row) continue;
      row.flags = num(f.n);
      row.flaggedHouseholds = num(f.households);
    }
    yield [...rows.values()];
    if (regions.length < REGION_BATCH) return;
  }
}

const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  { key: 'regionId', zh: '区划代码', en: 'Division code', width: 14, value: (r) => r.regionId },
  { key: 'name', zh: '名称', en: 'Name', width: 18, value: (r) => r.name },
  { key: 'countyName', zh: '所属县', en: 'County', width: 12, value: (r) => r.countyName },
  { key: 'townshipName', zh: '所属乡镇', en: 'Township', width: 14, value: (r) => r.townshipName },
  { key: 'registeredHouseholds', zh: '建档立卡户数', en: 'Registered households', value: (r) => r.registeredHouseholds },
  { key: 'registeredPeople', zh: '建档立卡人数', en: 'Registered people', value: (r) => r.registeredPeople },
  { key: 'poorHouseholds', zh: '现有贫困户数', en: 'Poor households now', value: (r) => r.poorHouseholds },
  { key: 'poorPeople', zh: '现有贫困人口', en: 'Poor people now', value: (r) => r.poorPeople },
  { key: 'exitedHouseholds', zh: '已脱贫户数', en: 'Exited households now', value: (r) => r.exitedHouseholds },
  { key: 'exitedEntries', zh: '累计脱贫销号', en: 'Exits (all years)', value: (r) => r.exitedEntries },
  { key: 'exitedInYear', zh: '本年度脱贫', en: 'Exits in the year', value: (r) => r.exitedInYear },
  { key: 'returnedEntries', zh: '累计返贫', en: 'Returns (all years)', value: (r) => r.returnedEntries },
  { key: 'returnedInYear', zh: '本年度返贫', en: 'Returns in the year', value: (r) => r.returnedInYear },
  { key: 'flaggedHouseholds', zh: '疑似假脱贫户数', en: 'Flagged households', value: (r) => r.flaggedHouseholds },
  { key: 'flags', zh: '假脱贫标记数', en: 'Fake-exit flags', value: (r) => r.flags },
];

const ENTRY_COLUMNS: Column<EntryRow>[] = [
  { key: 'householdCode', zh: '户编号', en: 'Household code', width: 18, value: (r) => r.householdCode },
  { key: 'headName', zh: '户主', en: 'Head of household', width: 10, value: (r) => r.headName },
  { key: 'countyName', zh: '县', en: 'County', width: 12, value: (r) => r.countyName },
  { key: 'townshipName', zh: '乡镇', en: 'Township', width: 14, value: (r) => r.townshipName },
  { key: 'villageName', zh: '村', en: 'Village', width: 14, value: (r) => r.villageName },
  { key: 'villageId', zh: '村区划代码', en: 'Village code', width: 14, value: (r) => r.villageId },
  { key: 'kind', zh: '类别', en: 'Kind', width: 10, value: (r) => r.kind },
  { key: 'year', zh: '年度', en: 'Year', width: 8, value: (r) => r.year },
  { key: 'at', zh: '时间', en: 'At (UTC)', width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss', value: (r) => r.atDate },
  { key: 'reason', zh: '原因', en: 'Reason', width: 30, value: (r) => r.reason },
  { key: 'processId', zh: '业务编号', en: 'Process id', width: 26, value: (r) => r.processId },
  { key: 'workflowId', zh: '流程编号', en: 'Workflow id', width: 30, value: (r) => r.workflowId },
  { key: 'actorId', zh: '决定人编号', en: 'Decided by (id)', width: 26, value: (r) => r.actorId },
  { key: 'actorName', zh: '决定人', en: 'Decided by', width: 14, value: (r) => r.actorName },
];

function totalsOf(rows: readonly LedgerRow[], year: number | undefined): Record<string, number | null> {
  return Object.fromEntries(COUNTS.map((k) => [k, (k === 'exitedInYear' || k === 'returnedInYear') && year === undefined ? null : rows.reduce((s, r) => s + (r[k] ?? 0), 0)]));
}

type EntryWhere = Prisma.LedgerEntryWhereInput;

/** Households read per step of an entries download (their ids bind as parameters: SQLite allows 999). */
export const HOUSEHOLD_BATCH = 500;

const HOUSEHOLD_FIELDS = { id: true, code: true, headName: true, villageId: true, townshipId: true, countyId: true } as const;

/**
 * Ledger entries of the households inside `region`, grouped by household: households in keyset
 * pages by id (an indexed range of the scope column), then their entries (the index on
 * householdId) in keyset pages of ENTRY_BATCH by (householdId, id). Every step reads a bounded
 * page whatever the size of the region, so no query plan sorts the whole region's entries.
 */
async function* entryBatches(db: Db, region: string, filter: EntryWhere): AsyncGenerator<EntryRow[]> {
  const hydrate = entryHydrator(db);
  let afterHousehold: string | null = null;
  for (;;) {
    const households: (EntryWithHousehold['household'] & { id: string })[] = await db.household.findMany({
      where: afterHousehold ? { AND: [householdScope(region), { id: { gt: afterHousehold } }] } : householdScope(region),
      orderBy: { id: 'asc' },
      take: HOUSEHOLD_BATCH,
      select: HOUSEHOLD_FIELDS,
    });
    if (households.length === 0) return;
    afterHousehold = households[households.length - 1].id;
    const byId = new Map(households.map((h) => [h.id, h]));
    const ids = [...byId.keys()];
    let cursor: { householdId: string; id: string } | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof db.ledgerEntry.findMany>> = await db.ledgerEntry.findMany({
        where: {
          AND: [
            { householdId: { in: ids } },
            filter,
            cursor ? { OR: [{ householdId: { gt: cursor.householdId } }, { householdId: cursor.householdId, id: { gt: cursor.id } }] } : {},
          ],
        },
        orderBy: [{ householdId: 'asc' }, { id: 'asc' }],
        take: ENTRY_BATCH,
      });
      if (page.length > 0) yield await hydrate(page.map((e) => ({ ...e, household: byId.get(e.householdId)! })));
      if (page.length < ENTRY_BATCH) break;
      const last = page[page.length - 1];
      cursor = { householdId: last.householdId, id: last.id };
    }
    if (households.length < HOUSEHOLD_BATCH) return;
  }
}

type EntryWithHousehold = Prisma.LedgerEntryGetPayload<{ include: { household: { select: { code: true; headName: true; villageId: true; townshipId: true; countyId: true } } } }>;

/** Adds region and actor names to a page of entries (names cached for the request). */
function entryHydrator(db: Db) {
  const names = regionNames(db);
  const actors = new Map<string, string>();
  return async (page: EntryWithHousehold[]): Promise<EntryRow[]> => {
    await names.load(page.flatMap((e) => [e.household.villageId, e.household.townshipId, e.household.countyId]));
    const missing = [...new Set(page.map((e) => e.actorId).filter((id): id is string => !!id && !actors.has(id)))];
    if (missing.length) for (const u of await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, displayName: true } })) actors.set(u.id, u.displayName);
    return page.map((e) => ({
      id: e.id,
      householdId: e.householdId,
      householdCode: e.household.code,
      headName: e.household.headName,
      villageId: e.household.villageId,
      villageName: names.get(e.household.villageId),
      townshipName: names.get(e.household.townshipId),
      countyName: names.get(e.household.countyId),
      kind: e.kind,
      year: e.year,
      at: e.at.toISOString(),
      atDate: e.at,
      reason: e.reason,
      processId: e.processId,
      workflowId: e.workflowId,
      actorId: e.actorId,
      actorName: e.actorId ? (actors.get(e.actorId) ?? null) : null,
    }));
  };
}

/**
 * The ids of one JSON page of ledger entries, in (at, id) order (descending by default), read on
 * the index LedgerEntry(at, id): by offset (`skip`) or by keyset (`after`: the entries past that
 * one). Inside a province, a city or a county (dense: a county holds a few per cent of a
 * province's entries) the entries are walked in index order and joined to their household (CROSS
 * JOIN keeps SQLite's loop on the entries: no sort, the walk stops at the page's end); inside a
 * township or a village (sparse: a walk would pass most of the province) the households of the
 * scope come first (their index) and only their entries are ordered, a bounded set.
 */
export async function entryPageIds(db: Db, region: string, f: EntryPageFilter, page: EntryPage): Promise<string[]> {
  const sql = entryPageSql(region, f, page);
  return sql ? (await db.$queryRaw<{ id: string }[]>(sql)).map((r) => r.id) : [];
}

type EntryPageFilter = { kind?: string; year?: number; householdId?: string; processId?: string; id?: string | string[] };
type EntryPage = { order: 'asc' | 'desc'; skip: number; take: number; after?: string };

/** The query of entryPageIds (null: an empty page), exported so that its plan can be checked. */
export function entryPageSql(region: string, f: EntryPageFilter, page: EntryPage): Prisma.Sql | null {
  if (page.take <= 0) return null;
  const column = householdColumnFor(region);
  const range = prefixRange(region);
  const scope = column ? Prisma.sql`h.${Prisma.raw(`"${column}"`)} = ${region}` : Prisma.sql`h."cityId" >= ${range.gte} AND h."cityId" < ${range.lt}`;
  const ids = f.id === undefined ? null : [...new Set(Array.isArray(f.id) ? f.id : [f.id])];
  if (ids && ids.length === 0) return null;
  const dir = Prisma.raw(page.order === 'asc' ? 'ASC' : 'DESC');
  const past = Prisma.raw(page.order === 'asc' ? '>' : '<');
  const conditions = [
    scope,
    f.kind ? Prisma.sql`CAST(l."kind" AS TEXT) = ${f.kind}` : null,
    f.year !== undefined ? Prisma.sql`l."year" = ${f.year}` : null,
    f.householdId ? Prisma.sql`l."householdId" = ${f.householdId}` : null,
    f.processId ? Prisma.sql`l."processId" = ${f.processId}` : null,
    ids ? Prisma.sql`l."id" IN (${Prisma.join(ids)})` : null,
    page.after
      ? Prisma.sql`(l."at" ${past} (SELECT c."at" FROM "LedgerEntry" c WHERE c."id" = ${page.after}) OR (l."at" = (SELECT c."at" FROM "LedgerEntry" c WHERE c."id" = ${page.after}) AND l."id" ${past} ${page.after}))`
      : null,
  ].filter((c): c is Prisma.Sql => c !== null);
  const wide = region.length <= 6 && !f.householdId && !ids;
  const from = wide ? Prisma.sql`"LedgerEntry" l CROSS JOIN "Household" h` : Prisma.sql`"Household" h CROSS JOIN "LedgerEntry" l`;
  return Prisma.sql`
    SELECT l."id" AS id FROM ${from}
    WHERE h."id" = l."householdId" AND ${Prisma.join(conditions, ' AND ')}
    ORDER BY l."at" ${dir}, l."id" ${dir}
    LIMIT ${page.take} OFFSET ${page.skip}`;
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function ledgersRouter({ db, logger }: AppDeps): Router {
  const router = Router();

  router.get('/ledgers', async (req, res: Response) => {
    const user = authorize(res, 'ledger.read');
    const q = parseInput(LedgerQuery, req.query, 'query');
    const region = effectiveRegion(user, q.regionId);
    const regionLevel = levelOfCode(region);
    const level = q.level ?? childLevel(region);
    if (LEVELS.indexOf(level) < LEVELS.indexOf(regionLevel as RegionLevelName)) {
      throw unprocessable('LEVEL_ABOVE_REGION', `level ${level} is above the region ${region} (${regionLevel}, within your scope)`, [{ field: 'query.level', message: `must be ${regionLevel} or below` }]);
    }
    const regionRow = await db.region.findUnique({ where: { id: region }, select: { name: true } });
    const regionName = regionRow?.name ?? region;
    const batches = ledgerBatches(db, region, level, q.year);
    if (!q.format || q.format === 'json') {
      const rows: LedgerRow[] = [];
      for await (const batch of batches) rows.push(...batch);
      res.json({ regionId: region, regionName, level, year: q.year ?? null, rows, totals: totalsOf(rows, q.year) });
      return;
    }
    const totals: LedgerRow = { regionId: '', name: '', level, countyName: null, townshipName: null, ...(Object.fromEntries(COUNTS.map((k) => [k, 0])) as Record<(typeof COUNTS)[number], number>) };
    async function* counted() {
      for await (const batch of batches) {
        for (const r of batch) for (const k of COUNTS) totals[k] = (totals[k] ?? 0) + (r[k] ?? 0);
        yield batch;
      }
    }
    const levelZh = { CITY: '市州', COUNTY: '县', TOWNSHIP: '乡镇', VILLAGE: '村' }[level];
    await streamTable(res, {
      format: q.format,
      lang: q.lang ?? 'both',
      fileName: { ascii: `ledger-${region}-${level.toLowerCase()}${q.year ? `-${q.year}` : ''}`, utf8: `台账-${regionName}-按${levelZh}${q.year ? `-${q.year}年` : ''}` },
      sheetName: '台账',
      columns: LEDGER_COLUMNS,
      batches: counted(),
      footer: () => [['', q.lang === 'en' ? 'Total' : '合计', '', '', ...COUNTS.map((k) => ((k === 'exitedInYear' || k === 'returnedInYear') && q.year === undefined ? null : (totals[k] ?? 0)))]],
      logger,
      what: `ledger ${region} ${level}`,
    });
  });

  router.get('/ledger-entries', async (req, res: Response) => {
    const user = authorize(res, 'ledger.read');
    const { regionId, kind, year, format, lang, after, ...listParams } = req.query;
    const shorthand = parseInput(EntryShorthand, { regionId, kind, year, format, lang, after }, 'query');
    const { filter, sort, range } = parseList(listParams, EntryFilter, ENTRY_SORTABLE, ['at', 'DESC']);
    const f = { ...filter, ...definedOnly({ regionId: shorthand.regionId, kind: shorthand.kind, year: shorthand.year }) };
    const region = effectiveRegion(user, f.regionId);
    const entryFilter: EntryWhere = {
      AND: [
        f.kind ? { kind: f.kind } : {},
        f.year !== undefined ? { year: f.year } : {},
        f.householdId ? { householdId: f.householdId } : {},
        f.processId ? { processId: f.processId } : {},
        idWhere(f.id),
      ],
    };
    if (!shorthand.format || shorthand.format === 'json') {
      const where: EntryWhere = { AND: [{ household: householdScope(region) }, entryFilter] };
      const [ids, total] = await Promise.all([entryPageIds(db, region, f, { order: sort.order, skip: shorthand.after ? 0 : range.skip, take: range.take, after: shorthand.after }), db.ledgerEntry.count({ where })]);
      const found = await db.ledgerEntry.findMany({ where: { id: { in: ids } }, include: { household: { select: { code: true, headName: true, villageId: true, townshipId: true, countyId: true } } } });
      const byId = new Map(found.map((e) => [e.id, e]));
      const page = ids.flatMap((id) => byId.get(id) ?? []);
      const rows = (await entryHydrator(db)(page)).map(({ atDate: _atDate, ...r }) => r);
      if (ids.length === range.take && ids.length > 0) res.setHeader('X-Next-Cursor', ids[ids.length - 1]);
      sendList(res, 'ledger-entries', rows, total, range.start);
      return;
    }
    const regionRow = await db.region.findUnique({ where: { id: region }, select: { name: true } });
    const suffix = [f.kind?.toLowerCase(), f.year].filter(Boolean).join('-');
    const kindZh = f.kind ? { REGISTERED: '建档立卡', EXITED: '脱贫销号', RETURNED: '返贫' }[f.kind] : null;
    await streamTable(res, {
      format: shorthand.format,
      lang: shorthand.lang ?? 'both',
      fileName: {
        ascii: `ledger-entries-${region}${suffix ? `-${suffix}` : ''}`,
        utf8: ['台账明细', regionRow?.name ?? region, kindZh, f.year ? `${f.year}年` : null].filter(Boolean).join('-'),
      },
      sheetName: '台账明细',
      columns: ENTRY_COLUMNS,
      batches: entryBatches(db, region, entryFilter),
      logger,
      what: `ledger entries ${region}`,
    });
  });

  return router;
}
