/** Cadre accountability and incentives (干部问责与激励) registered with the process kit. */
import { createCadreAccountabilityActivities } from '../activities/cadre-accountability.ts';
import { CADRE_ACCOUNTABILITY, CadreAccountabilityConfig, CASE_KINDS, cadreCaseWorkflowId, DEFAULT_CADRE_ACCOUNTABILITY_CONFIG, type CaseKind } from '../rules/cadre-accountability.ts';
import type { CadreCaseInput } from '../workflows/cadre-accountability.ts';
import { defineProcess } from './definition.ts';

export const cadreAccountabilityProcess = defineProcess<CadreCaseInput, CadreAccountabilityConfig>({
  type: CADRE_ACCOUNTABILITY,
  workflowType: 'cadreCaseWorkflow',
  // the business key is `<kind>:<cadreId>`: one open case of a kind per cadre
  workflowId: (key) => {
    const [kind, cadreId] = key.split(':');
    if (!(CASE_KINDS as readonly string[]).includes(kind ?? '') || !cadreId) throw new Error(`not a case key: ${key}`);
    return cadreCaseWorkflowId(kind as CaseKind, cadreId);
  },
  config: { kind: CADRE_ACCOUNTABILITY, schema: CadreAccountabilityConfig, defaults: DEFAULT_CADRE_ACCOUNTABILITY_CONFIG },
  input: (p, config) => ({ ...(p as Omit<CadreCaseInput, 'config' | 'configVersion'>), config: { ...config.body, year: (p as { year: number }).year }, configVersion: config.version }),
  activities: ({ db }) => createCadreAccountabilityActivities(db),
  async describeRunning(db, workflowId) {
    const c = await db.accountabilityCase.findUnique({ where: { workflowId }, select: { id: true, kind: true, stage: true, openedAt: true, openedById: true } });
    return c ? { caseId: c.id, kind: c.kind, stage: c.stage, since: c.openedAt.toISOString(), openedById: c.openedById } : {};
  },
});
