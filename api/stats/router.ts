/**
 * Figures for the dashboards (首页统计) and the region pages, counted by the database (COUNT /
 * GROUP BY over indexed columns), never by loading rows: a province of 2.2 million households
 * answers with a few aggregate queries. Every figure is inside the caller's scope (api/scope.ts).
 *
 * - the office (OFFICE, ADMIN): cycles by status and the stages of the running ones; open tasks
 *   past their due date by level;
 * - whoever decides tasks: their inbox (open tasks of their role in scope) by due date, and how
 *   many are overdue;
 * - a leader (and the office): the latest published ranking, exit progress (poor / exited
 *   households) and returns to poverty (返贫) by city and by county.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../lib/db.ts';
import { REGION_LEVEL_VALUES } from '../../rules/enums.ts';
import { roleMay, type RoleName } from '../../rules/policy.ts';
import { isWithin, LEVELS, levelOfCode, prefixRange, type RegionLevelName } from '../../rules/regions.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { notFound, parseInput } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { RegionCode } from '../schemas.ts';
import { codeScope, effectiveRegion, householdScope } from '../scope.ts';
import { householdColumn, householdInRegionSql, num, type GroupLevel } from '../scope-sql.ts';

const Level = z.enum(REGION_LEVEL_VALUES);
export const DashboardQuery = z.object({ regionId: RegionCode.optional() }).strict();

const Count = z.object({ key: z.string(), count: z.number().int() });
const RegionFigures = z.object({
  regionId: z.string(),
  name: z.string(),
  households: z.number().int(),
  poor: z.number().int(),
  exited: z.number().int(),
  returned: z.number().int(),
});
const Ranking = z.object({
  id: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  entries: z.array(z.object({ regionId: z.string(), name: z.string().nullable(), rank: z.number().nullable(), total: z.number().nullable() })),
});

export const DashboardView = z.object({
  regionId: z.string(),
  regionName: z.string(),
  role: z.string(),
  office: z
    .object({
      runningCycles: z.number().int(),
      cyclesByStatus: z.array(Count),
      runningByStage: z.array(Count),
      overdueByLevel: z.array(Count),
      openByLevel: z.array(Count),
    })
    .nullable(),
  inbox: z
    .object({
      open: z.number().int(),
      overdue: z.number().int(),
      /** open tasks by due day (UTC dates), from today for 7 days; before today is `overdue`, after is `later` */
      byDueDate: z.array(z.object({ date: z.string(), count: z.number().int() })),
      later: z.number().int(),
    })
    .nullable(),
  leader: z
    .object({
      ranking: Ranking.nullable(),
      byCity: z.array(RegionFigures),
      byCounty: z.array(RegionFigures),
    })
    .nullable(),
});

export const RegionStatsView = z.object({
  regionId: z.string(),
  name: z.string(),
  level: Level,
  households: z.number().int(),
  people: z.number().int(),
  poor: z.number().int(),
  exited: z.number().int(),
  returned: z.number().int(),
  /** villages inside the region with a stationed work team (驻村工作队) */
  workTeams: z.number().int(),
  cadres: z.number().int(),
  /** the same counts per region of the level below (none for a village) */
  childLevel: Level.nullable(),
  children: z.array(RegionFigures),
});

documentRoute({
  method: 'get',
  path: '/api/stats/dashboard',
  summary:
    'Figures of the home page for the caller\'s role inside regionId (default: your scope): office — cycles and overdue tasks by level; deciders — their inbox by due date; leader and office — the latest published ranking, exit progress and returns by city and county',
  tag: 'stats',
  query: DashboardQuery,
  response: DashboardView,
});
documentRoute({
  method: 'get',
  path: '/api/stats/regions/:id',
  summary: 'Counts of one region in scope (households, people, poor, exited, returned, work teams, cadres) and the same per region of the level below',
  tag: 'stats',
  response: RegionStatsView,
  errors: [404],
});

const OFFICE_ROLES: ReadonlySet<RoleName> = new Set(['OFFICE', 'ADMIN']);
const LEADER_ROLES: ReadonlySet<RoleName> = new Set(['LEADER', 'OFFICE', 'ADMIN']);
const DAY = 86_400_000;

const byCountDesc = (a: { key: string; count: number }, b: { key: string; count: number }) => b.count - a.count || a.key.localeCompare(b.key);

/** The level below a region; null for a village. */
function levelBelow(region: string): GroupLevel | null {
  const index = LEVELS.indexOf(levelOfCode(region));
  return index + 1 < LEVELS.length ? (LEVELS[index + 1] as GroupLevel) : null;
}

/**
 * Households (poor, exited) and returns to poverty of every region of `level` inside `region`:
 * one GROUP BY over households and one over the ledger's RETURNED entries.
 */
async function figuresBy(db: Db, region: string, level: GroupLevel): Promise<z.infer<typeof RegionFigures>[]> {
  const column = householdColumn('h', level);
  const inRegion = householdInRegionSql('h', region);
  const range = prefixRange(region);
  const [regions, households, returns] = await Promise.all([
    db.region.findMany({ where: { level, id: { gte: range.gte, lt: range.lt } }, orderBy: { id: 'asc' }, select: { id: true, name: true } }),
    db.$queryRaw<{ region: string; status: string; n: unknown }[]>`
      SELECT ${column} AS region, h."status" AS status, COUNT(*) AS n FROM "Household" h
      WHERE ${inRegion} GROUP BY ${column}, h."status"`,
    db.$queryRaw<{ region: string; n: unknown }[]>`
      SELECT ${column} AS region, COUNT(*) AS n FROM "LedgerEntry" l JOIN "Household" h ON h."id" = l."householdId"
      WHERE l."kind" = 'RETURNED' AND ${inRegion} GROUP BY ${column}`,
  ]);
  const rows = new Map(regions.map((r) => [r.id, { regionId: r.id, name: r.name, households: 0, poor: 0, exited: 0, returned: 0 }]));
  for (const h of households) {
    const row = rows.get(h.region);
    if (!row) continue;
    row.households += num(h.n);
    if (h.status === 'POOR') row.poor += num(h.n);
    else if (h.status === 'EXITED') row.exited += num(h.n);
  }
  for (const r of returns) {
    const row = rows.get(r.region);
    if (row) row.returned = num(r.n);
  }
  return [...rows.values()];
}

async function officeFigures(db: Db, region: string) {
  // a cycle belongs to the caller's scope when its region contains it or lies inside it
  const cycleRegions = { OR: [{ regionId: codeScope(region) }, { regionId: { in: ancestorsOf(region) } }] };
  const now = new Date();
  const [byStatus, byStage, overdue, open] = await Promise.all([
    db.cycle.groupBy({ by: ['status'], where: cycleRegions, _count: { _all: true } }),
    db.cycle.groupBy({ by: ['stage'], where: { ...cycleRegions, status: 'RUNNING' }, _count: { _all: true } }),
    db.task.groupBy({ by: ['level'], where: { regionId: codeScope(region), status: 'OPEN', dueAt: { lt: now } }, _count: { _all: true } }),
    db.task.groupBy({ by: ['level'], where: { regionId: codeScope(region), status: 'OPEN' }, _count: { _all: true } }),
  ]);
  const byLevel = (groups: { level: string; _count: { _all: number } }[]) =>
    groups.map((g) => ({ key: g.level, count: g._count._all })).sort((a, b) => LEVELS.indexOf(a.key as RegionLevelName) - LEVELS.indexOf(b.key as RegionLevelName));
  return {
    runningCycles: byStatus.find((s) => s.status === 'RUNNING')?._count._all ?? 0,
    cyclesByStatus: byStatus.map((s) => ({ key: s.status, count: s._count._all })).sort(byCountDesc),
    runningByStage: byStage.map((s) => ({ key: s.stage, count: s._count._all })).sort(byCountDesc),
    overdueByLevel: byLevel(overdue),
    openByLevel: byLevel(open),
  };
}

function ancestorsOf(region: string): string[] {
  return [2, 4, 6, 9].filter((n) => n < region.length).map((n) => region.slice(0, n));
}

async function inboxFigures(db: Db, user: SessionUser, region: string, now = new Date()) {
  const mine = { regionId: codeScope(region), assignedRole: user.role, status: 'OPEN' as const };
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Array.from({ length: 7 }, (_, i) => today + i * DAY);
  const [open, overdue, later, ...perDay] = await Promise.all([
    db.task.count({ where: mine }),
    db.task.count({ where: { ...mine, dueAt: { lt: now } } }),
    db.task.count({ where: { ...mine, dueAt: { gte: new Date(today + 7 * DAY) } } }),
    // today counts only what is not yet overdue
    ...days.map((start, i) => db.task.count({ where: { ...mine, dueAt: { gte: i === 0 ? now : new Date(start), lt: new Date(start + DAY) } } })),
  ]);
  return { open, overdue, later, byDueDate: days.map((start, i) => ({ date: new Date(start).toISOString().slice(0, 10), count: perDay[i] })) };
}

type RankingEntry = { regionId?: unknown; name?: unknown; rank?: unknown; total?: unknown };

async function leaderFigures(db: Db, region: string) {
  const range = prefixRange(region);
  const [snapshot, cities, byCounty] = await Promise.all([
    db.rankingSnapshot.findFirst({ where: { status: 'PUBLISHED' }, orderBy: [{ year: 'desc' }, { version: 'desc' }] }),
    region.length === 2 ? db.region.findMany({ where: { level: 'CITY', id: { gte: range.gte, lt: range.lt } }, orderBy: { id: 'asc' }, select: { id: true, name: true } }) : Promise.resolve([]),
    region.length <= 6 ? figuresBy(db, region, 'COUNTY') : Promise.resolve([]),
  ]);
  // the cities' figures are the sums of their counties' (one pass over the households, not two)
  const byCity = cities.map((c) => {
    const row = { regionId: c.id, name: c.name, households: 0, poor: 0, exited: 0, returned: 0 };
    for (const county of byCounty) {
      if (!county.regionId.startsWith(c.id)) continue;
      row.households += county.households;
      row.poor += county.poor;
      row.exited += county.exited;
      row.returned += county.returned;
    }
    return row;
  });
  let ranking: z.infer<typeof Ranking> | null = null;
  if (snapshot) {
    const raw = (Array.isArray(snapshot.entries) ? snapshot.entries : []) as RankingEntry[];
    const entries = raw
      .filter((e) => typeof e?.regionId === 'string' && isWithin(e.regionId as string, region.slice(0, 2)))
      .map((e) => ({ regionId: e.regionId as string, name: typeof e.name === 'string' ? e.name : null, rank: typeof e.rank === 'number' ? e.rank : null, total: typeof e.total === 'number' ? e.total : null }));
    const missing = entries.filter((e) => e.name === null).map((e) => e.regionId);
    if (missing.length) {
      const names = new Map((await db.region.findMany({ where: { id: { in: missing.slice(0, 500) } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]));
      for (const e of entries) e.name ??= names.get(e.regionId) ?? null;
    }
    entries.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
    ranking = { id: snapshot.id, year: snapshot.year, version: snapshot.version, publishedAt: snapshot.publishedAt?.toISOString() ?? null, entries };
  }
  return { ranking, byCity, byCounty };
}

export function statsRouter({ db }: AppDeps): Router {
  const router = Router();

  router.get('/stats/dashboard', async (req, res) => {
    const user = authorize(res, 'household.read');
    const q = parseInput(DashboardQuery, req.query, 'query');
    const region = effectiveRegion(user, q.regionId);
    const [regionRow, office, inbox, leader] = await Promise.all([
      db.region.findUnique({ where: { id: region }, select: { name: true } }),
      OFFICE_ROLES.has(user.role) ? officeFigures(db, region) : null,
      roleMay(user.role, 'task.decide') && user.role !== 'ADMIN' ? inboxFigures(db, user, region) : null,
      LEADER_ROLES.has(user.role) ? leaderFigures(db, region) : null,
    ]);
    res.json({ regionId: region, regionName: regionRow?.name ?? region, role: user.role, office, inbox, leader });
  });

  router.get('/stats/regions/:id', async (req, res) => {
    const id = String(req.params.id);
    // as GET /api/regions/:id: an id that is no division code names no region (404)
    const region = RegionCode.safeParse(id).success ? await db.region.findUnique({ where: { id }, select: { id: true, name: true, level: true } }) : null;
    if (!region) throw notFound(`region ${id}`);
    authorize(res, 'household.read', id);
    const level = levelBelow(id);
    const range = prefixRange(id);
    const inRegion = householdInRegionSql('h', id);
    const [households, returned, teams, cadres, children] = await Promise.all([
      db.household.groupBy({ by: ['status'], where: householdScope(id), _count: { _all: true }, _sum: { size: true } }),
      db.$queryRaw<{ n: unknown }[]>`SELECT COUNT(*) AS n FROM "LedgerEntry" l JOIN "Household" h ON h."id" = l."householdId" WHERE l."kind" = 'RETURNED' AND ${inRegion}`,
      db.$queryRaw<{ n: unknown }[]>`
        SELECT COUNT(DISTINCT a."villageId") AS n FROM "CadreAssignment" a
        WHERE a."kind" = 'VILLAGE_TEAM' AND a."endYear" IS NULL AND a."villageId" >= ${range.gte} AND a."villageId" < ${range.lt}`,
      db.$queryRaw<{ n: unknown }[]>`
        SELECT COUNT(DISTINCT a."cadreId") AS n FROM "CadreAssignment" a
        WHERE a."endYear" IS NULL AND a."villageId" >= ${range.gte} AND a."villageId" < ${range.lt}`,
      level ? figuresBy(db, id, level) : Promise.resolve([]),
    ]);
    const count = (status: string) => households.find((h) => h.status === status)?._count._all ?? 0;
    res.json({
      regionId: region.id,
      name: region.name,
      level: region.level,
      households: households.reduce((s, h) => s + h._count._all, 0),
      people: households.reduce((s, h) => s + (h._sum.size ?? 0), 0),
      poor: count('POOR'),
      exited: count('EXITED'),
      returned: num(returned[0]?.n),
      workTeams: num(teams[0]?.n),
      cadres: num(cadres[0]?.n),
      childLevel: level,
      children,
    });
  });

  return router;
}
