/** Records as the API returns them (see /work/shared/API.md). Fields not in the contract are optional. */
import type { RaRecord } from 'react-admin';

export const ROLES = ['ADMIN', 'OFFICE', 'SUPERVISOR', 'LEADER', 'EVALUATOR', 'COUNTY_OPERATOR'] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const HOUSEHOLD_STATUSES = ['POOR', 'EXITED'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const POVERTY_CAUSES = [
  'ILLNESS',
  'DISABILITY',
  'EDUCATION',
  'LACK_OF_LABOR',
  'LACK_OF_FUNDS',
  'LACK_OF_SKILLS',
  'LACK_OF_LAND',
  'LACK_OF_WATER',
  'DISASTER',
  'POOR_TRANSPORT',
  'LACK_OF_MOTIVATION',
  'OTHER',
] as const;

export const MEMBER_RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'OTHER'] as const;
export const GENDERS = ['MALE', 'FEMALE', 'M', 'F'] as const;
export const VALUE_SOURCES = ['SELF_REPORTED', 'THIRD_PARTY', 'STATISTICS', 'REGISTRY'] as const;
export const LEDGER_KINDS = ['REGISTERED', 'EXITED', 'RETURNED'] as const;
export const REQUEST_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;
export const CADRE_POSITIONS = [
  'FIRST_SECRETARY',
  'TEAM_LEADER',
  'TEAM_MEMBER',
  'COUNTY_LEADER',
  'RESPONSIBLE_PERSON',
] as const;
export const ASSIGNMENT_KINDS = ['VILLAGE_TEAM', 'HOUSEHOLD_RESPONSIBLE'] as const;
export const CASE_KINDS = ['INTERVIEW', 'RECALL', 'REWARD', 'ACCOUNTABILITY'] as const;
export const PROCESS_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export const TASK_STATUSES = ['OPEN', 'DONE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const DECISIONS = ['APPROVE', 'REJECT', 'RETURN'] as const;
export type Decision = (typeof DECISIONS)[number];
export const AUDIT_OUTCOMES = ['SUCCESS', 'DENIED', 'REJECTED', 'FAILED'] as const;

/** The signed-in user as `POST /api/auth/login` returns it. */
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  regionId: string;
  displayName?: string;
  regionName?: string | null;
}

export interface Region extends RaRecord<string> {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  isPoor: boolean;
  isWestern?: boolean;
  exitYear?: number | null;
  policyKeptUntilYear?: number | null;
  ruralPopulation?: number;
  childCount?: number;
  /** top-down, as `GET /api/regions/:id` returns them */
  ancestors?: { id: string; name: string; level: RegionLevel }[];
}

export interface HouseholdYear {
  id?: string;
  year: number;
  incomePerCapita: number;
  foodSecure: boolean;
  clothingSecure: boolean;
  educationSecured: boolean;
  medicalSecured: boolean;
  housingSafe: boolean;
  drinkingWaterSafe: boolean;
  rigidSpending?: number;
  source?: string;
}

export interface Member {
  id?: string;
  name: string;
  relation: string;
  gender: string;
  birthYear: number;
  canWork: boolean;
  inSchool?: boolean;
  disabled?: boolean;
}

export interface LedgerEntry {
  id?: string;
  kind: string;
  year: number;
  at: string;
  reason?: string | null;
  workflowId?: string | null;
}

export interface ReturnRequest extends RaRecord<string> {
  householdId: string;
  householdCode?: string;
  headName?: string;
  reason: string;
  status: string;
  workflowId?: string;
  requestedBy?: string;
  createdAt: string;
  decidedAt?: string | null;
}

export interface Household extends RaRecord<string> {
  code: string;
  headName: string;
  size: number;
  status: HouseholdStatus;
  povertyCause: string;
  registeredYear: number;
  exitedYear?: number | null;
  benefitsUntil?: string | null;
  villageId?: string;
  villageName?: string;
  /** the record of the filtered year, when the list is filtered by `year` */
  record?: HouseholdYear | null;
  members?: Member[];
  records?: HouseholdYear[];
  ledger?: LedgerEntry[];
  returnRequests?: ReturnRequest[];
}

export interface CadreAssignment {
  id?: string;
  kind: string;
  villageId: string;
  villageName?: string;
  householdId?: string | null;
  startYear: number;
  endYear?: number | null;
}

export interface CadreCase {
  id?: string;
  kind: string;
  status: string;
  stage?: string;
  reason?: string;
  openedAt?: string;
}

export interface Cadre extends RaRecord<string> {
  code: string;
  name: string;
  gender?: string;
  unit?: string;
  position: string;
  regionId?: string;
  regionName?: string;
  active?: boolean;
  assignments?: CadreAssignment[];
  cases?: CadreCase[];
}

export interface Task extends RaRecord<string> {
  title: string;
  kind: string;
  status: TaskStatus;
  assignedRole: Role;
  regionId: string;
  regionName?: string;
  level: RegionLevel;
  dueAt: string;
  overdue?: boolean;
  decision?: Decision | null;
  comment?: string | null;
  decidedAt?: string | null;
  /** who decided, "display name (username)" */
  decidedByName?: string | null;
  decidedById?: string | null;
  /** the decisions this step accepts, when the API names them (else all three are offered) */
  allowedDecisions?: Decision[];
  /** the other steps of the same process (earlier versions stay readable) */
  history?: TaskHistoryEntry[];
  subjectType?: string;
  subjectId?: string;
  version?: number;
  snapshot?: unknown;
  cycleId?: string | null;
  caseId?: string | null;
  workflowId?: string;
  stepKey?: string;
  createdAt?: string;
}

export interface TaskHistoryEntry {
  id: string;
  stepKey?: string;
  title: string;
  version?: number;
  status: TaskStatus;
  decision?: Decision | null;
  comment?: string | null;
  decidedAt?: string | null;
  decidedById?: string | null;
}

export interface AuditEvent extends RaRecord<string> {
  at: string;
  actorName: string;
  actorRole?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  outcome: string;
  workflowId?: string | null;
  details?: unknown;
}

/** One line of `POST /api/tasks/decisions`'s answer. */
export interface BulkDecisionResult {
  id: string;
  ok: boolean;
  status: number;
  error?: { code: string; message: string };
}
