/**
 * The exit-verification read API on both databases, over a cycle written straight into the seeded
 * database (test/helpers/exit-read-fixtures.ts): the numbers it answers are the sums of those rows, each
 * caller sees only their scope, and the launch form's config routes name each bad field.
 */
import { beforeAll, expect, it } from 'vitest';
import { seedExitCycle, EXIT_YEAR, HOME_COUNTY, OTHER_EXIT_COUNTY, type ExitFixture } from '../helpers/exit-read-fixtures.ts';
import { forEachProvider } from './context.ts';

const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

forEachProvider('exit-verification reads', (ctx) => {
  const { get, post } = ctx;
  let fx: ExitFixture;
  beforeAll(async () => {
    fx = await seedExitCycle(ctx.stack.db);
  });

  it('lists the counties of a cycle with progress summed from their villages and open / overdue tasks per level', async () => {
    const res = await get('office', `/api/exit-counties?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('exit-counties 0-1/2');
    const [home, other] = res.body;
    expect(home).toMatchObject({ id: fx.counties.home, countyId: HOME_COUNTY, countyName: '沅陵县', cityName: '怀化市', stage: 'DONE', outcome: 'BLOCKED' });
    expect(home.progress).toEqual(fx.homeProgress);
    // village-appraisal (overdue) at the village, the county's application, and the city's review (overdue) about it
    expect(home.openTasks).toEqual({ VILLAGE: 1, COUNTY: 1, CITY: 1 });
    expect(home.overdueTasks).toEqual({ VILLAGE: 1, CITY: 1 });
    expect([home.open, home.overdue]).toEqual([3, 2]);
    expect(home.tests.failed).toEqual(['wrongExitRate']);
    expect(other).toMatchObject({ countyId: OTHER_EXIT_COUNTY, countyName: '泸溪县', progress: { villages: 1, assessed: 7, candidates: 5, acknowledged: 5, held: 2, villagesDone: 0 }, openTasks: { COUNTY: 1 }, overdueTasks: { COUNTY: 1 } });

    const blocked = await get('office', `/api/exit-counties?${q({ filter: { cycleId: fx.cycle.id, outcome: 'BLOCKED' } })}`);
    expect(blocked.body.map((c: { countyId: string }) => c.countyId)).toEqual([HOME_COUNTY]);
    const byCity = await get('office', `/api/exit-counties?${q({ filter: { cycleId: fx.cycle.id, cityId: '4331' } })}`);
    expect(byCity.body.map((c: { countyId: string }) => c.countyId)).toEqual([OTHER_EXIT_COUNTY]);
    const one = await get('office', `/api/exit-counties/${fx.counties.home}`);
    expect(one.body).toMatchObject({ countyName: '沅陵县', progress: fx.homeProgress, openTasks: { VILLAGE: 1, COUNTY: 1, CITY: 1 } });
    expect((await get('office', '/api/exit-counties/nope')).status).toBe(404);
  });

  it('scopes counties: a county user sees their county only, the village work team its own county, another county nothing', async () => {
    const mine = await get('county.operator', `/api/exit-counties?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(mine.status).toBe(200);
    expect(mine.body.map((c: { countyId: string }) => c.countyId)).toEqual([HOME_COUNTY]);
    expect(mine.headers['content-range']).toBe('exit-counties 0-0/1');
    const secretary = await get('village.secretary', `/api/exit-counties?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(secretary.body.map((c: { countyId: string }) => c.countyId)).toEqual([HOME_COUNTY]);
    expect((await get('other.supervisor', `/api/exit-counties/${fx.counties.home}`)).status).toBe(403);
    expect((await get('county.operator', `/api/exit-counties/${fx.counties.other}`)).status).toBe(403);
    expect((await get('county.operator', `/api/exit-counties?${q({ filter: { cityId: '4331' } })}`)).status).toBe(403);
    const otherList = await get('other.supervisor', `/api/exit-counties?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(otherList.body.map((c: { countyId: string }) => c.countyId)).toEqual([OTHER_EXIT_COUNTY]);
  });

  it('sums a cycle\'s progress inside the caller\'s scope (the cycle list\'s bars)', async () => {
    const office = await get('office', `/api/exit-progress?${q({ filter: { cycleId: [fx.cycle.id, 'unknown-cycle'] } })}`);
    expect(office.status).toBe(200);
    expect(office.headers['content-range']).toBe('exit-progress 0-0/1');
    expect(office.body[0]).toMatchObject({ id: fx.cycle.id, counties: 2, countiesDone: 1, countiesExited: 0, villages: 4, villagesDone: 2, villagesExited: 1, assessed: 18, candidates: 13, acknowledged: 11, held: 3, exited: 3, refused: 1, open: 4, overdue: 3, openTasks: { VILLAGE: 1, COUNTY: 2, CITY: 1 }, overdueTasks: { VILLAGE: 1, COUNTY: 1, CITY: 1 } });
    const all = await get('leader', '/api/exit-progress');
    expect(all.status).toBe(200);
    expect(all.body.map((p: { id: string }) => p.id)).toEqual([fx.cycle.id]);
    const county = await get('county.supervisor', `/api/exit-progress?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(county.body[0]).toMatchObject({ counties: 1, countiesDone: 1, ...fx.homeProgress, open: 2, overdue: 1, openTasks: { VILLAGE: 1, COUNTY: 1 } });
  });

  it('rolls villages up per township', async () => {
    const res = await get('county.supervisor', `/api/exit-townships?${q({ filter: { cycleId: fx.cycle.id, countyId: HOME_COUNTY } })}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('exit-townships 0-1/2');
    const byId = Object.fromEntries(res.body.map((t: { townshipId: string }) => [t.townshipId, t]));
    expect(byId[fx.townships.t1]).toMatchObject({ villages: 2, villagesDone: 1, assessed: 9, candidates: 7, acknowledged: 5, held: 1, exited: 2, refused: 1, villagesExited: 1, openTasks: { VILLAGE: 1 }, overdueTasks: { VILLAGE: 1 } });
    expect(byId[fx.townships.t2]).toMatchObject({ villages: 1, villagesDone: 1, assessed: 2, exited: 1, villagesExited: 0, open: 0 });
    expect(typeof byId[fx.townships.t1].townshipName).toBe('string');
    // the work team sees its own township's line only
    const secretary = await get('village.secretary', `/api/exit-townships?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(secretary.body.map((t: { townshipId: string }) => t.townshipId)).toEqual([fx.townships.t1]);
    expect((await get('county.operator', `/api/exit-townships?${q({ filter: { countyId: OTHER_EXIT_COUNTY } })}`)).status).toBe(403);
  });

  it('lists villages with names and tasks, inside the scope only', async () => {
    const res = await get('county.supervisor', `/api/exit-villages?${q({ filter: { cycleId: fx.cycle.id }, sort: ['villageId', 'ASC'] })}`);
    expect(res.status).toBe(200);
    expect(res.body.map((v: { villageId: string }) => v.villageId)).toEqual([fx.villages.v1, fx.villages.v2, fx.villages.v3].sort());
    const v1 = res.body.find((v: { villageId: string }) => v.villageId === fx.villages.v1);
    expect(v1).toMatchObject({ stage: 'APPRAISAL', candidates: 3, acknowledged: 1, openTasks: { VILLAGE: 1 }, overdueTasks: { VILLAGE: 1 } });
    expect(typeof v1.villageName).toBe('string');
    expect(typeof v1.townshipName).toBe('string');
    const township = await get('office', `/api/exit-villages?${q({ filter: { cycleId: fx.cycle.id, townshipId: fx.townships.t1, stage: 'DONE' } })}`);
    expect(township.body.map((v: { villageId: string }) => v.villageId)).toEqual([fx.villages.v2]);
    const secretary = await get('village.secretary', `/api/exit-villages?${q({ filter: { cycleId: fx.cycle.id } })}`);
    expect(secretary.body.map((v: { villageId: string }) => v.villageId)).toEqual([fx.villages.v1]);
    expect((await get('village.secretary', `/api/exit-villages/${fx.ids.v2}`)).status).toBe(403);
    expect((await get('county.operator', `/api/exit-villages/${fx.ids.v4}`)).status).toBe(403);
    expect((await get('county.operator', `/api/exit-villages?${q({ filter: { countyId: OTHER_EXIT_COUNTY } })}`)).status).toBe(403);
    const one = await get('village.secretary', `/api/exit-villages/${fx.ids.v1}`);
    expect(one.body).toMatchObject({ id: fx.ids.v1, villageId: fx.villages.v1, stage: 'APPRAISAL' });
  });

  it('lists assessed households with register fields, each criterion, reason and acknowledgement', async () => {
    const res = await get('village.secretary', `/api/exit-households?${q({ filter: { cycleId: fx.cycle.id, villageId: fx.villages.v1 }, range: [0, 9] })}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('exit-households 0-3/4');
    const register = await ctx.stack.db.household.findUniqueOrThrow({ where: { id: fx.households[0].householdId } });
    const first = res.body.find((h: { id: string }) => h.id === fx.households[0].id);
    expect(first).toMatchObject({ householdCode: register.code, headName: register.headName, size: register.size, status: 'CANDIDATE', candidate: true, acknowledged: true, acknowledgementNote: '户主签字认可', acknowledgedByName: expect.stringContaining('第一书记') });
    expect(first.assessment.checks.map((c: { criterion: string }) => c.criterion)).toEqual(['income', 'food', 'clothing', 'education', 'medical', 'housing', 'drinkingWater']);
    expect(first.reasonZh).toBe(`达到 ${EXIT_YEAR} 年退出标准`);
    const refused = await get('county.supervisor', `/api/exit-households?${q({ filter: { cycleId: fx.cycle.id, candidate: false } })}`);
    expect(refused.body.map((h: { id: string }) => h.id)).toEqual([fx.households[3].id]);
    expect(refused.body[0].reasonZh).toContain('人均纯收入 2,900 元，未超过标准 3,218 元');
    expect(refused.body[0].reasonEn).toContain('income 2,900 yuan is not above the line 3,218');
    const one = await get('village.secretary', `/api/exit-households/${fx.households[1].id}`);
    expect(one.body).toMatchObject({ id: fx.households[1].id, status: 'CANDIDATE', acknowledged: null, exitVillageId: fx.ids.v1, villageStage: 'APPRAISAL' });
    // another county's household: 403, and not in the list
    expect((await get('county.operator', `/api/exit-households/${fx.foreignHousehold}`)).status).toBe(403);
    const all = await get('county.operator', `/api/exit-households?${q({ filter: { cycleId: fx.cycle.id }, range: [0, 99] })}`);
    expect(all.body.some((h: { id: string }) => h.id === fx.foreignHousehold)).toBe(false);
    expect((await get('county.operator', `/api/exit-households?${q({ filter: { villageId: fx.villages.v4 } })}`)).status).toBe(403);
    expect((await get('office', `/api/exit-households?${q({ filter: { status: 'GONE' } })}`)).status).toBe(400);
  });

  it("gives a cycle's steps in time order with who decided what, paged", async () => {
    const res = await get('office', `/api/cycles/${fx.cycle.id}/timeline?${q({ range: [0, 49] })}`);
    expect(res.status).toBe(200);
    const steps = res.body.map((e: { kind: string; task?: { step: string }; event?: { action: string } }) => `${e.kind}:${e.task?.step ?? e.event?.action}`);
    expect(steps).toEqual([
      'EVENT:CYCLE_CREATED',
      'TASK_OPENED:village-appraisal',
      'TASK_OPENED:township-check',
      'TASK_DECIDED:township-check',
      'TASK_REMINDED:village-appraisal',
      'TASK_OPENED:county-application',
      'TASK_OPENED:city-review',
      'TASK_ESCALATED:village-appraisal',
      'TASK_OPENED:county-application',
      'EVENT:HOUSEHOLDS_ASSESSED',
    ]);
    expect(res.headers['content-range']).toBe('timeline 0-9/10');
    const decided = res.body[3];
    expect(decided.task).toMatchObject({ decision: 'APPROVE', comment: '名单核实无误', decidedByName: expect.stringContaining('审核人'), decidedByRole: 'SUPERVISOR' });
    expect(res.body[7].task.escalatedToRegionId).toBe(fx.townships.t1);
    const page = await get('office', `/api/cycles/${fx.cycle.id}/timeline?${q({ range: [3, 5] })}`);
    expect(page.headers['content-range']).toBe('timeline 3-5/10');
    expect(page.body.map((e: { id: string }) => e.id)).toEqual(res.body.slice(3, 6).map((e: { id: string }) => e.id));
    const newest = await get('office', `/api/cycles/${fx.cycle.id}/timeline?${q({ range: [0, 0], sort: ['at', 'DESC'] })}`);
    expect(newest.body[0].event.action).toBe('HOUSEHOLDS_ASSESSED');
    // a county supervisor: the steps inside the county, no province or city rows
    const county = await get('county.supervisor', `/api/cycles/${fx.cycle.id}/timeline?${q({ range: [0, 49] })}`);
    expect(county.body.map((e: { kind: string; task?: { step: string }; event?: { action: string } }) => `${e.kind}:${e.task?.step ?? e.event?.action}`)).toEqual([
      'TASK_OPENED:village-appraisal',
      'TASK_OPENED:township-check',
      'TASK_DECIDED:township-check',
      'TASK_REMINDED:village-appraisal',
      'TASK_OPENED:county-application',
      'TASK_ESCALATED:village-appraisal',
      'EVENT:HOUSEHOLDS_ASSESSED',
    ]);
    // no audit log for a role that may not read it
    const operator = await get('county.operator', `/api/cycles/${fx.cycle.id}/timeline?${q({ filter: { kind: 'EVENT' } })}`);
    expect(operator.headers['content-range']).toBe('timeline 0-0/0');
    expect((await get('office', '/api/cycles/nope/timeline')).status).toBe(404);
  });

  it('gives the config in force for a year: the stored version, else the documented default', async () => {
    const fallback = await get('office', '/api/exit-config/default?year=2016');
    expect(fallback.status).toBe(200);
    expect(fallback.body).toMatchObject({ year: 2016, source: 'DEFAULT', version: 1, config: { year: 2016, household: { povertyLine: 2952 }, incidence: { village: { default: 0.02, western: 0.03 } } } });
    const stored = { ...fallback.body.config, version: 3, noticePeriods: { household: 10, village: 7, county: 7 } };
    await ctx.stack.db.configVersion.create({ data: { kind: 'EXIT_VERIFICATION', year: 2016, version: 3, body: stored } });
    const inForce = await get('county.operator', '/api/exit-config/default?year=2016');
    expect(inForce.body).toMatchObject({ source: 'CONFIG_VERSION', version: 3, config: { noticePeriods: { household: 10 } } });
    expect((await get('office', '/api/exit-config/default?year=abc')).status).toBe(400);
  });

  it('validates a config edit for the launch form, naming each bad field', async () => {
    const ok = await post('office', '/api/exit-config/validate', { year: 2020, config: { incidence: { village: { default: 0.015 } }, timeUnit: 'minute' } });
    expect(ok.status).toBe(200);
    expect(ok.body.config).toMatchObject({ year: 2020, version: 2, timeUnit: 'minute', household: { povertyLine: 4000 }, incidence: { village: { default: 0.015, western: 0.03 } } });
    const bad = await post('office', '/api/exit-config/validate', { year: 2020, config: { incidence: { village: { default: 2 } }, noticePeriods: { village: 3 }, incidense: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_CONFIG');
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['incidence.village.default', 'incidense', 'noticePeriods.village']);
    expect(bad.body.error.details.find((d: { field: string }) => d.field === 'incidence.village.default').message).toContain('2% is 0.02, not 2');
    const otherYear = await post('office', '/api/exit-config/validate', { year: 2020, config: { year: 2019 } });
    expect(otherYear.body.error.details.map((d: { field: string }) => d.field)).toEqual(['year']);
    expect((await post('county.operator', '/api/exit-config/validate', { year: 2020, config: {} })).status).toBe(403);
    expect((await post('office', '/api/exit-config/validate', { year: 2020, config: [] })).status).toBe(400);
    const audited = await ctx.stack.db.auditEvent.findFirst({ where: { action: 'EXIT_CONFIG_VALIDATED', outcome: 'REJECTED' } });
    expect(audited).not.toBeNull();
  });
});
