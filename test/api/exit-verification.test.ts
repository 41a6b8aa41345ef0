/**
 * The yearly exit verification through the API, on SQLite and PostgreSQL, on the test-scale seed
 * (沅陵县: 2 townships × 3 villages; the village work team's demo user is in 431222102001, which has
 * one exit candidate in 2016). Durations in seconds (timeUnit `second`), so a 7-unit notice is 7 s.
 */
import { expect, it } from 'vitest';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider } from './context.ts';

const VILLAGE = '431222102001';
const TOWNSHIP = '431222102';
const YEAR = 2016;
/** durations in seconds; long enough that nothing is reminded during the test */
const FAST = { timeUnit: 'second', noticePeriods: { household: 7, village: 7, county: 7 } };

forEachProvider('yearly exit verification (年度脱贫退出核查) through the API', (ctx) => {
  const { get, post, openTaskOf } = ctx;
  let cycle: { id: string; workflowId: string };

  it('launches for a city: validated config, scope and level checked, the same year and region again is 409 naming the cycle', async () => {
    const denied = await post('county.supervisor', '/api/cycles', { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312' });
    expect(denied.status).toBe(403);
    const badConfig = await post('office', '/api/cycles', { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312', config: { ...FAST, incidence: { village: { default: 2 } } } });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.error.details).toContainEqual(expect.objectContaining({ field: 'config.incidence.village.default', message: expect.stringContaining('at most 1') }));
    const county = await post('office', '/api/cycles', { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '431222', config: FAST });
    expect(county.status).toBe(422);
    expect(county.body.error.code).toBe('REGION_LEVEL');
    expect(await ctx.stack.db.cycle.count()).toBe(0);

    const launched = await post('office', '/api/cycles', { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312', config: FAST });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body).toMatchObject({ type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312', status: 'RUNNING', workflowId: `exit-verification:${YEAR}:4312` });
    expect(launched.body.config).toMatchObject({ year: YEAR, timeUnit: 'second', household: { povertyLine: 2952 } });
    expect(launched.body.seed).toMatch(/^[0-9a-f]{32}$/);
    cycle = launched.body;
    // the edited config is kept as the year's next version
    expect(await ctx.stack.db.configVersion.findFirst({ where: { kind: 'EXIT_VERIFICATION', year: YEAR } })).toMatchObject({ version: launched.body.configVersion });

    const again = await post('office', '/api/cycles', { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CYCLE_EXISTS', details: [expect.objectContaining({ cycleId: cycle.id })] });
    expect((await get('leader', `/api/cycles/${cycle.id}`)).body).toMatchObject({ id: cycle.id, status: 'RUNNING' });
  });

  it('the work team records acknowledgements and submits; the township checks; an objection holds the household until it is re-verified; it exits', async () => {
    const appraisal = await openTaskOf(`${cycle.workflowId}/county:431222/village:${VILLAGE}`, 'village-appraisal#1');
    expect(appraisal).toMatchObject({ assignedRole: 'FIRST_SECRETARY', regionId: VILLAGE, cycleId: cycle.id });
    const candidates = await ctx.stack.db.exitHousehold.findMany({ where: { cycleId: cycle.id, villageId: VILLAGE, status: 'CANDIDATE' } });
    expect(candidates).toHaveLength(1);
    const [row] = candidates;
    const other = await ctx.stack.db.exitHousehold.findFirstOrThrow({ where: { cycleId: cycle.id, villageId: { not: VILLAGE } } });

    // only the village's own work team, only for its own village
    expect((await post('county.operator', `/api/exit-households/${row.id}/acknowledgement`, { acknowledged: true })).status).toBe(403);
    expect((await post('village.secretary', `/api/exit-households/${other.id}/acknowledgement`, { acknowledged: true })).status).toBe(403);
    expect((await post('village.secretary', `/api/exit-households/${row.id}/acknowledgement`, { acknowledged: 'yes' })).status).toBe(400);
    const early = await post('village.secretary', `/api/tasks/${appraisal.id}/decision`, { decision: 'APPROVE', payload: { appraisalDate: '2016-11-20', participants: 36, minutes: '村民代表会议评议' } });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('STEP_INCOMPLETE');
    // in bulk: one result per entry, in order; a household sent twice keeps its last answer
    const bulk = await post('village.secretary', '/api/exit-households/acknowledgements', {
      entries: [{ id: other.id, acknowledged: true }, { id: row.id, acknowledged: false, note: '先不认可' }, { id: 'no-such-row', acknowledged: true }, { id: row.id, acknowledged: true }],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual([
      expect.objectContaining({ id: other.id, ok: false, status: 403 }),
      { id: row.id, ok: true, status: 200 },
      expect.objectContaining({ id: 'no-such-row', ok: false, status: 404 }),
      { id: row.id, ok: true, status: 200 },
    ]);
    const secretary = await ctx.stack.db.user.findUniqueOrThrow({ where: { username: 'village.secretary' } });
    expect(await ctx.stack.db.exitHousehold.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ acknowledged: true, acknowledgementNote: null, acknowledgedById: secretary.id });
    expect(await ctx.stack.db.exitHousehold.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ acknowledged: null });
    const ack = await post('village.secretary', `/api/exit-households/${row.id}/acknowledgement`, { acknowledged: true, note: '户主签字确认' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ acknowledged: true, acknowledgementNote: '户主签字确认' });
    const submitted = await post('village.secretary', `/api/tasks/${appraisal.id}/decision`, { decision: 'APPROVE', payload: { appraisalDate: '2016-11-20', participants: 36, minutes: '村民代表会议评议' } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const villageWf = `${cycle.workflowId}/county:431222/village:${VILLAGE}`;
    const check = await openTaskOf(villageWf, 'township-check#1');
    expect(check.regionId).toBe(TOWNSHIP);
    expect((await post('other.supervisor', `/api/tasks/${check.id}/decision`, { decision: 'APPROVE' })).status).toBe(403);
    expect((await post('township.supervisor', `/api/tasks/${check.id}/decision`, { decision: 'APPROVE', comment: '核实无误' })).status).toBe(200);

    // the notice is open: acknowledgements are closed, an objection against a household not on it is 422
    await waitFor(() => ctx.stack.db.publicNotice.findFirst({ where: { workflowId: villageWf, closedAt: null } }), 'the household notice');
    const late = await post('village.secretary', `/api/exit-households/${row.id}/acknowledgement`, { acknowledged: false });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('STAGE_CLOSED');
    const lateBulk = await post('village.secretary', '/api/exit-households/acknowledgements', { entries: [{ id: row.id, acknowledged: false }] });
    expect(lateBulk.body.results).toEqual([{ id: row.id, ok: false, status: 409, error: expect.objectContaining({ code: 'STAGE_CLOSED' }) }]);
    expect(await ctx.stack.db.exitHousehold.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ acknowledged: true, acknowledgementNote: '户主签字确认' });
    const notListed = await post('county.operator', '/api/objections', { subjectType: 'HOUSEHOLD', subjectId: other.householdId, reason: '该户不应退出，收入不稳定' });
    expect(notListed.status).toBe(422);
    expect(notListed.body.error.code).toBe('NO_OPEN_NOTICE');
    const raised = await post('county.operator', '/api/objections', { subjectType: 'HOUSEHOLD', subjectId: row.householdId, reason: '该户收入来源不稳定，请核实' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    expect(raised.body).toMatchObject({ subjectType: 'HOUSEHOLD', subjectId: row.householdId, regionId: VILLAGE, status: 'OPEN', reverificationOpened: true });
    const reverify = await openTaskOf(villageWf, 'objection-reverification#1');
    expect(reverify).toMatchObject({ subjectType: 'HOUSEHOLD', subjectId: row.householdId, regionId: TOWNSHIP });

    // the notice ends: the held household is not deregistered while its re-verification is open
    await waitFor(async () => (await ctx.stack.db.exitVillage.findFirst({ where: { cycleId: cycle.id, villageId: VILLAGE } }))?.stage === 'ANNOUNCED', 'the announcement', 30_000);
    expect(await ctx.stack.db.household.findUniqueOrThrow({ where: { id: row.householdId } })).toMatchObject({ status: 'POOR' });
    const dismissed = await post('township.supervisor', `/api/tasks/${reverify.id}/decision`, { decision: 'APPROVE', comment: '入户核实，收入稳定' });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    await waitFor(async () => (await ctx.stack.db.household.findUniqueOrThrow({ where: { id: row.householdId } })).status === 'EXITED', 'the household to exit');
    expect(await ctx.stack.db.ledgerEntry.findMany({ where: { householdId: row.householdId, kind: 'EXITED', processId: cycle.id } })).toHaveLength(1);
    expect(await ctx.stack.db.objection.findUniqueOrThrow({ where: { id: raised.body.id } })).toMatchObject({ status: 'DISMISSED' });
  });

  it('cancels the cycle (office only): open tasks closed, what was recorded stays; a second cancel is 409', async () => {
    expect((await post('county.supervisor', `/api/cycles/${cycle.id}/cancel`)).status).toBe(403);
    const open = await ctx.stack.db.task.count({ where: { cycleId: cycle.id, status: 'OPEN' } });
    expect(open).toBeGreaterThan(0);
    const cancelled = await post('office', `/api/cycles/${cycle.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ id: cycle.id, status: 'CANCELLED' });
    await waitFor(async () => (await ctx.stack.db.task.count({ where: { cycleId: cycle.id, status: 'OPEN' } })) === 0, 'every open task closed');
    expect(await ctx.stack.db.task.count({ where: { cycleId: cycle.id, status: 'CANCELLED' } })).toBe(open);
    expect(await ctx.stack.db.ledgerEntry.count({ where: { processId: cycle.id, kind: 'EXITED' } })).toBe(1);
    const again = await post('office', `/api/cycles/${cycle.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CYCLE_NOT_RUNNING');
    const audit = await ctx.stack.db.auditEvent.findMany({ where: { targetType: 'CYCLE', targetId: cycle.id }, select: { action: true, outcome: true } });
    expect(audit).toEqual(expect.arrayContaining([{ action: 'CYCLE_LAUNCH', outcome: 'SUCCESS' }, { action: 'CYCLE_CANCEL', outcome: 'SUCCESS' }, { action: 'CYCLE_CANCEL', outcome: 'DENIED' }, { action: 'CYCLE_CANCELLED', outcome: 'SUCCESS' }]));
  });
});
