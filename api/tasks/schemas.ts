import { z } from 'zod';
import { DECISION_VALUES, REGION_LEVEL_VALUES, ROLE_VALUES, TASK_STATUS_VALUES } from '../../rules/enums.ts';
import { MAX_IDS } from '../http.ts';
import { RegionCode } from '../schemas.ts';

export const DecisionKind = z.enum(DECISION_VALUES);

/** Form values of a step (checked against the task's form schema, rules/forms.ts). */
export const Payload = z.record(z.string().max(60), z.union([z.string().max(2000), z.number().finite(), z.boolean()]));

export const DecisionBody = z
  .object({
    decision: DecisionKind,
    comment: z.string().trim().max(2000).optional(),
    payload: Payload.optional(),
  })
  .strict();

/** Most tasks one bulk decision may name (decided with bounded concurrency, one result per task). */
export const BULK_MAX = 1000;

export const BulkDecisionBody = z
  .object({
    ids: z.array(z.string().min(1).max(40)).min(1).max(BULK_MAX),
    decision: DecisionKind,
    comment: z.string().trim().max(2000).optional(),
    payload: Payload.optional(),
  })
  .strict();

export const TaskFilter = z
  .object({
    status: z.enum(TASK_STATUS_VALUES).optional(),
    assignedRole: z.enum(ROLE_VALUES).optional(),
    regionId: RegionCode.optional(),
    level: z.enum(REGION_LEVEL_VALUES).optional(),
    kind: z.string().max(80).optional(),
    processType: z.string().max(60).optional(),
    processId: z.string().max(60).optional(),
    step: z.string().max(60).optional(),
    cycleId: z.string().max(40).optional(),
    caseId: z.string().max(40).optional(),
    workflowId: z.string().max(200).optional(),
    subjectId: z.string().max(40).optional(),
    dueBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    overdue: z.boolean().optional(),
    /** false (the default): only what the caller may decide; true: every task in the caller's scope */
    all: z.boolean().optional(),
    id: z.union([z.string().max(40), z.array(z.string().max(40)).max(MAX_IDS)]).optional(),
  })
  .strict();

const Labels = z.object({ step: z.string(), decisions: z.record(z.string(), z.string()).optional() });

export const TaskView = z.object({
  id: z.string(),
  processType: z.string(),
  processId: z.string().nullable(),
  workflowId: z.string(),
  step: z.string(),
  stepKey: z.string(),
  kind: z.string(),
  labels: z.object({ zh: Labels, en: Labels }),
  title: z.string(),
  status: z.enum(TASK_STATUS_VALUES),
  assignedRole: z.enum(ROLE_VALUES),
  regionId: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(REGION_LEVEL_VALUES),
  subjectType: z.string(),
  subjectId: z.string(),
  subjectLabel: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  version: z.number(),
  snapshot: z.unknown().nullable(),
  formSchema: z.array(z.object({ name: z.string(), type: z.string() }).passthrough()).nullable(),
  payload: Payload.nullable(),
  decision: DecisionKind.nullable(),
  comment: z.string().nullable(),
  decidedById: z.string().nullable(),
  decidedByName: z.string().nullable(),
  allowedDecisions: z.array(DecisionKind),
  commentRequiredFor: z.array(DecisionKind),
  decidedAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  escalatedToRegionId: z.string().nullable(),
  cycleId: z.string().nullable(),
  caseId: z.string().nullable(),
  createdAt: z.string(),
});

export const BulkResult = z.object({
  results: z.array(
    z.object({ id: z.string(), ok: z.boolean(), status: z.number(), error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()).optional() }).optional() }),
  ),
  succeeded: z.number(),
  failed: z.number(),
});
