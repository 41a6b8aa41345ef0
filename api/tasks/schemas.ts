import { z } from 'zod';

export const DecisionKind = z.enum(['APPROVE', 'REJECT', 'RETURN']);

export const DecisionBody = z
  .object({
    decision: DecisionKind,
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export const BulkDecisionBody = z
  .object({
    ids: z.array(z.string().min(1).max(40)).min(1).max(200),
    decision: DecisionKind,
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export const TaskFilter = z
  .object({
    status: z.enum(['OPEN', 'DONE', 'CANCELLED']).optional(),
    assignedRole: z.enum(['ADMIN', 'OFFICE', 'SUPERVISOR', 'LEADER', 'EVALUATOR', 'COUNTY_OPERATOR']).optional(),
    regionId: z.string().regex(/^\d{2,12}$/).optional(),
    level: z.enum(['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE']).optional(),
    kind: z.string().max(80).optional(),
    cycleId: z.string().max(40).optional(),
    caseId: z.string().max(40).optional(),
    workflowId: z.string().max(200).optional(),
    returnRequestId: z.string().max(60).optional(),
    subjectId: z.string().max(40).optional(),
    dueBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    overdue: z.boolean().optional(),
    /** false (the default): only what the caller may decide; true: every task in the caller's scope */
    all: z.boolean().optional(),
    id: z.union([z.string().max(40), z.array(z.string().max(40)).max(500)]).optional(),
  })
  .strict();

export const TaskView = z.object({
  id: z.string(),
  workflowId: z.string(),
  stepKey: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(['OPEN', 'DONE', 'CANCELLED']),
  assignedRole: z.string(),
  regionId: z.string(),
  regionName: z.string().nullable(),
  level: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  version: z.number(),
  decision: DecisionKind.nullable(),
  comment: z.string().nullable(),
  decidedById: z.string().nullable(),
  decidedByName: z.string().nullable(),
  allowedDecisions: z.array(DecisionKind),
  decidedAt: z.string().nullable(),
  cycleId: z.string().nullable(),
  caseId: z.string().nullable(),
  returnRequestId: z.string().nullable(),
});

export const BulkResult = z.object({
  results: z.array(
    z.object({ id: z.string(), ok: z.boolean(), status: z.number(), error: z.object({ code: z.string(), message: z.string() }).optional() }),
  ),
});
