/** Records of the yearly exit verification as the read API answers them (api/exit-verification/router.ts). */
import type { RaRecord } from 'react-admin';

export type PerLevel = Partial<Record<'VILLAGE' | 'TOWNSHIP' | 'COUNTY' | 'CITY' | 'PROVINCE', number>>;

export interface TaskCounts {
  openTasks: PerLevel;
  overdueTasks: PerLevel;
  open: number;
  overdue: number;
}

export interface Cycle extends RaRecord<string> {
  type: 'EXIT_VERIFICATION' | 'COUNTY_ASSESSMENT';
  year: number;
  regionId: string;
  status: string;
  stage: string;
  workflowId: string;
  config: unknown;
  configVersion: number;
  seed?: string | null;
  createdAt: string;
  completedAt?: string | null;
  openTasks?: PerLevel;
}

export interface Progress {
  villages: number;
  villagesDone: number;
  assessed: number;
  candidates: number;
  acknowledged: number;
  held: number;
  exited: number;
  refused: number;
  villagesExited: number;
}

export interface CycleProgress extends RaRecord<string>, Progress, TaskCounts {
  cycleId: string;
  counties: number;
  countiesDone: number;
  countiesExited: number;
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** rules/exit-verification/rate-test.ts RateTest (older rows may carry label/numerator at the top). */
export interface RateTest {
  key: string;
  name?: Bilingual;
  label?: Bilingual;
  value: number | null;
  threshold: number;
  comparison: '<' | '≥';
  pass: boolean;
  reason?: 'NO_DATA' | null;
  formula: Bilingual;
  inputs?: { numerator: { key: string; label: Bilingual; value: number }; denominator: { key: string; label: Bilingual; value: number } };
  numerator?: number | { key: string; label: Bilingual; value: number };
  denominator?: number | { key: string; label: Bilingual; value: number };
}

export interface ExitCounty extends RaRecord<string>, TaskCounts {
  cycleId: string;
  countyId: string;
  cityId: string;
  countyName: string | null;
  cityName: string | null;
  stage: string;
  poorCounty: boolean;
  progress: Progress;
  tests: { tests: RateTest[]; failed: string[]; pass: boolean } | null;
  testsPassed: boolean | null;
  flags: number;
  outcome: string | null;
  outcomeReason: string | null;
  policyKeptUntilYear: number | null;
  updatedAt: string;
}

export interface ExitTownship extends RaRecord<string>, Progress, TaskCounts {
  cycleId: string;
  townshipId: string;
  townshipName: string | null;
}

export interface ExitVillage extends RaRecord<string>, TaskCounts {
  cycleId: string;
  villageId: string;
  townshipId: string;
  countyId: string;
  villageName: string | null;
  townshipName: string | null;
  countyName: string | null;
  stage: string;
  poorVillage: boolean;
  assessed: number;
  candidates: number;
  acknowledged: number;
  held: number;
  exited: number;
  refused: number;
  incidence: { value?: number | null; formula?: Bilingual; threshold?: number; pass?: boolean } | null;
  villageOutcome: string | null;
}

export interface CriterionCheck {
  criterion: string;
  label: Bilingual;
  counted: boolean;
  passed: boolean;
  missing: boolean;
  value: number | boolean | null;
  source:
    | { kind: 'registry'; year: number; recordSource: string | null }
    | { kind: 'department'; provenance: { department: string; batchId: string; fileName: string; row: number; importedAt?: string } }
    | null;
  effect: string;
  reason: Bilingual;
}

export interface ExitHousehold extends RaRecord<string> {
  cycleId: string;
  householdId: string;
  villageId: string;
  countyId: string;
  householdCode: string | null;
  headName: string | null;
  size: number | null;
  villageName: string | null;
  candidate: boolean;
  assessment: { checks?: CriterionCheck[]; failed?: string[]; meetsStandard?: boolean; year?: number } | null;
  reasonZh: string;
  reasonEn: string;
  status: string;
  acknowledged: boolean | null;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  acknowledgementNote: string | null;
  exitedAt: string | null;
  refusal: { message?: Bilingual; failed?: string[] } | null;
  exitVillageId?: string | null;
  villageStage?: string | null;
}

export interface TimelineEntry extends RaRecord<string> {
  at: string;
  kind: 'TASK_OPENED' | 'TASK_DECIDED' | 'TASK_REMINDED' | 'TASK_ESCALATED' | 'EVENT';
  task?: {
    id: string;
    step: string;
    labels?: { zh?: { step?: string }; en?: { step?: string } } | null;
    title: string;
    level: string;
    regionName: string | null;
    subjectLabel: string;
    decision: string | null;
    comment: string | null;
    decidedByName: string | null;
    escalatedToRegionName: string | null;
    status: string;
    dueAt: string;
  };
  event?: { action: string; actorName: string; outcome: string; targetType: string; targetId: string | null; details: unknown };
}
