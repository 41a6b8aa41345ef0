/** Turning the caller's region scope and a requested region into one region to filter by. */
import { isWithin } from '../rules/regions.ts';
import type { SessionUser } from './context.ts';
import { forbidden } from './http.ts';

/** The deeper of the user's scope and the requested region; 403 when they do not nest. */
export function effectiveRegion(user: SessionUser, requested?: string): string {
  if (!requested) return user.regionId;
  if (isWithin(requested, user.regionId)) return requested;
  if (isWithin(user.regionId, requested)) return user.regionId;
  throw forbidden(`region ${requested} is outside your scope (${user.regionId})`);
}
