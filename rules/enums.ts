// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.ts: do not edit.
// The one source of every list of values (roles, levels, decisions, statuses) outside Prisma.

export const REGION_LEVEL_VALUES = [
  'PROVINCE',
  'CITY',
  'COUNTY',
  'TOWNSHIP',
  'VILLAGE',
] as const;
export type RegionLevel = (typeof REGION_LEVEL_VALUES)[number];

export const HOUSEHOLD_STATUS_VALUES = [
  'POOR', // registered poor (建档立卡贫困户)
  'EXITED', // deregistered (已脱贫销号)
] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUS_VALUES)[number];

export const VALUE_SOURCE_VALUES = [
  'SELF_REPORTED', // county / household report (自报)
  'THIRD_PARTY', // third-party evaluation (第三方评估)
  'STATISTICS', // statistics import (统计数据)
  'REGISTRY', // computed from the registry (系统计算)
] as const;
export type ValueSource = (typeof VALUE_SOURCE_VALUES)[number];

export const LEDGER_KIND_VALUES = [
  'REGISTERED', // 建档立卡
  'EXITED', // 脱贫销号
  'RETURNED', // 返贫录入
] as const;
export type LedgerKind = (typeof LEDGER_KIND_VALUES)[number];

export const CADRE_POSITION_VALUES = [
  'FIRST_SECRETARY', // 第一书记
  'TEAM_LEADER', // 驻村工作队长
  'TEAM_MEMBER', // 驻村工作队员
  'COUNTY_LEADER', // 县级领导
  'RESPONSIBLE_PERSON', // 帮扶责任人
] as const;
export type CadrePosition = (typeof CADRE_POSITION_VALUES)[number];

export const ASSIGNMENT_KIND_VALUES = [
  'VILLAGE_TEAM', // 驻村帮扶工作队
  'HOUSEHOLD_RESPONSIBLE', // 帮扶责任人
] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KIND_VALUES)[number];

export const ROLE_VALUES = [
  'ADMIN',
  'OFFICE', // assessment office (考核办 / 扶贫办)
  'SUPERVISOR', // 审核人
  'LEADER', // 领导 (read-only)
  'EVALUATOR', // third-party evaluator (第三方评估)
  'COUNTY_OPERATOR', // 县级填报员
  'FIRST_SECRETARY',
] as const;
export type Role = (typeof ROLE_VALUES)[number];

export const CYCLE_TYPE_VALUES = [
  'EXIT_VERIFICATION',
  'COUNTY_ASSESSMENT',
] as const;
export type CycleType = (typeof CYCLE_TYPE_VALUES)[number];

export const PROCESS_STATUS_VALUES = [
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type ProcessStatus = (typeof PROCESS_STATUS_VALUES)[number];

export const REQUEST_STATUS_VALUES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'CANCELLED',
] as const;
export type RequestStatus = (typeof REQUEST_STATUS_VALUES)[number];

export const TASK_STATUS_VALUES = [
  'OPEN',
  'DONE',
  'CANCELLED',
] as const;
export type TaskStatus = (typeof TASK_STATUS_VALUES)[number];

export const DECISION_VALUES = [
  'APPROVE',
  'REJECT',
  'RETURN',
] as const;
export type Decision = (typeof DECISION_VALUES)[number];

export const CASE_KIND_VALUES = [
  'INTERVIEW', // 约谈
  'RECALL', // 召回
  'REWARD', // 奖励 / 评先评优
  'ACCOUNTABILITY', // 问责
] as const;
export type CaseKind = (typeof CASE_KIND_VALUES)[number];

export const SNAPSHOT_STATUS_VALUES = [
  'DRAFT',
  'NOTICE', // 排名公示
  'PUBLISHED',
] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUS_VALUES)[number];

export const SUBJECT_TYPE_VALUES = [
  'HOUSEHOLD',
  'VILLAGE',
  'COUNTY',
  'RANKING',
  'CADRE', // a cadre's reward under public notice (评先评优公示)
] as const;
export type SubjectType = (typeof SUBJECT_TYPE_VALUES)[number];
