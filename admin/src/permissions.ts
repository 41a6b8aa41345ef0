/**
 * What each role may see and do in the console. The API enforces the same rules (and the region
 * scope); this only keeps the menu and the buttons to what the role may use.
 */
import type { Role } from './types.ts';

const ALL: readonly Role[] = ['ADMIN', 'OFFICE', 'SUPERVISOR', 'LEADER', 'EVALUATOR', 'COUNTY_OPERATOR'];

/** Resources a role may list and show (rules/policy.ts: `*.read`; the API scopes the rows). */
const READ: Record<string, readonly Role[]> = {
  regions: ALL,
  households: ALL,
  'return-requests': ALL,
  cadres: ALL,
  tasks: ALL,
  'audit-events': ['OFFICE', 'ADMIN', 'SUPERVISOR'],
};

/**
 * Workflow actions (custom action names of `canAccess`), as rules/policy.ts has them. A leader never
 * writes. Whether this user may decide this very task (its assignedRole, its region) is the API's
 * answer (403), shown as the error message.
 */
const ACT: Record<string, Record<string, readonly Role[]>> = {
  households: { 'return-to-poverty': ['COUNTY_OPERATOR', 'OFFICE'] },
  tasks: { decide: ['SUPERVISOR', 'OFFICE', 'COUNTY_OPERATOR', 'EVALUATOR', 'ADMIN'] },
};

export function canAccessFor(role: Role | undefined, resource: string, action: string): boolean {
  if (!role) return false;
  if (action === 'list' || action === 'show') return READ[resource]?.includes(role) ?? false;
  // everything is read-only in the console except the workflow actions: no create/edit/delete/export
  return ACT[resource]?.[action]?.includes(role) ?? false;
}
