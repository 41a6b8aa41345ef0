/**
 * A county assessment cycle of 2016 with ranking snapshots, written straight to the database for
 * the console's tests (the workflow that produces them has its own tests): the default framework,
 * three real counties with values entered by each source, scored and applied by the rules
 * themselves, so the snapshot has the shape and numbers the workflow stores.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../../lib/db.ts';
import { defaultCountyAssessmentConfig } from '../../rules/county-assessment/config.ts';
import { applyResults } from '../../rules/county-assessment/results.ts';
import { rankCounties, type CountyInput, type RecordedValue } from '../../rules/county-assessment/scoring.ts';

export const RANKING_YEAR = 2016;

const v = (value: number, source: RecordedValue['source'], sourceRef: string): RecordedValue => ({ value, source, sourceRef });
const values = (reduction: number, task: number, growth: number, satisfaction: number, funds: number, late: boolean) => ({
  REDUCTION_RATE: v(reduction, 'REGISTRY', `registry 2016: exitedInYear ÷ poorAtStart = ${reduction}`),
  TASK_COMPLETION: v(task, 'REGISTRY', `registry 2016: exitedInYear ÷ plannedExits = ${task}`),
  INCOME_GROWTH: v(growth, 'STATISTICS', '省统计局 2016 年统计公报'),
  IDENTIFICATION_ACCURACY: v(0.99, 'THIRD_PARTY', '第三方评估调查 2016'),
  EXIT_ACCURACY: v(0.985, 'THIRD_PARTY', '第三方评估调查 2016'),
  ASSISTANCE_SATISFACTION: v(satisfaction, 'THIRD_PARTY', '第三方评估调查 2016'),
  TEAM_COVERAGE: v(1, 'REGISTRY', 'registry 2016: poorVillagesWithTeam ÷ poorVillages = 1'),
  RESPONSIBLE_PERSON_COVERAGE: v(1, 'REGISTRY', 'registry 2016: poorHouseholdsWithResponsible ÷ poorHouseholds = 1'),
  FUND_PERFORMANCE: v(funds, 'STATISTICS', '省财政厅绩效评价 2016'),
  PROJECT_NOTICE_RATE: v(1, 'SELF_REPORTED', '县级报送表'),
  PAIRED_FUNDS_DELIVERY: v(0.9, 'SELF_REPORTED', '县级报送表'),
  ELDERLY_SUBSIDY_COVERAGE: v(0.72, 'STATISTICS', '省民政厅 2016'),
  ASSOCIATION_RATE: v(late ? 0.85 : 0.93, 'SELF_REPORTED', '县级报送表'),
});

export const RANKED_COUNTIES: CountyInput[] = [
  { regionId: '431222', name: '沅陵县', paired: true, late: false, values: values(0.18, 1.05, 0.11, 0.93, 86, false) },
  { regionId: '433122', name: '泸溪县', paired: true, late: true, values: values(0.15, 0.92, 0.1, 0.9, 80, true) },
  { regionId: '430523', name: '邵阳县', paired: true, late: false, values: values(0.12, 1, 0.08, 0.88, 75, false) },
];

/** The cycle, a published version 1 and (when `draft`) a draft version 2; answers their ids. */
export async function insertRankings(db: Db, opts: { draft?: boolean } = {}): Promise<{ cycleId: string; publishedId: string; draftId: string | null }> {
  const config = defaultCountyAssessmentConfig(RANKING_YEAR);
  const cycleId = `cyc_${randomUUID()}`;
  await db.cycle.create({
    data: { id: cycleId, type: 'COUNTY_ASSESSMENT', year: RANKING_YEAR, regionId: '43', status: 'COMPLETED', stage: 'COMPLETED', workflowId: `county-assessment:${RANKING_YEAR}:43:${cycleId}`, config: config as unknown as Prisma.InputJsonValue, configVersion: 1, createdById: 'fixture', completedAt: new Date() },
  });
  const ranked = rankCounties(config, RANKED_COUNTIES);
  const results = applyResults(config, ranked, { '430523': 12 });
  const entries = ranked.map((e, i) => ({ ...e, result: results[i] })) as unknown as Prisma.InputJsonValue;
  const published = await db.rankingSnapshot.create({ data: { cycleId, year: RANKING_YEAR, version: 1, status: 'PUBLISHED', entries, publishedAt: new Date() } });
  const draft = opts.draft ? await db.rankingSnapshot.create({ data: { cycleId, year: RANKING_YEAR, version: 2, status: 'DRAFT', entries } }) : null;
  return { cycleId, publishedId: published.id, draftId: draft?.id ?? null };
}
