/**
 * The third-party sample of a county (第三方评估抽样) as stored rows: the draw (`SampleEntry` rows,
 * written once per cycle and county) and the measures read back from them (the sample's inputs of
 * 三率一度 and the findings for the fake-exit flags). Plain functions of the database, called by the
 * exit verification's activities (a retry finds the rows it wrote) and by tests.
 *
 * The frame and the estimate of unregistered households: rules/exit-verification/sample-frame.ts;
 * the draw: rules/sampling.ts drawCountySample (seeded, reproducible; the county code is mixed into
 * the cycle's seed there); the measures: rules/exit-verification/sample-measures.ts.
 */
import { Prisma, type Db } from '../lib/db.ts';
import { parseOutsideSlotId, sampleFrame, type FrameVillage } from '../rules/exit-verification/sample-frame.ts';
import { sampleMeasures as measure, type MeasuredEntry, type SampleMeasures } from '../rules/exit-verification/sample-measures.ts';
import { prefixRange } from '../rules/regions.ts';
import { deriveSeed, drawCountySample } from '../rules/sampling.ts';
import { sampleSizesFor, type ExitVerificationConfig } from '../rules/exit-verification/config.ts';

export type SampleKind = 'IN_REGISTER' | 'OUTSIDE_REGISTER';

export interface SampleSizes {
  /** registered households to re-verify (建档立卡户) */
  inRegister: number;
  /** visits among unregistered households */
  outsideRegister: number;
  /** villages drawn first; 0 = every village */
  villages: number;
}

/** The county's sizes from the cycle's config (`sample.perCounty[county]`, else `sample.default`). */
export function sampleSizes(config: ExitVerificationConfig, countyId: string): SampleSizes {
  const s = sampleSizesFor(config, countyId);
  return { inRegister: s.householdsInRegister, outsideRegister: s.householdsOutsideRegister, villages: s.villages };
}

export interface StoredSample {
  /** the cycle's seed the draw used (the county code is mixed in by drawCountySample) */
  seed: string;
  /** the county's own seed derived from it (`<seed>/<county code>`), for the record (ExitCounty.sample) */
  countySeed: string;
  requested: SampleSizes;
  /** entries per side, and the villages the entries are in (the villages the evaluators visit) */
  drawn: SampleSizes;
  /** how many each side's population could not supply (the other side drew the difference when it could) */
  shortfall: { inRegister: number; outsideRegister: number };
  /** the villages the entries are in, sorted */
  villages: string[];
  /** false: the rows were already stored (a retry, or a second call); nothing was drawn */
  created: boolean;
}

/** SQLite through the driver adapter binds at most 999 parameters per statement: rows per createMany. */
const WRITE_CHUNK = 100;

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

function assertSizes(sizes: SampleSizes): void {
  for (const key of ['inRegister', 'outsideRegister', 'villages'] as const) {
    if (!Number.isInteger(sizes[key]) || sizes[key] < 0) throw new RangeError(`sizes.${key} must be a whole number ≥ 0, got ${sizes[key]}`);
  }
}

/** The villages of a county with their registered people and households, for the frame and the measures. */
async function villagePopulations(db: Db, countyId: string, villageIds?: readonly string[]): Promise<FrameVillage[]> {
  const where = villageIds ? { id: { in: [...villageIds] } } : { level: 'VILLAGE' as const, id: prefixRange(countyId) };
  const [villages, registered] = await Promise.all([
    db.region.findMany({ where, select: { id: true, ruralPopulation: true }, orderBy: { id: 'asc' } }),
    db.household.groupBy({
      by: ['villageId'],
      where: villageIds ? { villageId: { in: [...villageIds] } } : { countyId },
      _sum: { size: true },
      _count: { _all: true },
    }),
  ]);
  const byVillage = new Map(registered.map((r) => [r.villageId, { people: r._sum.size ?? 0, households: r._count._all }]));
  return villages.map((v) => ({
    id: v.id,
    ruralPopulation: v.ruralPopulation,
    registeredPeople: byVillage.get(v.id)?.people ?? 0,
    registeredHouseholds: byVillage.get(v.id)?.households ?? 0,
  }));
}

function summary(seed: string, countyId: string, requested: SampleSizes, rows: { kind: string; villageId: string }[], created: boolean): StoredSample {
  const inRegister = rows.filter((r) => r.kind === 'IN_REGISTER').length;
  const outsideRegister = rows.length - inRegister;
  const villages = [...new Set(rows.map((r) => r.villageId))].sort();
  return {
    seed,
    countySeed: deriveSeed(seed, countyId),
    requested: { ...requested },
    drawn: { inRegister, outsideRegister, villages: villages.length },
    // the draw fills one side's shortfall from the other, so a side below its size was short by the difference
    shortfall: { inRegister: Math.max(0, requested.inRegister - inRegister), outsideRegister: Math.max(0, requested.outsideRegister - outsideRegister) },
    villages,
    created,
  };
}

/**
 * Draws the county's sample and stores it as SampleEntry rows (ordinal 1..n, grouped by village:
 * its registered households by id, then its visit slots by number). Idempotent: when rows exist for
 * the cycle and county, nothing is drawn and what is stored is returned (`created: false`), so a
 * retried activity or a concurrent second call never draws twice.
 */
export async function drawAndStoreSample(db: Db, input: { cycleId: string; countyId: string; seed: string; sizes: SampleSizes }): Promise<StoredSample> {
  const { cycleId, countyId, seed, sizes } = input;
  assertSizes(sizes);
  const stored = () => db.sampleEntry.findMany({ where: { cycleId, countyId }, select: { kind: true, villageId: true }, orderBy: { ordinal: 'asc' } });
  const existing = await stored();
  if (existing.length > 0) return summary(seed, countyId, sizes, existing, false);

  const [villages, households] = await Promise.all([
    villagePopulations(db, countyId),
    db.household.findMany({ where: { countyId }, select: { id: true, villageId: true, status: true } }),
  ]);
  const frame = sampleFrame(villages, households);
  const draw = drawCountySample({ countyCode: countyId, villages: frame.villages, households: frame.households }, sizes, seed);
  const villageOf = new Map(households.map((h) => [h.id, h.villageId]));
  const picked = [
    ...draw.inRegister.map((id) => ({ kind: 'IN_REGISTER' as const, villageId: villageOf.get(id)!, householdId: id, slot: null })),
    ...draw.outsideRegister.map((id) => {
      const { villageId, slot } = parseOutsideSlotId(id)!;
      return { kind: 'OUTSIDE_REGISTER' as const, villageId, householdId: null, slot };
    }),
  ].sort((a, b) => cmp(a.villageId, b.villageId) || cmp(a.kind, b.kind) || cmp(a.householdId ?? '', b.householdId ?? '') || (a.slot ?? 0) - (b.slot ?? 0));
  const rows = picked.map((p, i) => ({ cycleId, countyId, ordinal: i + 1, ...p }));
  try {
    await db.$transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) await tx.sampleEntry.createMany({ data: rows.slice(i, i + WRITE_CHUNK) });
    });
  } catch (err) {
    // another call stored the sample first: its rows are the sample
    if (isUniqueViolation(err)) return summary(seed, countyId, sizes, await stored(), false);
    throw err;
  }
  return summary(seed, countyId, sizes, rows, true);
}

export interface SampleStatus {
  /** entries of the county's sample */
  entries: number;
  /** entries with a finding */
  found: number;
  /** entries without one (the survey step's APPROVE waits for 0) */
  unfound: number;
  /** disputes by status (the dispute review's APPROVE waits for OPEN 0) */
  disputes: { OPEN: number; UPHELD: number; DISMISSED: number };
}

/**
 * Where the county's sample stands: how many entries have a finding and how many disputes are
 * open or decided, for the steps that wait on them (third-party survey, dispute review).
 */
export async function sampleStatus(db: Db, input: { cycleId: string; countyId: string }): Promise<SampleStatus> {
  const where = { cycleId: input.cycleId, countyId: input.countyId };
  const [entries, found, disputes] = await Promise.all([
    db.sampleEntry.count({ where }),
    db.sampleEntry.count({ where: { ...where, foundAt: { not: null } } }),
    db.sampleEntry.groupBy({ by: ['disputeStatus'], where: { ...where, disputeStatus: { not: null } }, _count: { _all: true } }),
  ]);
  const by = { OPEN: 0, UPHELD: 0, DISMISSED: 0 };
  for (const d of disputes) if (d.disputeStatus && d.disputeStatus in by) by[d.disputeStatus as keyof typeof by] = d._count._all;
  return { entries, found, unfound: entries - found, disputes: by };
}

export interface CountySampleMeasures extends SampleMeasures {
  cycleId: string;
  countyId: string;
}

/**
 * The measures of the stored sample: the sample's inputs of the four tests (the caller adds the
 * county's poorPopulation and ruralPopulation) and the in-register findings after disputes, from
 * the rows as they are now (findings, dispute decisions, the households' current status).
 */
export async function sampleMeasures(db: Db, input: { cycleId: string; countyId: string }): Promise<CountySampleMeasures> {
  const { cycleId, countyId } = input;
  const entries = await db.sampleEntry.findMany({ where: { cycleId, countyId }, orderBy: { ordinal: 'asc' } });
  const householdIds = entries.flatMap((e) => (e.householdId ? [e.householdId] : []));
  const villageIds = [...new Set(entries.map((e) => e.villageId))];
  const [households, villages] = await Promise.all([
    inChunks(householdIds, (ids) => db.household.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, status: true } })),
    villageIds.length ? villagePopulations(db, countyId, villageIds) : [],
  ]);
  const byId = new Map(households.map((h) => [h.id, h]));
  const measured: MeasuredEntry[] = entries.map((e) => ({
    id: e.id,
    kind: e.kind as SampleKind,
    villageId: e.villageId,
    householdCode: e.householdId ? (byId.get(e.householdId)?.code ?? null) : null,
    householdStatus: e.householdId ? (byId.get(e.householdId)?.status ?? null) : null,
    meetsStandard: e.meetsStandard,
    failedCriteria: e.failedCriteria,
    acknowledges: e.acknowledges,
    approves: e.approves,
    missed: e.missed,
    missedPeople: e.missedPeople,
    note: e.note,
    foundAt: e.foundAt,
    disputeStatus: e.disputeStatus,
  }));
  return { cycleId, countyId, ...measure(measured, villages) };
}

/** A query by a list of ids, in chunks under SQLite's bound on parameters per statement. */
async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await query(ids.slice(i, i + 500))));
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
