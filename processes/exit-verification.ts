/** The yearly exit verification (年度脱贫退出核查) registered with the process kit. */
import { createExitVerificationActivities } from '../activities/exit-verification.ts';
import { DEFAULT_EXIT_CONFIG, ExitVerificationConfig } from '../rules/exit-verification/config.ts';
import { EXIT_VERIFICATION } from '../rules/exit-verification/process.ts';
import type { ExitCycleInput } from '../workflows/exit-verification.ts';
import { defineProcess } from './definition.ts';

export const exitVerificationProcess = defineProcess<ExitCycleInput, ExitVerificationConfig>({
  type: EXIT_VERIFICATION,
  workflowType: 'exitVerificationWorkflow',
  // the business key is `<year>:<regionId>` (one cycle per year and region)
  workflowId: (key) => `exit-verification:${key}`,
  config: { kind: EXIT_VERIFICATION, schema: ExitVerificationConfig, defaults: DEFAULT_EXIT_CONFIG },
  // the route merges the office's edit onto the config in force and validates it: that is the input's config
  input: (p) => p as unknown as ExitCycleInput,
  activities: ({ db }) => createExitVerificationActivities(db),
  async describeRunning(db, workflowId) {
    const cycle = await db.cycle.findUnique({ where: { workflowId }, select: { id: true, status: true, stage: true, createdAt: true, createdById: true } });
    return cycle ? { cycleId: cycle.id, status: cycle.status, stage: cycle.stage, since: cycle.createdAt.toISOString(), createdById: cycle.createdById } : {};
  },
});
