/** The county assessment cycle (贫困县扶贫开发工作成效考核) registered with the process kit. */
import { createCountyAssessmentActivities } from '../activities/county-assessment.ts';
import { CountyAssessmentConfig, DEFAULT_COUNTY_ASSESSMENT_CONFIG } from '../rules/county-assessment/config.ts';
import { assessmentWorkflowId, COUNTY_ASSESSMENT } from '../rules/county-assessment/process.ts';
import type { CountyAssessmentInput } from '../workflows/county-assessment.ts';
import { defineProcess } from './definition.ts';

export const countyAssessmentProcess = defineProcess<CountyAssessmentInput, CountyAssessmentConfig>({
  type: COUNTY_ASSESSMENT,
  workflowType: 'countyAssessmentWorkflow',
  // the business key is `<year>:<regionId>` (one cycle per year and region)
  workflowId: (key) => {
    const [year, regionId] = key.split(':');
    return assessmentWorkflowId(Number(year), regionId ?? '');
  },
  config: { kind: COUNTY_ASSESSMENT, schema: CountyAssessmentConfig, defaults: DEFAULT_COUNTY_ASSESSMENT_CONFIG },
  // the route merges the office's edit onto the config in force and validates it: that is the input's config
  input: (p) => p as unknown as CountyAssessmentInput,
  activities: ({ db }) => createCountyAssessmentActivities(db),
  async describeRunning(db, workflowId) {
    const cycle = await db.cycle.findUnique({ where: { workflowId }, select: { id: true, status: true, stage: true, createdAt: true, createdById: true } });
    return cycle ? { cycleId: cycle.id, status: cycle.status, stage: cycle.stage, since: cycle.createdAt.toISOString(), createdById: cycle.createdById } : {};
  },
});
