/**
 * Names of the yearly exit verification process (年度脱贫退出核查): its type, the workflow ids of its
 * tree (cycle → county → village), and the stages each row goes through
 * (docs/exit-verification-process.md).
 */
export const EXIT_VERIFICATION = 'EXIT_VERIFICATION';

/** One cycle per year and region (a province or a city). */
export function exitCycleWorkflowId(year: number, regionId: string): string {
  return `exit-verification:${year}:${regionId}`;
}
export function exitCountyWorkflowId(cycleWorkflowId: string, countyId: string): string {
  return `${cycleWorkflowId}/county:${countyId}`;
}
export function exitVillageWorkflowId(countyWorkflowId: string, villageId: string): string {
  return `${countyWorkflowId}/village:${villageId}`;
}

export const CYCLE_STAGES = ['LAUNCHED', 'COUNTIES', 'COMPLETED', 'CANCELLED'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export const VILLAGE_STAGES = [
  'ASSESSING',
  'APPRAISAL',
  'TOWNSHIP_CHECK',
  'NOTICE',
  'ANNOUNCED',
  'VILLAGE_PROPOSAL',
  'VILLAGE_NOTICE',
  'COUNTY_REVIEW',
  'DONE',
  'CANCELLED',
] as const;
export type VillageStage = (typeof VILLAGE_STAGES)[number];

export const COUNTY_STAGES = [
  'VILLAGES',
  'APPLICATION',
  'CITY_REVIEW',
  'SURVEY',
  'DISPUTE',
  'DISPUTE_REVIEW',
  'TESTS',
  'VERIFICATION',
  'NOTICE',
  'PROVINCE_APPROVAL',
  'DONE',
  'CANCELLED',
] as const;
export type CountyStage = (typeof COUNTY_STAGES)[number];

/** How a village's own exit (出列) ended. */
export type VillageOutcome = 'EXITED' | 'NOT_BELOW_THRESHOLD' | 'REJECTED' | 'NOT_POOR';
/** How a county's exit (摘帽) ended. */
export type CountyOutcome = 'EXITED' | 'BLOCKED' | 'REJECTED' | 'NOT_BELOW_THRESHOLD' | 'NOT_POOR' | 'ALREADY_EXITED';

/** A household's place in the cycle (ExitHousehold.status). */
export const EXIT_HOUSEHOLD_STATUSES = ['CANDIDATE', 'NOT_CANDIDATE', 'NOT_ACKNOWLEDGED', 'WITHDRAWN', 'HELD', 'OBJECTION_UPHELD', 'EXITED', 'REFUSED'] as const;
export type ExitHouseholdStatus = (typeof EXIT_HOUSEHOLD_STATUSES)[number];

/** Public notices (公示) of the process, by step key prefix. */
export const NOTICE_KEYS = { household: 'household-notice', village: 'village-notice', county: 'county-notice' } as const;
