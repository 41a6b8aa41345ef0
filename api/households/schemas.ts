import { z } from 'zod';
import { IdFilter } from '../http.ts';
import { RegionCode, trimmedString } from '../schemas.ts';
import { RETURN_REASON_MAX, RETURN_REASON_MIN } from '../../rules/return-to-poverty.ts';

export const HouseholdFilter = z
  .object({
    regionId: RegionCode.optional(),
    status: z.enum(['POOR', 'EXITED']).optional(),
    /** households with a yearly record of that year (the record shown is that year's) */
    year: z.number().int().min(2000).max(2100).optional(),
    q: z.string().max(50).optional(),
    id: IdFilter.optional(),
  })
  .strict();

export const ReturnToPovertyBody = z
  .object({ reason: trimmedString(RETURN_REASON_MIN, RETURN_REASON_MAX) })
  .strict();

export const ReturnStarted = z.object({ workflowId: z.string(), returnRequestId: z.string(), status: z.literal('PENDING') });

export const HouseholdView = z.object({
  id: z.string(),
  code: z.string(),
  headName: z.string(),
  size: z.number(),
  status: z.enum(['POOR', 'EXITED']),
  povertyCause: z.string(),
  registeredYear: z.number(),
  exitedYear: z.number().nullable(),
  benefitsUntil: z.string().nullable(),
  villageId: z.string(),
  villageName: z.string().nullable(),
  townshipId: z.string(),
  countyId: z.string(),
  record: z.object({ year: z.number(), incomePerCapita: z.number() }).passthrough().nullable(),
  /** on one household (GET /api/households/:id): the return request in progress and the step it waits on */
  pendingRequest: z
    .object({
      id: z.string(),
      workflowId: z.string(),
      status: z.literal('PENDING'),
      reason: z.string(),
      createdAt: z.string(),
      requestedBy: z.string(),
      requestedByName: z.string().nullable(),
      currentTask: z
        .object({ id: z.string(), step: z.string(), stepKey: z.string(), labels: z.unknown(), assignedRole: z.string(), regionId: z.string(), level: z.string(), dueAt: z.string() })
        .nullable(),
    })
    .nullable()
    .optional(),
});
