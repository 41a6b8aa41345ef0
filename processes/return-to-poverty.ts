/** Return to poverty (返贫录入) registered with the process kit. */
import { createReturnToPovertyActivities } from '../activities/return-to-poverty.ts';
import {
  DEFAULT_RETURN_CONFIG,
  RETURN_TO_POVERTY,
  returnToPovertyWorkflowId,
  ReturnToPovertyConfigSchema,
  type ReturnToPovertyConfig,
} from '../rules/return-to-poverty.ts';
import type { ReturnToPovertyInput } from '../workflows/return-to-poverty.ts';
import { defineProcess } from './definition.ts';

export const returnToPovertyProcess = defineProcess<ReturnToPovertyInput, ReturnToPovertyConfig>({
  type: RETURN_TO_POVERTY,
  workflowType: 'returnToPovertyWorkflow',
  workflowId: returnToPovertyWorkflowId,
  config: { kind: RETURN_TO_POVERTY, schema: ReturnToPovertyConfigSchema, defaults: DEFAULT_RETURN_CONFIG },
  input: (p, config) => ({ ...(p as Omit<ReturnToPovertyInput, 'config' | 'configVersion'>), config: config.body, configVersion: config.version }),
  activities: ({ db }) => createReturnToPovertyActivities(db),
  async describeRunning(db, workflowId) {
    const request = await db.returnRequest.findFirst({
      where: { workflowId, status: 'PENDING' },
      orderBy: { createdAt: 'desc' },
      select: { id: true, createdAt: true, requestedById: true, household: { select: { code: true, headName: true } } },
    });
    if (!request) return {};
    // names for the console's message: which household, who asked
    const by = await db.user.findUnique({ where: { id: request.requestedById }, select: { displayName: true, username: true } });
    return {
      returnRequestId: request.id,
      since: request.createdAt.toISOString(),
      requestedById: request.requestedById,
      requestedByName: by ? `${by.displayName} (${by.username})` : null,
      householdCode: request.household.code,
      headName: request.household.headName,
    };
  },
});
