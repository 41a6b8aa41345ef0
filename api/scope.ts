/**
 * Region scoping, one set of where-builders used by every route. Region ids are statistical
 * division codes, nested by prefix, so "inside region R" is an indexed range on a code column.
 */
import type { Prisma } from '../lib/db.ts';
import { householdColumnFor, isWithin, prefixRange } from '../rules/regions.ts';
import type { SessionUser } from './context.ts';
import { forbidden } from './http.ts';

/**
 * A list's where-condition and the region it is read in (null: no one region), built by one
 * function per list that the list route and its export (api/exports) both call.
 */
export interface ListWhere<W> {
  where: W;
  region: string | null;
}

/** The deeper of the user's scope and the requested region; 403 when they do not nest. */
export function effectiveRegion(user: SessionUser, requested?: string): string {
  if (!requested) return user.regionId;
  if (isWithin(requested, user.regionId)) return requested;
  if (isWithin(user.regionId, requested)) return user.regionId;
  throw forbidden(`region ${requested} is outside your scope (${user.regionId})`, [{ reason: 'SCOPE', regionId: requested, scopeId: user.regionId }]);
}

/** A code column inside `region` (itself included): `{ regionId: codeScope(r) }`. */
export function codeScope(region: string): { gte: string; lt: string } {
  return prefixRange(region);
}

/** Households inside `region`, by the indexed ancestor column of its level. */
export function householdScope(region: string): Prisma.HouseholdWhereInput {
  const column = householdColumnFor(region);
  // a province: every city code under it (an indexed range, so several provinces can share a database)
  return column ? { [column]: region } : { cityId: prefixRange(region) };
}

/**
 * Cadres inside `region`: a cadre belongs to a county's staff (regionId: the county, or a city or
 * the province for their leaders); below the county, the cadres assigned to a village inside it.
 */
export function cadreScope(region: string): Prisma.CadreWhereInput {
  if (region.length <= 6) return { regionId: prefixRange(region) };
  return { regionId: prefixRange(region.slice(0, 6)), assignments: { some: { villageId: prefixRange(region) } } };
}
