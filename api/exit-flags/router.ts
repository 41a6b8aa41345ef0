/**
 * Fake-exit flags (假脱贫 / 数字脱贫): exit claims contradicted by the registry data or by a sampled
 * finding, each with its evidence (rules/exit-verification/fake-exits.ts). The rows are written by
 * the exit verification's county workflow; here they are read, scoped by county — and, for readers
 * below a county, by the flagged household's region.
 */
import { Router } from 'express';
import { z } from 'zod';
import { Prisma, type Db } from '../../lib/db.ts';
import { FAKE_EXIT_LABEL, type FakeExitKind } from '../../rules/exit-verification/fake-exits.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { IdFilter, notFound, parseList, parseInput, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { RegionCode } from '../schemas.ts';
import { effectiveRegion, type ListWhere } from '../scope.ts';
import { householdInRegionSql, num } from '../scope-sql.ts';

const KINDS = Object.keys(FAKE_EXIT_LABEL) as [FakeExitKind, ...FakeExitKind[]];
export const Filter = z
  .object({
    cycleId: z.string().min(1).max(40).optional(),
    countyId: RegionCode.optional(),
    kind: z.enum(KINDS).optional(),
    householdId: z.string().min(1).max(40).optional(),
    id: IdFilter.optional(),
  })
  .strict();
export const Shorthand = z
  .object({ cycleId: z.string().min(1).max(40).optional(), countyId: RegionCode.optional(), kind: z.enum(KINDS).optional() })
  .strict();
const SORTABLE = ['createdAt', 'kind', 'countyId', 'householdId'] as const;

const FlagView = z.object({
  id: z.string(),
  cycleId: z.string(),
  cycleYear: z.number().nullable(),
  countyId: z.string(),
  countyName: z.string().nullable(),
  householdId: z.string(),
  householdCode: z.string().nullable(),
  headName: z.string().nullable(),
  villageId: z.string().nullable(),
  villageName: z.string().nullable(),
  kind: z.enum(KINDS),
  labelZh: z.string(),
  labelEn: z.string(),
  messageZh: z.string(),
  messageEn: z.string(),
  evidence: z.unknown(),
  createdAt: z.string(),
});

documentRoute({ method: 'get', path: '/api/exit-flags', summary: 'Fake-exit flags (假脱贫) in scope with their evidence (filter cycleId, countyId, kind; also as plain parameters)', tag: 'exit-flags', query: Shorthand, list: { filter: Filter, sortable: SORTABLE, resource: 'exit-flags' }, response: z.array(FlagView) });
documentRoute({ method: 'get', path: '/api/exit-flags/:id', summary: 'One fake-exit flag with its evidence', tag: 'exit-flags', response: FlagView, errors: [404] });

/** The flags a reader may see: by county column up to county scope; below it, by the household's region. */
function scopeSql(user: SessionUser, countyId: string | undefined): Prisma.Sql {
  const region = effectiveRegion(user, countyId);
  if (region.length <= 6) return Prisma.sql`f."countyId" >= ${region} AND f."countyId" < ${region.slice(0, -1) + String.fromCharCode(region.charCodeAt(region.length - 1) + 1)}`;
  return Prisma.sql`f."countyId" = ${region.slice(0, 6)} AND ${householdInRegionSql('h', region)}`;
}

export async function hydrateExitFlags(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const flags = await db.exitFlag.findMany({ where: { id: { in: ids } } });
  const households = await db.household.findMany({ where: { id: { in: [...new Set(flags.map((f) => f.householdId))] } }, select: { id: true, code: true, headName: true, villageId: true } });
  const cycles = await db.cycle.findMany({ where: { id: { in: [...new Set(flags.map((f) => f.cycleId))] } }, select: { id: true, year: true } });
  const regionIds = [...new Set([...flags.map((f) => f.countyId), ...households.map((h) => h.villageId)])];
  const regions = await db.region.findMany({ where: { id: { in: regionIds } }, select: { id: true, name: true } });
  const h = new Map(households.map((x) => [x.id, x]));
  const c = new Map(cycles.map((x) => [x.id, x.year]));
  const r = new Map(regions.map((x) => [x.id, x.name]));
  const byId = new Map(
    flags.map((f) => {
      const household = h.get(f.householdId);
      const label = FAKE_EXIT_LABEL[f.kind as FakeExitKind];
      return [
        f.id,
        {
          ...f,
          createdAt: f.createdAt.toISOString(),
          cycleYear: c.get(f.cycleId) ?? null,
          countyName: r.get(f.countyId) ?? null,
          householdCode: household?.code ?? null,
          headName: household?.headName ?? null,
          villageId: household?.villageId ?? null,
          villageName: household ? (r.get(household.villageId) ?? null) : null,
          labelZh: label?.zh ?? f.kind,
          labelEn: label?.en ?? f.kind,
        },
      ];
    }),
  );
  return ids.map((id) => byId.get(id)).filter((x) => x !== undefined);
}

/** The tables a flag list reads: the flag (f) and its household (h), which scopes readers below a county. */
export const EXIT_FLAG_FROM = Prisma.sql`FROM "ExitFlag" f LEFT JOIN "Household" h ON h."id" = f."householdId"`;

/** The exit-flag list's where-condition over EXIT_FLAG_FROM (list and export): flags inside the caller's scope; 403 outside it. */
export function exitFlagListWhere(user: SessionUser, f: z.infer<typeof Filter>): ListWhere<Prisma.Sql> {
  const conditions: Prisma.Sql[] = [scopeSql(user, f.countyId)];
  if (f.countyId && f.countyId.length === 6) conditions.push(Prisma.sql`f."countyId" = ${f.countyId}`);
  if (f.cycleId) conditions.push(Prisma.sql`f."cycleId" = ${f.cycleId}`);
  if (f.kind) conditions.push(Prisma.sql`f."kind" = ${f.kind}`);
  if (f.householdId) conditions.push(Prisma.sql`f."householdId" = ${f.householdId}`);
  if (f.id !== undefined) {
    const ids = Array.isArray(f.id) ? [...new Set(f.id)] : [f.id];
    // an empty list names no flag (and `IN ()` is not SQL)
    conditions.push(ids.length ? Prisma.sql`f."id" IN (${Prisma.join(ids)})` : Prisma.sql`1 = 0`);
  }
  return { where: Prisma.join(conditions, ' AND '), region: effectiveRegion(user, f.countyId) };
}

export function exitFlagsRouter({ db }: AppDeps): Router {
  const router = Router();

  router.get('/exit-flags', async (req, res) => {
    const user = authorize(res, 'ledger.read');
    const { cycleId, countyId, kind, ...listParams } = req.query;
    const shorthand = parseInput(Shorthand, { cycleId, countyId, kind }, 'query');
    const { filter, sort, range } = parseList(listParams, Filter, SORTABLE, ['createdAt', 'DESC']);
    const f = { ...filter, ...Object.fromEntries(Object.entries(shorthand).filter(([, v]) => v !== undefined)) } as z.infer<typeof Filter>;
    const from = Prisma.sql`${EXIT_FLAG_FROM} WHERE ${exitFlagListWhere(user, f).where}`;
    const order = Prisma.raw(`f."${sort.field}" ${sort.order === 'desc' ? 'DESC' : 'ASC'}, f."id" ASC`);
    const [page, counted] = await Promise.all([
      db.$queryRaw<{ id: string }[]>`SELECT f."id" AS id ${from} ORDER BY ${order} LIMIT ${range.take} OFFSET ${range.skip}`,
      db.$queryRaw<{ n: unknown }[]>`SELECT COUNT(*) AS n ${from}`,
    ]);
    sendList(res, 'exit-flags', await hydrateExitFlags(db, page.map((p) => p.id)), num(counted[0]?.n), range.start);
  });

  router.get('/exit-flags/:id', async (req, res) => {
    const user = authorize(res, 'ledger.read');
    const found = await db.$queryRaw<{ id: string }[]>`SELECT f."id" AS id FROM "ExitFlag" f LEFT JOIN "Household" h ON h."id" = f."householdId" WHERE f."id" = ${req.params.id} AND ${scopeSql(user, undefined)}`;
    // outside the reader's scope reads as not found, as in the list
    if (!found.length) throw notFound(`exit flag ${req.params.id}`);
    res.json((await hydrateExitFlags(db, [found[0].id]))[0]);
  });

  return router;
}
