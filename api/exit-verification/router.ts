/**
 * Read side of the yearly exit verification (年度脱贫退出核查) for the console: the per-cycle
 * county, township, village and household rows with their live progress and open / overdue tasks,
 * a cycle's timeline, and the config in force with its validation for the launch form. The rows
 * are written by the workflows (docs/exit-verification-process.md); nothing here changes them.
 *
 * Scope: villages and households are listed inside the caller's region only (a filter outside it
 * is 403, as the household list answers). A county row, and a township roll-up, is also visible to
 * the users below it (a township supervisor or the village work team sees its own county's and
 * township's progress), never to another county's users.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import { roleMay } from '../../rules/policy.ts';
import { isWithin, prefixRange } from '../../rules/regions.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { setAudit } from '../audit.ts';
import { forbidden, HttpError, IdFilter, idWhere, MAX_PAGE, notFound, parseInput, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { RegionCode } from '../schemas.ts';
import { effectiveRegion, type ListWhere } from '../scope.ts';
import { exitConfigInForce, validateExitConfigEdit } from './config.ts';

type Db = AppDeps['db'];

const CycleId = z.string().min(1).max(40);
const Stage = z.string().min(1).max(40).regex(/^[A-Z_]+$/, 'a stage name such as APPRAISAL');
const Year = z.number().int().min(2013).max(2100);

const CountyFilter = z
  .object({ cycleId: CycleId.optional(), cityId: RegionCode.optional(), countyId: RegionCode.optional(), stage: Stage.optional(), outcome: Stage.optional(), id: IdFilter.optional() })
  .strict();
const TownshipFilter = z.object({ cycleId: CycleId.optional(), countyId: RegionCode.optional() }).strict();
export const VillageFilter = z
  .object({ cycleId: CycleId.optional(), countyId: RegionCode.optional(), townshipId: RegionCode.optional(), stage: Stage.optional(), villageOutcome: Stage.optional(), id: IdFilter.optional() })
  .strict();
const HouseholdStatusName = z.enum(['CANDIDATE', 'NOT_CANDIDATE', 'NOT_ACKNOWLEDGED', 'WITHDRAWN', 'HELD', 'OBJECTION_UPHELD', 'EXITED', 'REFUSED']);
const HouseholdFilter = z
  .object({ cycleId: CycleId.optional(), countyId: RegionCode.optional(), villageId: RegionCode.optional(), status: HouseholdStatusName.optional(), candidate: z.boolean().optional(), id: IdFilter.optional() })
  .strict();
const ProgressFilter = z.object({ cycleId: IdFilter.optional() }).strict();
const TimelineFilter = z.object({ kind: z.enum(['TASK_OPENED', 'TASK_DECIDED', 'TASK_REMINDED', 'TASK_ESCALATED', 'EVENT']).optional() }).strict();

const COUNTY_SORTABLE = ['countyId', 'stage', 'outcome', 'updatedAt'] as const;
const TOWNSHIP_SORTABLE = ['townshipId', 'villages', 'candidates', 'exited'] as const;
const VILLAGE_SORTABLE = ['villageId', 'townshipId', 'stage', 'candidates', 'exited', 'updatedAt'] as const;
const HOUSEHOLD_SORTABLE = ['householdId', 'status', 'candidate', 'updatedAt'] as const;

const ConfigQuery = z.object({ year: z.coerce.number().pipe(Year) }).strict();
const ValidateBody = z.object({ year: Year, config: z.record(z.string(), z.unknown()) }).strict();

documentRoute({ method: 'get', path: '/api/exit-counties', summary: 'Counties of exit-verification cycles with live progress and open / overdue tasks per level (filter cycleId, cityId, countyId, stage, outcome)', tag: 'exit-verification', list: { filter: CountyFilter, sortable: COUNTY_SORTABLE, resource: 'exit-counties' } });
documentRoute({ method: 'get', path: '/api/exit-counties/:id', summary: 'One county of a cycle: progress, tasks, the four tests (三率一度) and the outcome', tag: 'exit-verification', errors: [404] });
documentRoute({ method: 'get', path: '/api/exit-townships', summary: 'Per-township sums of the villages of exit-verification cycles (filter cycleId, countyId)', tag: 'exit-verification', list: { filter: TownshipFilter, sortable: TOWNSHIP_SORTABLE, resource: 'exit-townships' } });
documentRoute({ method: 'get', path: '/api/exit-villages', summary: 'Villages of exit-verification cycles with their stage, counts and tasks (filter cycleId, countyId, townshipId, stage, villageOutcome)', tag: 'exit-verification', list: { filter: VillageFilter, sortable: VILLAGE_SORTABLE, resource: 'exit-villages' } });
documentRoute({ method: 'get', path: '/api/exit-villages/:id', summary: 'One village of a cycle', tag: 'exit-verification', errors: [404] });
documentRoute({ method: 'get', path: '/api/exit-households', summary: 'Households assessed in exit-verification cycles: candidate or not, with each criterion, reason and acknowledgement (filter cycleId, countyId, villageId, status, candidate)', tag: 'exit-verification', list: { filter: HouseholdFilter, sortable: HOUSEHOLD_SORTABLE, resource: 'exit-households' } });
documentRoute({ method: 'get', path: '/api/exit-households/:id', summary: 'One assessed household of a cycle', tag: 'exit-verification', errors: [404] });
documentRoute({ method: 'get', path: '/api/exit-progress', summary: 'Progress of exit-verification cycles inside the caller\'s scope, one row per cycle named in filter.cycleId (default: every exit-verification cycle): counties done and exited, village sums, open / overdue tasks per level', tag: 'exit-verification', list: { filter: ProgressFilter, sortable: [], resource: 'exit-progress' } });
documentRoute({ method: 'get', path: '/api/cycles/:id/timeline', summary: "A cycle's steps in time order: its tasks (opened, decided, reminded, escalated) and its audit events", tag: 'cycles', list: { filter: TimelineFilter, sortable: ['at'], resource: 'timeline' }, errors: [404] });
documentRoute({ method: 'get', path: '/api/exit-config/default', summary: 'The exit-verification config in force for a year (latest stored version, else the documented default)', tag: 'exit-verification', query: z.object({ year: Year }), forbidden: false });
documentRoute({ method: 'post', path: '/api/exit-config/validate', summary: "An office's config edit merged onto the config in force and validated: 200 with the merged config, 400 INVALID_CONFIG naming each field", tag: 'exit-verification', body: ValidateBody });

/**
 * Runs `fn` over slices of at most `size` items and concatenates the answers: SQLite through the
 * driver adapter refuses a statement with more than 999 bound parameters, and a page may hold 1000 rows.
 */
async function inChunks<T, R>(items: readonly T[], size: number, fn: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

/** Code conditions: inside `region`. */
const within = (region: string) => prefixRange(region);

/**
 * The region a county / township list is read in: the filter's (cityId, countyId) narrowed to the
 * caller's scope; a caller below a county reads their own county's rows.
 */
function aggregateScope(user: SessionUser, requested: string | undefined, rowLevelLength: 6 | 9): Prisma.StringFilter | string {
  const region = effectiveRegion(user, requested);
  return region.length > rowLevelLength ? region.slice(0, rowLevelLength) : within(region);
}

/** A county or township row may be read by users inside it and by the users below it. */
function mayReadAggregate(user: SessionUser, regionId: string): boolean {
  return isWithin(regionId, user.regionId) || isWithin(user.regionId, regionId);
}

type PerLevel = Partial<Record<'VILLAGE' | 'TOWNSHIP' | 'COUNTY' | 'CITY' | 'PROVINCE', number>>;

interface Progress {
  villages: number;
  villagesDone: number;
  assessed: number;
  candidates: number;
  acknowledged: number;
  held: number;
  exited: number;
  refused: number;
  villagesExited: number;
}
const emptyProgress = (): Progress => ({ villages: 0, villagesDone: 0, assessed: 0, candidates: 0, acknowledged: 0, held: 0, exited: 0, refused: 0, villagesExited: 0 });

/** Live progress per key (county or township), summed from the cycle's ExitVillage rows. */
async function villageProgress(db: Db, by: 'countyId' | 'townshipId', where: Prisma.ExitVillageWhereInput): Promise<Map<string, Progress>> {
  const [sums, done, exitedVillages] = await Promise.all([
    db.exitVillage.groupBy({ by: ['cycleId', by], where, _count: { _all: true }, _sum: { assessed: true, candidates: true, acknowledged: true, held: true, exited: true, refused: true } }),
    db.exitVillage.groupBy({ by: ['cycleId', by], where: { AND: [where, { stage: 'DONE' }] }, _count: { _all: true } }),
    db.exitVillage.groupBy({ by: ['cycleId', by], where: { AND: [where, { villageOutcome: 'EXITED' }] }, _count: { _all: true } }),
  ]);
  const out = new Map<string, Progress>();
  const key = (g: { cycleId: string } & Record<string, unknown>) => `${g.cycleId}|${String(g[by])}`;
  const get = (k: string) => out.get(k) ?? (out.set(k, emptyProgress()), out.get(k)!);
  for (const g of sums) {
    const p = get(key(g));
    p.villages = g._count._all;
    for (const f of ['assessed', 'candidates', 'acknowledged', 'held', 'exited', 'refused'] as const) p[f] = g._sum[f] ?? 0;
  }
  for (const g of done) get(key(g)).villagesDone = g._count._all;
  for (const g of exitedVillages) get(key(g)).villagesExited = g._count._all;
  return out;
}

interface TaskCounts {
  openTasks: PerLevel;
  overdueTasks: PerLevel;
  open: number;
  overdue: number;
}
const emptyTaskCounts = (): TaskCounts => ({ openTasks: {}, overdueTasks: {}, open: 0, overdue: 0 });

function addTask(counts: TaskCounts, level: string, n: number, overdue: boolean) {
  const l = level as keyof PerLevel;
  counts.openTasks[l] = (counts.openTasks[l] ?? 0) + n;
  counts.open += n;
  if (overdue) {
    counts.overdueTasks[l] = (counts.overdueTasks[l] ?? 0) + n;
    counts.overdue += n;
  }
}

/**
 * Open and overdue tasks of a cycle per region of the given length (county 6, township 9), by level:
 * every OPEN task of the cycle whose regionId lies under the region, and the steps about the region
 * decided higher up (a county's city review and province steps: subject the county or its row).
 */
async function openTasksUnder(db: Db, cycleId: string, regions: string[], subjects: Map<string, string>, now: Date): Promise<Map<string, TaskCounts>> {
  const out = new Map<string, TaskCounts>();
  // at most 200 regions (400 range bounds) and their subjects per statement
  for (let i = 0; i < regions.length; i += 200) {
    const slice = regions.slice(i, i + 200);
    const own = new Map([...subjects].filter(([, region]) => slice.includes(region)));
    for (const [k, v] of await openTasksUnderSlice(db, cycleId, slice, own, now)) out.set(k, v);
  }
  return out;
}

async function openTasksUnderSlice(db: Db, cycleId: string, regions: string[], subjects: Map<string, string>, now: Date): Promise<Map<string, TaskCounts>> {
  const out = new Map(regions.map((r) => [r, emptyTaskCounts()]));
  if (!regions.length) return out;
  const length = regions[0].length;
  const base: Prisma.TaskWhereInput = { cycleId, status: 'OPEN' };
  const under: Prisma.TaskWhereInput = { OR: regions.map((r) => ({ regionId: within(r) })) };
  const [all, late, above] = await Promise.all([
    db.task.groupBy({ by: ['regionId', 'level'], where: { AND: [base, under] }, _count: { _all: true } }),
    db.task.groupBy({ by: ['regionId', 'level'], where: { AND: [base, under, { dueAt: { lt: now } }] }, _count: { _all: true } }),
    subjects.size
      ? db.task.findMany({ where: { AND: [base, { subjectId: { in: [...subjects.keys()] } }, { NOT: under }] }, select: { subjectId: true, level: true, dueAt: true } })
      : Promise.resolve([]),
  ]);
  for (const g of all) {
    const c = out.get(g.regionId.slice(0, length));
    if (c) addTask(c, g.level, g._count._all, false);
  }
  for (const g of late) {
    const c = out.get(g.regionId.slice(0, length));
    if (!c) continue;
    const l = g.level as keyof PerLevel;
    c.overdueTasks[l] = (c.overdueTasks[l] ?? 0) + g._count._all;
    c.overdue += g._count._all;
  }
  for (const t of above) {
    const c = out.get(subjects.get(t.subjectId)!);
    if (c) addTask(c, t.level, 1, t.dueAt < now);
  }
  return out;
}

async function regionNames(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const rows = await inChunks(unique, 500, (slice) => db.region.findMany({ where: { id: { in: slice } }, select: { id: true, name: true } }));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** County rows with names, live progress and task counts (the rows of one page, any cycles). */
async function decorateCounties(db: Db, rows: Prisma.ExitCountyGetPayload<object>[]) {
  const now = new Date();
  const names = await regionNames(db, rows.flatMap((r) => [r.countyId, r.cityId]));
  const progress = new Map<string, Progress>();
  for (const cycleId of new Set(rows.map((r) => r.cycleId))) {
    const counties = rows.filter((r) => r.cycleId === cycleId).map((r) => r.countyId);
    for (let i = 0; i < counties.length; i += 400) {
      for (const [k, p] of await villageProgress(db, 'countyId', { cycleId, countyId: { in: counties.slice(i, i + 400) } })) progress.set(k, p);
    }
  }
  const tasks = new Map<string, TaskCounts>();
  for (const cycleId of new Set(rows.map((r) => r.cycleId))) {
    const mine = rows.filter((r) => r.cycleId === cycleId);
    const subjects = new Map<string, string>(mine.flatMap((r) => [[r.countyId, r.countyId], [r.id, r.countyId]] as [string, string][]));
    const counts = await openTasksUnder(db, cycleId, mine.map((r) => r.countyId), subjects, now);
    for (const [county, c] of counts) tasks.set(`${cycleId}|${county}`, c);
  }
  return rows.map((r) => ({
    ...r,
    countyName: names.get(r.countyId) ?? null,
    cityName: names.get(r.cityId) ?? null,
    progress: progress.get(`${r.cycleId}|${r.countyId}`) ?? emptyProgress(),
    ...(tasks.get(`${r.cycleId}|${r.countyId}`) ?? emptyTaskCounts()),
  }));
}

/** Village rows with names and the tasks about each village (its own steps and its households'). */
async function decorateVillages(db: Db, rows: Prisma.ExitVillageGetPayload<object>[]) {
  const now = new Date();
  const names = await regionNames(db, rows.flatMap((r) => [r.villageId, r.townshipId, r.countyId]));
  const tasks = new Map<string, TaskCounts>();
  for (const cycleId of new Set(rows.map((r) => r.cycleId))) {
    const mine = rows.filter((r) => r.cycleId === cycleId);
    // a village's steps act at the village (work team), the township or the county: by subject or region
    const subjects = new Map<string, string>(mine.flatMap((r) => [[r.villageId, r.villageId], [r.id, r.villageId]] as [string, string][]));
    const counts = await openTasksUnder(db, cycleId, mine.map((r) => r.villageId), subjects, now);
    for (const [village, c] of counts) tasks.set(`${cycleId}|${village}`, c);
  }
  return rows.map((r) => ({
    ...r,
    villageName: names.get(r.villageId) ?? null,
    townshipName: names.get(r.townshipId) ?? null,
    countyName: names.get(r.countyId) ?? null,
    ...(tasks.get(`${r.cycleId}|${r.villageId}`) ?? emptyTaskCounts()),
  }));
}

/** Household rows with the register's code, head and size, and who recorded the acknowledgement. */
async function decorateHouseholds(db: Db, rows: Prisma.ExitHouseholdGetPayload<object>[]) {
  const [households, users, names] = await Promise.all([
    inChunks([...new Set(rows.map((r) => r.householdId))], 500, (slice) => db.household.findMany({ where: { id: { in: slice } }, select: { id: true, code: true, headName: true, size: true, status: true } })),
    inChunks([...new Set(rows.map((r) => r.acknowledgedById).filter((x): x is string => !!x))], 500, (slice) => db.user.findMany({ where: { id: { in: slice } }, select: { id: true, displayName: true, username: true } })),
    regionNames(db, rows.map((r) => r.villageId)),
  ]);
  const byId = new Map(households.map((h) => [h.id, h]));
  const userById = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const h = byId.get(r.householdId);
    const by = r.acknowledgedById ? userById.get(r.acknowledgedById) : undefined;
    return {
      ...r,
      householdCode: h?.code ?? null,
      headName: h?.headName ?? null,
      size: h?.size ?? null,
      registerStatus: h?.status ?? null,
      villageName: names.get(r.villageId) ?? null,
      acknowledgedByName: by ? by.displayName || by.username : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The cycle's timeline: task events from the Task rows, other events from the audit log, merged
// in time order and paged without loading the whole history: each source is read in order up to
// the end of the page, and the merge keeps the first rows.

interface TimelineEntry {
  id: string;
  at: Date;
  kind: 'TASK_OPENED' | 'TASK_DECIDED' | 'TASK_REMINDED' | 'TASK_ESCALATED' | 'EVENT';
  [key: string]: unknown;
}

/** The most rows a timeline page may reach (start + size): deeper pages are refused (400). */
export const MAX_TIMELINE_DEPTH = 20_000;

const TASK_SELECT = {
  id: true,
  step: true,
  stepKey: true,
  kind: true,
  labels: true,
  title: true,
  level: true,
  regionId: true,
  assignedRole: true,
  subjectType: true,
  subjectId: true,
  subjectLabel: true,
  status: true,
  decision: true,
  comment: true,
  decidedById: true,
  decidedAt: true,
  remindedAt: true,
  escalatedAt: true,
  escalatedToRegionId: true,
  dueAt: true,
  createdAt: true,
  workflowId: true,
  version: true,
} as const;

async function timelinePage(db: Db, user: SessionUser, cycle: { id: string; workflowId: string }, kind: TimelineEntry['kind'] | undefined, order: 'asc' | 'desc', start: number, take: number) {
  const reach = start + take;
  const scoped = user.regionId.length > 2;
  const taskWhere: Prisma.TaskWhereInput = { cycleId: cycle.id, ...(scoped ? { regionId: within(user.regionId) } : {}) };
  const taskSources = [
    { kind: 'TASK_OPENED', column: 'createdAt', where: taskWhere },
    { kind: 'TASK_DECIDED', column: 'decidedAt', where: { ...taskWhere, decidedAt: { not: null } } },
    { kind: 'TASK_REMINDED', column: 'remindedAt', where: { ...taskWhere, remindedAt: { not: null } } },
    { kind: 'TASK_ESCALATED', column: 'escalatedAt', where: { ...taskWhere, escalatedAt: { not: null } } },
  ] as const;
  // the audit log only for those who may read it; task events are read from the tasks themselves
  const auditWhere: Prisma.AuditEventWhereInput | null = roleMay(user.role, 'audit.read')
    ? {
        AND: [
          { OR: [{ targetType: 'CYCLE', targetId: cycle.id }, { workflowId: { startsWith: cycle.workflowId } }] },
          { OR: [{ targetType: { not: 'TASK' } }, { action: 'TASK_CANCELLED' }] },
          scoped ? { regionId: within(user.regionId) } : {},
        ],
      }
    : null;
  const wanted = (k: TimelineEntry['kind']) => !kind || kind === k;
  const sources = await Promise.all([
    ...taskSources.map(async (s) => {
      if (!wanted(s.kind)) return { total: 0, entries: [] as TimelineEntry[] };
      const [total, rows] = await Promise.all([
        db.task.count({ where: s.where }),
        take > 0 ? db.task.findMany({ where: s.where, orderBy: [{ [s.column]: order }, { id: order }], take: reach, select: TASK_SELECT }) : Promise.resolve([]),
      ]);
      return { total, entries: rows.map((t) => ({ id: `${s.kind}:${t.id}`, at: t[s.column] as Date, kind: s.kind, taskId: t.id, task: t }) as TimelineEntry) };
    }),
    (async () => {
      if (!auditWhere || !wanted('EVENT')) return { total: 0, entries: [] as TimelineEntry[] };
      const [total, rows] = await Promise.all([
        db.auditEvent.count({ where: auditWhere }),
        take > 0 ? db.auditEvent.findMany({ where: auditWhere, orderBy: [{ at: order }, { id: order }], take: reach }) : Promise.resolve([]),
      ]);
      return { total, entries: rows.map((e) => ({ id: `EVENT:${e.id}`, at: e.at, kind: 'EVENT', event: e }) as TimelineEntry) };
    })(),
  ]);
  const total = sources.reduce((n, s) => n + s.total, 0);
  const merged = sources
    .flatMap((s) => s.entries)
    .sort((a, b) => (a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * (order === 'asc' ? 1 : -1))
    .slice(start, reach);
  // who decided, and the regions' names
  const deciders = [...new Set(merged.map((e) => (e.task as { decidedById?: string | null } | undefined)?.decidedById).filter((x): x is string => !!x))];
  const [users, names] = await Promise.all([
    deciders.length ? db.user.findMany({ where: { id: { in: deciders } }, select: { id: true, displayName: true, username: true, role: true } }) : [],
    regionNames(db, merged.flatMap((e) => { const t = e.task as { regionId: string; escalatedToRegionId: string | null } | undefined; return t ? [t.regionId, t.escalatedToRegionId ?? ''] : []; })),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const entries = merged.map((e) => {
    if (!e.task) return e;
    const t = e.task as { regionId: string; escalatedToRegionId: string | null; decidedById: string | null };
    const by = t.decidedById ? userById.get(t.decidedById) : undefined;
    return {
      ...e,
      task: {
        ...t,
        regionName: names.get(t.regionId) ?? null,
        escalatedToRegionName: t.escalatedToRegionId ? (names.get(t.escalatedToRegionId) ?? null) : null,
        decidedByName: by ? by.displayName || by.username : null,
        decidedByRole: by?.role ?? null,
      },
    };
  });
  return { entries, total };
}

/** The exit-village list's where-condition (list and export): villages inside the caller's scope; 403 outside it. */
export function exitVillageListWhere(user: SessionUser, filter: z.infer<typeof VillageFilter>): ListWhere<Prisma.ExitVillageWhereInput> {
  const { id, countyId, townshipId, ...rest } = filter;
  if (countyId && townshipId && !townshipId.startsWith(countyId)) throw forbidden(`township ${townshipId} is not in county ${countyId}`);
  const region = effectiveRegion(user, townshipId ?? countyId);
  return { where: { AND: [{ villageId: within(region) }, rest, idWhere(id)] }, region };
}

export function exitVerificationRouter({ db }: AppDeps): Router {
  const router = Router();

  /** 404 for an unknown cycle; its id otherwise (any signed-in user reads cycles). */
  const cycleOr404 = async (id: string) => {
    const cycle = await db.cycle.findUnique({ where: { id }, select: { id: true, workflowId: true, type: true, year: true, regionId: true } });
    if (!cycle) throw notFound(`cycle ${id}`);
    return cycle;
  };

  router.get('/exit-counties', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const { filter, sort, range } = parseListQuery(req, CountyFilter, COUNTY_SORTABLE, ['countyId', 'ASC']);
    const { id, cityId, countyId, ...rest } = filter;
    if (cityId && countyId && !countyId.startsWith(cityId)) throw forbidden(`county ${countyId} is not in city ${cityId}`);
    const where: Prisma.ExitCountyWhereInput = { AND: [{ countyId: aggregateScope(user, countyId ?? cityId, 6) }, rest, idWhere(id)] };
    const [rows, total] = await Promise.all([
      db.exitCounty.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.exitCounty.count({ where }),
    ]);
    sendList(res, 'exit-counties', await decorateCounties(db, rows), total, range.start);
  });

  router.get('/exit-counties/:id', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const row = await db.exitCounty.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`exit county ${req.params.id}`);
    if (!mayReadAggregate(user, row.countyId)) throw forbidden(`county ${row.countyId} is outside your scope (${user.regionId})`);
    const [county] = await decorateCounties(db, [row]);
    res.json(county);
  });

  router.get('/exit-townships', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const { filter, sort, range } = parseListQuery(req, TownshipFilter, TOWNSHIP_SORTABLE, ['townshipId', 'ASC']);
    const where: Prisma.ExitVillageWhereInput = { AND: [{ townshipId: aggregateScope(user, filter.countyId, 9) }, filter.cycleId ? { cycleId: filter.cycleId } : {}] };
    const progress = await villageProgress(db, 'townshipId', where);
    const keys = [...progress.keys()];
    const names = await regionNames(db, keys.map((k) => k.split('|')[1]));
    const all = keys.map((k) => {
      const [cycleId, townshipId] = k.split('|');
      const p = progress.get(k)!;
      return { id: `${cycleId}:${townshipId}`, cycleId, townshipId, countyId: townshipId.slice(0, 6), townshipName: names.get(townshipId) ?? null, ...p, progress: p };
    });
    const dir = sort.order === 'asc' ? 1 : -1;
    const field = sort.field as (typeof TOWNSHIP_SORTABLE)[number] | 'id';
    all.sort((a, b) => {
      const x = a[field];
      const y = b[field];
      return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.id < b.id ? -1 : 1);
    });
    const page = all.slice(range.skip, range.skip + range.take);
    // open and overdue tasks of the page's townships, per cycle
    const now = new Date();
    const tasks = new Map<string, TaskCounts>();
    for (const cycleId of new Set(page.map((t) => t.cycleId))) {
      const counts = await openTasksUnder(db, cycleId, page.filter((t) => t.cycleId === cycleId).map((t) => t.townshipId), new Map(), now);
      for (const [township, c] of counts) tasks.set(`${cycleId}:${township}`, c);
    }
    sendList(res, 'exit-townships', page.map((t) => ({ ...t, ...(tasks.get(t.id) ?? emptyTaskCounts()) })), all.length, range.start);
  });

  router.get('/exit-villages', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const { filter, sort, range } = parseListQuery(req, VillageFilter, VILLAGE_SORTABLE, ['villageId', 'ASC']);
    const { where } = exitVillageListWhere(user, filter);
    const [rows, total] = await Promise.all([
      db.exitVillage.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.exitVillage.count({ where }),
    ]);
    sendList(res, 'exit-villages', await decorateVillages(db, rows), total, range.start);
  });

  router.get('/exit-villages/:id', async (req, res) => {
    const row = await db.exitVillage.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`exit village ${req.params.id}`);
    authorize(res, 'ledger.read', row.villageId);
    const [village] = await decorateVillages(db, [row]);
    res.json(village);
  });

  router.get('/exit-households', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const { filter, sort, range } = parseListQuery(req, HouseholdFilter, HOUSEHOLD_SORTABLE, ['householdId', 'ASC']);
    const { id, countyId, villageId, ...rest } = filter;
    if (countyId && villageId && !villageId.startsWith(countyId)) throw forbidden(`village ${villageId} is not in county ${countyId}`);
    const region = effectiveRegion(user, villageId ?? countyId);
    const where: Prisma.ExitHouseholdWhereInput = { AND: [{ villageId: within(region) }, rest, idWhere(id)] };
    const [rows, total] = await Promise.all([
      db.exitHousehold.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.exitHousehold.count({ where }),
    ]);
    sendList(res, 'exit-households', await decorateHouseholds(db, rows), total, range.start);
  });

  router.get('/exit-households/:id', async (req, res) => {
    const row = await db.exitHousehold.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`exit household ${req.params.id}`);
    authorize(res, 'ledger.read', row.villageId);
    const [household] = await decorateHouseholds(db, [row]);
    const village = await db.exitVillage.findUnique({ where: { cycleId_villageId: { cycleId: row.cycleId, villageId: row.villageId } }, select: { id: true, stage: true } });
    res.json({ ...household, exitVillageId: village?.id ?? null, villageStage: village?.stage ?? null });
  });

  router.get('/exit-progress', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const { filter, range } = parseListQuery(req, ProgressFilter, [], ['id', 'ASC']);
    // the cycles named, else every exit-verification cycle
    const named = filter.cycleId === undefined ? null : [...new Set(Array.isArray(filter.cycleId) ? filter.cycleId : [filter.cycleId])];
    const known = (await db.cycle.findMany({ where: { type: 'EXIT_VERIFICATION', ...(named ? { id: { in: named } } : {}) }, select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
    const page = known.slice(range.skip, range.skip + range.take);
    const countyScope = aggregateScope(user, undefined, 6);
    const villageScope = within(user.regionId);
    const now = new Date();
    const rows = [];
    for (const cycleId of page) {
      const countyWhere: Prisma.ExitCountyWhereInput = { cycleId, countyId: countyScope };
      const villageWhere: Prisma.ExitVillageWhereInput = { cycleId, villageId: villageScope };
      const taskWhere: Prisma.TaskWhereInput = { cycleId, status: 'OPEN', ...(user.regionId.length > 2 ? { regionId: villageScope } : {}) };
      const [counties, countiesDone, countiesExited, villages, villagesDone, villagesExited, open, late] = await Promise.all([
        db.exitCounty.count({ where: countyWhere }),
        db.exitCounty.count({ where: { ...countyWhere, stage: 'DONE' } }),
        db.exitCounty.count({ where: { ...countyWhere, outcome: 'EXITED' } }),
        db.exitVillage.aggregate({ where: villageWhere, _count: { _all: true }, _sum: { assessed: true, candidates: true, acknowledged: true, held: true, exited: true, refused: true } }),
        db.exitVillage.count({ where: { ...villageWhere, stage: 'DONE' } }),
        db.exitVillage.count({ where: { ...villageWhere, villageOutcome: 'EXITED' } }),
        db.task.groupBy({ by: ['level'], where: taskWhere, _count: { _all: true } }),
        db.task.groupBy({ by: ['level'], where: { ...taskWhere, dueAt: { lt: now } }, _count: { _all: true } }),
      ]);
      const tasks = emptyTaskCounts();
      for (const g of open) addTask(tasks, g.level, g._count._all, false);
      for (const g of late) {
        const l = g.level as keyof PerLevel;
        tasks.overdueTasks[l] = g._count._all;
        tasks.overdue += g._count._all;
      }
      const sum = villages._sum;
      rows.push({
        id: cycleId,
        cycleId,
        counties,
        countiesDone,
        countiesExited,
        villages: villages._count._all,
        villagesDone,
        villagesExited,
        assessed: sum.assessed ?? 0,
        candidates: sum.candidates ?? 0,
        acknowledged: sum.acknowledged ?? 0,
        held: sum.held ?? 0,
        exited: sum.exited ?? 0,
        refused: sum.refused ?? 0,
        ...tasks,
      });
    }
    sendList(res, 'exit-progress', rows, known.length, range.start);
  });

  router.get('/cycles/:id/timeline', async (req, res) => {
    const user = authorize(res, 'cycle.read');
    const cycle = await cycleOr404(req.params.id);
    const { filter, sort, range } = parseListQuery(req, TimelineFilter, ['at'], ['at', 'ASC']);
    if (range.start + range.take > MAX_TIMELINE_DEPTH) {
      throw new HttpError(400, 'INVALID_INPUT', `a timeline page may reach at most row ${MAX_TIMELINE_DEPTH} (narrow it with filter.kind)`, [{ field: 'query.range', message: `start + size must be at most ${MAX_TIMELINE_DEPTH}` }]);
    }
    const { entries, total } = await timelinePage(db, user, cycle, filter.kind, sort.field === 'id' ? 'asc' : sort.order, range.start, Math.min(range.take, MAX_PAGE));
    sendList(res, 'timeline', entries, total, range.start);
  });

  router.get('/exit-config/default', async (req, res) => {
    currentUser(res);
    const { year } = parseInput(ConfigQuery, req.query, 'query');
    res.json(await exitConfigInForce(db, year));
  });

  router.post('/exit-config/validate', async (req, res: Response) => {
    setAudit(res, { action: 'EXIT_CONFIG_VALIDATED', targetType: 'CONFIG' });
    authorize(res, 'cycle.create');
    const body = parseInput(ValidateBody, req.body, 'body');
    setAudit(res, { action: 'EXIT_CONFIG_VALIDATED', targetType: 'CONFIG', details: { year: body.year } });
    const result = await validateExitConfigEdit(db, body.year, body.config);
    if (!result.ok) {
      throw new HttpError(400, 'INVALID_CONFIG', `the config is invalid: ${result.issues.map((i) => i.message).join('; ')}`, result.issues);
    }
    res.json({ ok: true, config: result.config });
  });

  return router;
}
