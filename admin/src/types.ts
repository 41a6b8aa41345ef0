/** Records as the API returns them (see /work/shared/API.md). Fields not in the contract are optional. */
import type { RaRecord } from 'react-admin';
// Lists of values the model defines come from rules/enums.ts, generated from the Prisma enums.
import {
  ASSIGNMENT_KIND_VALUES,
  CADRE_POSITION_VALUES,
  CASE_KIND_VALUES,
  DECISION_VALUES,
  HOUSEHOLD_STATUS_VALUES,
  LEDGER_KIND_VALUES,
  PROCESS_STATUS_VALUES,
  REGION_LEVEL_VALUES,
  REQUEST_STATUS_VALUES,
  ROLE_VALUES,
  TASK_STATUS_VALUES,
  VALUE_SOURCE_VALUES,
} from '../../rules/enums.ts';

export const ROLES = ROLE_VALUES;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = REGION_LEVEL_VALUES;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const HOUSEHOLD_STATUSES = HOUSEHOLD_STATUS_VALUES;
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
export const VALUE_SOURCES = VALUE_SOURCE_VALUES;
export const LEDGER_KINDS = LEDGER_KIND_VALUES;
export const REQUEST_STATUSES = REQUEST_STATUS_VALUES;
export const CADRE_POSITIONS = CADRE_POSITION_VALUES;
export const ASSIGNMENT_KINDS = ASSIGNMENT_KIND_VALUES;
export const CASE_KINDS = CASE_KIND_VALUES;
export const PROCESS_STATUSES = PROCESS_STATUS_VALUES;
export const TASK_STATUSES = TASK_STATUS_VALUES;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const DECISIONS = DECISION_VALUES;
export type Decision = (typeof DECISIONS)[number];
export const AUDIT_OUTCOMES = ['SUCCESS', 'PARTIAL', 'DENIED', 'REJECTED', 'FAILED'] as const;

/** The signed-in user as `POST /api/auth/login` returns it. */
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  regionId: string;
  displayName?: string;
  regionName?: string | null;
}

/** Where the Temporal Web UI of the workflow service is (`GET /api/me`), or null when none. */
export interface TemporalUi {
  url: string;
  namespace: string;
}

/** `GET /api/me`: the user with the policy actions its role may perform (KIT-API.md). */
export interface Me extends SessionUser {
  /** e.g. "task.read", "task.decide", "household.returnToPoverty", "notification.read" */
  permissions: string[];
  temporalUi: TemporalUi | null;
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

/** The console's two languages, as the API words a task's step in both. */
export type Locale = 'zh' | 'en';
export type Localized = Record<Locale, string>;

/** How a process words one of its steps (`labels[locale]` of a task). */
export interface StepLabels {
  step: string;
  /** per-step wording of a decision, e.g. a resubmission: APPROVE → "重新提交" */
  decisions?: Partial<Record<string, string>>;
}

/** One typed field the decider fills in (`formSchema[]` of a task), rendered generically. */
export interface FormField {
  name: string;
  type: 'text' | 'textarea' | 'number' | 'boolean' | 'select' | 'date';
  label: Localized;
  /** required when the decision is in `requiredFor` (default: every allowed decision) */
  required?: boolean;
  requiredFor?: string[];
  /** number range, or text length for text / textarea */
  min?: number;
  max?: number;
  options?: { value: string; label: Localized }[];
  unit?: Localized;
}

export interface Task extends RaRecord<string> {
  /** stored Chinese title, a fallback only: the console composes the title from `labels` */
  title: string;
  kind: string;
  status: TaskStatus;
  assignedRole: Role;
  regionId: string;
  regionName?: string | null;
  level: RegionLevel;
  dueAt: string;
  overdue?: boolean;
  /** a Decision; more values may come, rendered through their translation or as sent */
  decision?: string | null;
  comment?: string | null;
  decidedAt?: string | null;
  /** who decided, "display name (username)" */
  decidedByName?: string | null;
  decidedById?: string | null;
  /** the decisions this step accepts (else all three are offered) */
  allowedDecisions?: string[];
  /** decisions that need a comment (else every decision but APPROVE) */
  commentRequiredFor?: string[];
  /** the other steps of the same process (earlier versions stay readable) */
  history?: TaskHistoryEntry[];
  subjectType?: string;
  subjectId?: string;
  /** human name of the subject, e.g. "张三 (4312220010010001)" */
  subjectLabel?: string | null;
  version?: number;
  snapshot?: unknown;
  cycleId?: string | null;
  caseId?: string | null;
  workflowId?: string;
  stepKey?: string;
  /** the step key without its "#round" suffix */
  step?: string;
  /** e.g. RETURN_TO_POVERTY (translated as `processes.<TYPE>`) */
  processType?: string;
  /** the process's business record, e.g. the return request id */
  processId?: string | null;
  labels?: Partial<Record<Locale, StepLabels>> | null;
  formSchema?: FormField[] | null;
  /** the submitted values of formSchema (once decided) */
  payload?: Record<string, unknown> | null;
  escalatedAt?: string | null;
  escalatedToRegionId?: string | null;
  remindedAt?: string | null;
  createdAt?: string;
}

export interface TaskHistoryEntry {
  id: string;
  stepKey?: string;
  title: string;
  version?: number;
  status: TaskStatus;
  decision?: string | null;
  comment?: string | null;
  decidedAt?: string | null;
  decidedById?: string | null;
  decidedByName?: string | null;
  labels?: Partial<Record<Locale, StepLabels>> | null;
}

export const NOTIFICATION_KINDS = ['REMINDER', 'ESCALATION'] as const;

/** A reminder (催办) or an escalation (升级督办) of a task, addressed to the user's role and scope. */
export interface AppNotification extends RaRecord<string> {
  kind: string;
  taskId: string;
  taskTitle?: string | null;
  message: string;
  regionId?: string | null;
  regionName?: string | null;
  role?: string | null;
  createdAt: string;
  read: boolean;
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
  error?: { code: string; message: string; details?: unknown[] };
}
