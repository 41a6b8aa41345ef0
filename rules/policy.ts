/**
 * The one policy module: may this user do this to this region? Every API route asks it.
 * Pure: a role table plus region-scope containment (rules/regions.ts).
 */
import { ROLE_VALUES, type Role } from './enums.ts';
import { isWithin } from './regions.ts';

export type RoleName = Role;
export const ROLES: readonly RoleName[] = ROLE_VALUES;

export type Action =
  | 'region.read'
  | 'household.read'
  | 'household.returnToPoverty' // 返贫录入
  | 'cadre.read'
  | 'task.read'
  | 'task.decide'
  | 'cycle.read'
  | 'cycle.create'
  | 'cycle.cancel'
  | 'case.read'
  | 'case.create'
  | 'ranking.read'
  | 'objection.create'
  | 'objection.read'
  | 'audit.read'
  | 'notification.read'
  // yearly exit verification (年度脱贫退出核查)
  | 'exit.acknowledge' // record a household's acknowledgement of its exit (户认可)
  | 'department.import' // import a department's facts (行业部门数据)
  | 'department.read'
  | 'sample.finding' // enter third-party findings (第三方核实结果)
  | 'sample.dispute' // the county disputes a finding (申诉举证)
  | 'sample.disputeDecide' // the province decides a dispute
  | 'ledger.read'; // 台账

const ALL: readonly RoleName[] = ROLES;
const ROLE_TABLE: Record<Action, readonly RoleName[]> = {
  'region.read': ALL,
  'household.read': ALL,
  'household.returnToPoverty': ['COUNTY_OPERATOR', 'OFFICE'],
  'cadre.read': ALL,
  'task.read': ALL,
  // the task's own assignedRole is checked too (mayDecideTask)
  'task.decide': ['SUPERVISOR', 'OFFICE', 'COUNTY_OPERATOR', 'EVALUATOR', 'FIRST_SECRETARY', 'ADMIN'],
  'cycle.read': ALL,
  'cycle.create': ['OFFICE', 'ADMIN'],
  'cycle.cancel': ['OFFICE', 'ADMIN'],
  'case.read': ALL,
  'case.create': ['OFFICE', 'SUPERVISOR'],
  'ranking.read': ALL,
  'objection.create': ['OFFICE', 'SUPERVISOR', 'EVALUATOR', 'COUNTY_OPERATOR', 'FIRST_SECRETARY', 'ADMIN'],
  'objection.read': ALL,
  'audit.read': ['OFFICE', 'ADMIN', 'SUPERVISOR'],
  'notification.read': ALL,
  'exit.acknowledge': ['FIRST_SECRETARY'],
  'department.import': ['OFFICE', 'ADMIN'],
  'department.read': ['OFFICE', 'ADMIN', 'SUPERVISOR', 'LEADER', 'EVALUATOR', 'COUNTY_OPERATOR'],
  'sample.finding': ['EVALUATOR'],
  'sample.dispute': ['COUNTY_OPERATOR'],
  'sample.disputeDecide': ['SUPERVISOR', 'OFFICE'],
  'ledger.read': ALL,
};

/** Actions that do not depend on the region (the division tree is public to signed-in users). */
const UNSCOPED: ReadonlySet<Action> = new Set<Action>(['region.read', 'ranking.read', 'cycle.read']);

export interface Actor {
  id: string;
  role: RoleName;
  /** scope region code */
  regionId: string;
}

export type Verdict = { allowed: true } | { allowed: false; reason: 'ROLE' | 'SCOPE' };

export function roleMay(role: RoleName, action: Action): boolean {
  return ROLE_TABLE[action].includes(role);
}

/** Every action the role may perform (the console shows only these, from GET /api/me). */
export function allowedActions(role: RoleName): Action[] {
  return (Object.keys(ROLE_TABLE) as Action[]).filter((a) => roleMay(role, a));
}

/** May `actor` perform `action` on something in region `regionId`? */
export function decide(actor: Actor, action: Action, regionId?: string | null): Verdict {
  if (!roleMay(actor.role, action)) return { allowed: false, reason: 'ROLE' };
  if (UNSCOPED.has(action) || regionId == null) return { allowed: true };
  return isWithin(regionId, actor.regionId) ? { allowed: true } : { allowed: false, reason: 'SCOPE' };
}

/** A task may be decided by a user with its assignedRole whose scope contains its region. */
export function mayDecideTask(actor: Actor, task: { assignedRole: string; regionId: string }): Verdict {
  if (actor.role !== task.assignedRole) return { allowed: false, reason: 'ROLE' };
  return decide(actor, 'task.decide', task.regionId);
}

/** Leaders never write. */
export function isReadOnly(role: RoleName): boolean {
  return role === 'LEADER';
}
