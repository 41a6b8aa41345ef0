/**
 * An exit-verification cycle written straight into a seeded database (no workflow runs): its
 * county, village and household rows, tasks at every level and audit events, so the read API and
 * the console screens can be checked against numbers known in advance.
 *
 * 沅陵县 (431222) has three villages: the work team's own village V1 (in APPRAISAL, with real poor
 * households as candidates), V2 in the same township (done, exited) and V3 in another township
 * (done, not below its threshold). 泸溪县 (433122) has one village V4 (in NOTICE).
 */
import type { Db } from '../../lib/db.ts';
import { assessHousehold, exitCandidates } from '../../rules/exit-verification/household.ts';
import { countyTests, countyThresholds } from '../../rules/exit-verification/county-tests.ts';
import { defaultExitConfig } from '../../rules/exit-verification/config.ts';

export const EXIT_YEAR = 2019;
export const HOME_COUNTY = '431222';
export const OTHER_EXIT_COUNTY = '433122';

const MINUTE = 60_000;

export interface ExitFixture {
  cycle: { id: string; workflowId: string };
  counties: { home: string; other: string };
  villages: { v1: string; v2: string; v3: string; v4: string };
  ids: { v1: string; v2: string; v3: string; v4: string };
  townships: { t1: string; t2: string };
  /** ExitHousehold rows of V1: candidates first */
  households: { id: string; householdId: string; candidate: boolean }[];
  foreignHousehold: string;
  tasks: Record<'appraisal' | 'townshipCheck' | 'countyApplication' | 'cityReview' | 'otherCounty', string>;
  /** the expected sums of the home county's villages */
  homeProgress: Record<string, number>;
  start: Date;
}

const labels = (zh: string, en: string) => ({ zh: { step: zh, decisions: { APPROVE: '同意', REJECT: '不同意', RETURN: '退回' } }, en: { step: en, decisions: { APPROVE: 'Approve', REJECT: 'Reject', RETURN: 'Return' } } });

export async function seedExitCycle(db: Db, opts: { status?: string } = {}): Promise<ExitFixture> {
  const config = defaultExitConfig(EXIT_YEAR);
  const office = await db.user.findUniqueOrThrow({ where: { username: 'office' } });
  const secretary = await db.user.findUniqueOrThrow({ where: { username: 'village.secretary' } });
  const townshipSupervisor = await db.user.findUniqueOrThrow({ where: { username: 'township.supervisor' } });
  const v1 = secretary.regionId;
  const t1 = v1.slice(0, 9);
  const v2 = (await db.region.findFirstOrThrow({ where: { parentId: t1, level: 'VILLAGE', id: { not: v1 } }, orderBy: { id: 'asc' } })).id;
  const t2 = (await db.region.findFirstOrThrow({ where: { parentId: HOME_COUNTY, level: 'TOWNSHIP', id: { not: t1 } }, orderBy: { id: 'asc' } })).id;
  const v3 = (await db.region.findFirstOrThrow({ where: { parentId: t2, level: 'VILLAGE' }, orderBy: { id: 'asc' } })).id;
  const otherTownship = (await db.region.findFirstOrThrow({ where: { parentId: OTHER_EXIT_COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } })).id;
  const v4 = `${otherTownship}901`;
  await db.region.upsert({ where: { id: v4 }, create: { id: v4, code: v4, name: '外县核查村', level: 'VILLAGE', parentId: otherTownship, isPoor: true }, update: {} });
  const foreign = await db.household.upsert({
    where: { code: `${v4}0001` },
    create: { id: `H${v4}0001`, code: `${v4}0001`, headName: '王五', size: 4, status: 'POOR', povertyCause: 'ILLNESS', registeredYear: 2014, cityId: '4331', countyId: OTHER_EXIT_COUNTY, townshipId: otherTownship, villageId: v4 },
    update: {},
  });

  const start = new Date(Date.now() - 3 * 86_400_000);
  const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
  const workflowId = `exit-verification:${EXIT_YEAR}:43`;
  const cycle = await db.cycle.create({
    data: { type: 'EXIT_VERIFICATION', year: EXIT_YEAR, regionId: '43', status: (opts.status ?? 'RUNNING') as 'RUNNING', stage: 'COUNTIES', workflowId, config, configVersion: config.version, seed: 'fixture-seed', createdById: office.id, createdAt: start, progress: { counties: 2, countiesDone: 0 } },
  });

  const home = await db.region.findUniqueOrThrow({ where: { id: HOME_COUNTY } });
  const tests = countyTests(
    { poorPopulation: 180, ruralPopulation: 12_000, sampledExited: 150, wronglyExited: 3, unregisteredPopulation: 4_000, missed: 20, surveyedHouseholds: 300, approvingHouseholds: 280 },
    countyThresholds({ code: home.code, isWestern: home.isWestern }, config),
  );
  const countyRows = await Promise.all([
    db.exitCounty.create({ data: { cycleId: cycle.id, countyId: HOME_COUNTY, cityId: '4312', workflowId: `${workflowId}:county:${HOME_COUNTY}`, stage: 'DONE', poorCounty: true, tests: tests as object, testsPassed: tests.pass, outcome: 'BLOCKED', outcomeReason: `三率一度未通过：${tests.failed.join('、')}` } }),
    db.exitCounty.create({ data: { cycleId: cycle.id, countyId: OTHER_EXIT_COUNTY, cityId: '4331', workflowId: `${workflowId}:county:${OTHER_EXIT_COUNTY}`, stage: 'VILLAGES', poorCounty: true } }),
  ]);

  const village = (villageId: string, data: Record<string, unknown>) =>
    db.exitVillage.create({ data: { cycleId: cycle.id, villageId, townshipId: villageId.slice(0, 9), countyId: villageId.slice(0, 6), workflowId: `${workflowId}:village:${villageId}`, poorVillage: true, stage: 'APPRAISAL', ...data } });
  const rows = {
    v1: await village(v1, { stage: 'APPRAISAL', assessed: 4, candidates: 3, acknowledged: 1 }),
    v2: await village(v2, { stage: 'DONE', villageOutcome: 'EXITED', assessed: 5, candidates: 4, acknowledged: 4, held: 1, exited: 2, refused: 1 }),
    v3: await village(v3, { stage: 'DONE', villageOutcome: 'NOT_BELOW_THRESHOLD', assessed: 2, candidates: 1, acknowledged: 1, exited: 1 }),
    v4: await village(v4, { stage: 'NOTICE', assessed: 7, candidates: 5, acknowledged: 5, held: 2 }),
  };

  // V1's households: three candidates (one acknowledged) and one that fails the income line
  const poor = await db.household.findMany({ where: { villageId: v1 }, orderBy: { code: 'asc' }, take: 4 });
  if (poor.length < 4) throw new Error(`village ${v1} has ${poor.length} households; the fixture needs 4`);
  const record = (code: string, income: number) => ({ householdCode: code, year: EXIT_YEAR, incomePerCapita: income, foodSecure: true, clothingSecure: true, educationSecured: true, medicalSecured: true, housingSafe: income > 3000, drinkingWaterSafe: true, source: 'REGISTRY' });
  const results = exitCandidates(
    poor.map((h, i) => ({ householdCode: h.code, status: 'POOR', record: record(h.code, i < 3 ? 5200 + i * 100 : 2900), facts: [] })),
    config,
  );
  const households = [];
  for (const [i, h] of poor.entries()) {
    const r = results[i];
    const row = await db.exitHousehold.create({
      data: {
        cycleId: cycle.id,
        householdId: h.id,
        villageId: v1,
        countyId: HOME_COUNTY,
        candidate: r.candidate,
        assessment: (r.assessment ?? assessHousehold(h.code, null, [], config)) as object,
        reasonZh: r.reason.zh,
        reasonEn: r.reason.en,
        status: r.candidate ? 'CANDIDATE' : 'NOT_CANDIDATE',
        ...(i === 0 ? { acknowledged: true, acknowledgedAt: at(30), acknowledgedById: secretary.id, acknowledgementNote: '户主签字认可' } : {}),
      },
    });
    households.push({ id: row.id, householdId: h.id, candidate: r.candidate });
  }
  const foreignRow = await db.exitHousehold.create({
    data: { cycleId: cycle.id, householdId: foreign.id, villageId: v4, countyId: OTHER_EXIT_COUNTY, candidate: true, assessment: {}, reasonZh: '达到 2019 年退出标准', reasonEn: 'meets the 2019 exit standard', status: 'HELD' },
  });

  const past = new Date(Date.now() - 86_400_000);
  const future = new Date(Date.now() + 5 * 86_400_000);
  const task = (data: Record<string, unknown>) =>
    db.task.create({
      data: {
        processType: 'EXIT_VERIFICATION',
        processId: cycle.id,
        cycleId: cycle.id,
        kind: 'APPROVAL',
        title: String((data.labels as { zh: { step: string } }).zh.step),
        allowedDecisions: 'APPROVE,REJECT,RETURN',
        ...data,
      } as never,
    });
  const appraisal = await task({ workflowId: rows.v1.workflowId, step: 'village-appraisal', stepKey: 'village-appraisal#1', labels: labels('民主评议与户认可', 'Democratic appraisal and acknowledgement'), assignedRole: 'FIRST_SECRETARY', regionId: v1, level: 'VILLAGE', subjectType: 'VILLAGE', subjectId: v1, dueAt: past, createdAt: at(1), remindedAt: at(4), escalatedAt: at(7), escalatedToRegionId: t1 });
  const townshipCheck = await task({ workflowId: rows.v2.workflowId, step: 'township-check', stepKey: 'township-check#1', labels: labels('乡镇审核', 'Township check'), assignedRole: 'SUPERVISOR', regionId: t1, level: 'TOWNSHIP', subjectType: 'VILLAGE', subjectId: v2, dueAt: future, createdAt: at(2), status: 'DONE', decision: 'APPROVE', comment: '名单核实无误', decidedById: townshipSupervisor.id, decidedAt: at(3) });
  const countyApplication = await task({ workflowId: countyRows[0].workflowId, step: 'county-application', stepKey: 'county-application#1', labels: labels('县级申请', 'County application'), assignedRole: 'COUNTY_OPERATOR', regionId: HOME_COUNTY, level: 'COUNTY', subjectType: 'COUNTY', subjectId: HOME_COUNTY, dueAt: future, createdAt: at(5) });
  const cityReview = await task({ workflowId: countyRows[0].workflowId, step: 'city-review', stepKey: 'city-review#1', labels: labels('市级初审', 'City preliminary review'), assignedRole: 'SUPERVISOR', regionId: '4312', level: 'CITY', subjectType: 'COUNTY', subjectId: HOME_COUNTY, dueAt: past, createdAt: at(6) });
  const otherCounty = await task({ workflowId: countyRows[1].workflowId, step: 'county-application', stepKey: 'county-application#1', labels: labels('县级申请', 'County application'), assignedRole: 'COUNTY_OPERATOR', regionId: OTHER_EXIT_COUNTY, level: 'COUNTY', subjectType: 'COUNTY', subjectId: OTHER_EXIT_COUNTY, dueAt: past, createdAt: at(8) });

  await db.auditEvent.createMany({
    data: [
      { at: at(0), actorId: office.id, actorName: 'office', actorRole: 'OFFICE', action: 'CYCLE_CREATED', targetType: 'CYCLE', targetId: cycle.id, regionId: '43', outcome: 'SUCCESS', details: { year: EXIT_YEAR }, workflowId },
      { at: at(9), actorId: null, actorName: 'system (workflow)', action: 'HOUSEHOLDS_ASSESSED', targetType: 'VILLAGE', targetId: v1, regionId: v1, outcome: 'SUCCESS', details: { assessed: 4, candidates: 3 }, workflowId: rows.v1.workflowId },
      // a task's own audit row is not repeated on the timeline (the task's events come from the task)
      { at: at(1), actorId: null, actorName: 'system (workflow)', action: 'TASK_OPENED', targetType: 'TASK', targetId: appraisal.id, regionId: v1, outcome: 'SUCCESS', details: {}, workflowId: rows.v1.workflowId },
    ],
  });

  return {
    cycle: { id: cycle.id, workflowId },
    counties: { home: countyRows[0].id, other: countyRows[1].id },
    villages: { v1, v2, v3, v4 },
    ids: { v1: rows.v1.id, v2: rows.v2.id, v3: rows.v3.id, v4: rows.v4.id },
    townships: { t1, t2 },
    households,
    foreignHousehold: foreignRow.id,
    tasks: { appraisal: appraisal.id, townshipCheck: townshipCheck.id, countyApplication: countyApplication.id, cityReview: cityReview.id, otherCounty: otherCounty.id },
    homeProgress: { villages: 3, villagesDone: 2, assessed: 11, candidates: 8, acknowledged: 6, held: 1, exited: 3, refused: 1, villagesExited: 1 },
    start,
  };
}
