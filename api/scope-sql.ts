/**
 * Region scope as SQL, for the few reads that join tables Prisma has no relation between
 * (DepartmentFact.householdCode, ExitFlag.householdId → Household) or that aggregate by a region
 * column. The same rule as api/scope.ts householdScope: the indexed ancestor column of the region's
 * level, a code range for a province. Identifiers are quoted as both SQLite and PostgreSQL read them.
 */
import { Prisma } from '../lib/db.ts';
import { householdColumnFor, prefixRange } from '../rules/regions.ts';

/** Household columns that hold a region id of each level. */
export const HOUSEHOLD_REGION_COLUMN = { CITY: 'cityId', COUNTY: 'countyId', TOWNSHIP: 'townshipId', VILLAGE: 'villageId' } as const;
export type GroupLevel = keyof typeof HOUSEHOLD_REGION_COLUMN;

/** `<alias>."<column>"` for a whitelisted household column. */
export function householdColumn(alias: string, level: GroupLevel): Prisma.Sql {
  if (!/^[a-z]$/.test(alias)) throw new Error(`bad alias ${alias}`);
  return Prisma.raw(`${alias}."${HOUSEHOLD_REGION_COLUMN[level]}"`);
}

/** The condition "household `alias` lies inside `region`". */
export function householdInRegionSql(alias: string, region: string): Prisma.Sql {
  if (!/^[a-z]$/.test(alias)) throw new Error(`bad alias ${alias}`);
  const column = householdColumnFor(region);
  if (column) return Prisma.sql`${Prisma.raw(`${alias}."${column}"`)} = ${region}`;
  const { gte, lt } = prefixRange(region);
  return Prisma.sql`${Prisma.raw(`${alias}."cityId"`)} >= ${gte} AND ${Prisma.raw(`${alias}."cityId"`)} < ${lt}`;
}

/** COUNT/SUM come back as bigint on PostgreSQL, number on SQLite, null for an empty SUM. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Splits a list into chunks (SQLite binds at most 999 parameters per statement). */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
