/**
 * What the signed-in user may see and do in the console, derived from the policy actions
 * `GET /api/me` lists (`permissions`), never from a copy of the API's role table. The API enforces
 * the same rules and the region scope; this only keeps the menu and the buttons to what the role
 * may use. Whether this user may decide this very task (its assignedRole, its region) stays the
 * API's answer (403), shown as the error message.
 */

/** Resources whose read action is not `<singular>.read` (the API reads requests as households). */
const READ_ACTION: Record<string, string> = {
  'return-requests': 'household.read',
  'audit-events': 'audit.read',
  // the third-party sample names households: read as households (in scope)
  'sample-entries': 'household.read',
  // the exit verification's data (年度脱贫退出核查): department files, ledgers, fake-exit flags
  'department-imports': 'department.read',
  'department-facts': 'department.read',
  ledgers: 'ledger.read',
  'ledger-entries': 'ledger.read',
  'exit-flags': 'ledger.read',
  // the yearly exit verification's rows are read as the cycle they belong to (scoped by the API)
  'exit-counties': 'cycle.read',
  'exit-townships': 'cycle.read',
  'exit-villages': 'cycle.read',
  'exit-households': 'cycle.read',
};

/**
 * Lists that are work to do rather than records to read: the task list is an inbox (待办), offered
 * to those who decide tasks. A read-only role (a leader) still opens a task it is linked to.
 */
const LIST_ACTION: Record<string, string> = {
  tasks: 'task.decide',
};

/** Custom actions whose policy action is not `<singular>.<action>`. */
const CUSTOM_ACTION: Record<string, string> = {
  'department-imports:import': 'department.import',
  // opening a case (约谈、召回、奖励、问责) from the cadre's page
  'cadres:open-case': 'case.create',
};

/** Resources the console creates records of, and the policy action that allows it. */
const CREATE_ACTION: Record<string, string> = {
  cycles: 'cycle.create', // the launch form (发起年度核查)
};

/** "audit-events" → "auditEvent", "households" → "household". */
function singular(resource: string): string {
  const camel = resource.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return camel.endsWith('s') ? camel.slice(0, -1) : camel;
}

/** "return-to-poverty" → "returnToPoverty". */
const camelCase = (action: string) => action.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The policy action behind a react-admin `canAccess({resource, action})` question, or null. */
export function policyActionFor(resource: string, action: string): string | null {
  if (action === 'list' && LIST_ACTION[resource]) return LIST_ACTION[resource];
  if (action === 'list' || action === 'show') return READ_ACTION[resource] ?? `${singular(resource)}.read`;
  if (action === 'create' && CREATE_ACTION[resource]) return CREATE_ACTION[resource];
  // everything else is read-only in the console except the workflow actions: no create/edit/delete/export
  if (['create', 'edit', 'delete', 'export', 'clone'].includes(action)) return null;
  // custom actions: households 'return-to-poverty' → household.returnToPoverty, tasks 'decide' → task.decide
  const custom = CUSTOM_ACTION[`${resource}:${action}`];
  if (custom) return custom;
  return `${singular(resource)}.${camelCase(action)}`;
}

export function canAccessWith(permissions: readonly string[] | null | undefined, resource: string, action: string): boolean {
  if (!permissions) return false;
  const policyAction = policyActionFor(resource, action);
  return policyAction !== null && permissions.includes(policyAction);
}
