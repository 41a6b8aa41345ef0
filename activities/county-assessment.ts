/**
 * Activities of the county assessment cycle (贫困县扶贫开发工作成效考核): the indicators computed
 * from the system's own register (REGISTRY), recorded as IndicatorValue rows with the counts and
 * formula behind each value. Idempotent: a value is written on (cycle, county, indicator), so a
 * retried activity overwrites its own row with the same numbers.
 */
import type { Db } from '../lib/db.ts';
import type { ComputedIndicator } from '../rules/county-assessment/config.ts';
import { computeRegistryIndicators, type ComputedValue, type RegistryCounts } from '../rules/county-assessment/computed.ts';

/** Counties per grouped read (SQLite binds at most 999 parameters per statement). */
const COUNTIES_PER_QUERY = 200;

const countOf = (rows: { countyId: string; _count: { _all: number } }[]) => new Map(rows.map((r) => [r.countyId, r._count._all]));

/**
 * What the register says about each county in `year`: households poor at its start, deregistered
 * in it (EXITED ledger entries of the year), poor during it and with a responsible cadre serving in
 * it, poor villages not exited before it and those with a stationed team serving in it. A few
 * grouped reads for the whole list, not one per county.
 */
export async function registryCounts(db: Db, year: number, countyIds: readonly string[], annualPlan: Readonly<Record<string, number>>): Promise<RegistryCounts[]> {
  const out: RegistryCounts[] = [];
  const serving = { startYear: { lte: year }, OR: [{ endYear: null }, { endYear: { gte: year } }] };
  for (let i = 0; i < countyIds.length; i += COUNTIES_PER_QUERY) {
    const ids = countyIds.slice(i, i + COUNTIES_PER_QUERY);
    const inCounties = { countyId: { in: ids } };
    const poorDuring = { registeredYear: { lte: year }, OR: [{ exitedYear: null }, { exitedYear: { gte: year } }] };
    const [atStart, exited, during, withResponsible, villages] = await Promise.all([
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, registeredYear: { lt: year }, OR: [{ exitedYear: null }, { exitedYear: { gte: year } }] }, _count: { _all: true } }),
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, ledger: { some: { kind: 'EXITED', year } } }, _count: { _all: true } }),
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, ...poorDuring }, _count: { _all: true } }),
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, ...poorDuring, responsibles: { some: { kind: 'HOUSEHOLD_RESPONSIBLE', ...serving } } }, _count: { _all: true } }),
      db.region.findMany({
        where: { level: 'VILLAGE', isPoor: true, OR: [{ exitYear: null }, { exitYear: { gte: year } }], AND: [{ OR: ids.map((id) => ({ id: { startsWith: id } })) }] },
        select: { id: true },
      }),
    ]);
    const teamed = new Set(
      (
        await db.cadreAssignment.findMany({
          where: { kind: 'VILLAGE_TEAM', ...serving, villageId: { in: villages.map((v) => v.id) } },
          select: { villageId: true },
          distinct: ['villageId'],
        })
      ).map((a) => a.villageId),
    );
    const atStartBy = countOf(atStart);
    const exitedBy = countOf(exited);
    const duringBy = countOf(during);
    const responsibleBy = countOf(withResponsible);
    for (const countyId of ids) {
      const mine = villages.filter((v) => v.id.startsWith(countyId));
      out.push({
        countyId,
        year,
        poorAtStart: atStartBy.get(countyId) ?? 0,
        exitedInYear: exitedBy.get(countyId) ?? 0,
        plannedExits: annualPlan[countyId] ?? null,
        poorVillages: mine.length,
        poorVillagesWithTeam: mine.filter((v) => teamed.has(v.id)).length,
        poorHouseholds: duringBy.get(countyId) ?? 0,
        poorHouseholdsWithResponsible: responsibleBy.get(countyId) ?? 0,
      });
    }
  }
  return out;
}

export interface RecordedComputed extends ComputedValue {
  countyId: string;
}

/**
 * Computes the REGISTRY indicators the cycle's framework uses (`codes`) for each county and records
 * them (IndicatorValue, source REGISTRY, sourceRef naming the counts and formula). A value that
 * cannot be computed is not recorded (the indicator then scores as missing, its formula kept in the
 * answer). Returns every computed value.
 */
export async function recordRegistryIndicators(
  db: Db,
  input: { cycleId: string; year: number; countyIds: readonly string[]; annualPlan: Readonly<Record<string, number>>; codes: readonly ComputedIndicator[] },
): Promise<RecordedComputed[]> {
  const counts = await registryCounts(db, input.year, input.countyIds, input.annualPlan);
  const wanted = new Set(input.codes);
  const computed = counts.flatMap((c) => computeRegistryIndicators(c).filter((v) => wanted.has(v.code)).map((v) => ({ ...v, countyId: c.countyId })));
  await db.$transaction(async (tx) => {
    for (const v of computed) {
      const key = { cycleId: input.cycleId, regionId: v.countyId, indicatorCode: v.code };
      if (v.value === null) {
        await tx.indicatorValue.deleteMany({ where: { ...key, source: 'REGISTRY' } });
        continue;
      }
      const sourceRef = `registry ${input.year}: ${v.formula.en}`.slice(0, 500);
      await tx.indicatorValue.upsert({
        where: { cycleId_regionId_indicatorCode: key },
        create: { ...key, value: v.value, source: 'REGISTRY', sourceRef },
        update: { value: v.value, source: 'REGISTRY', sourceRef, recordedAt: new Date() },
      });
    }
  });
  return computed;
}
