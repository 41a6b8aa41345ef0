/**
 * The county assessment cycle (贫困县扶贫开发工作成效考核) through the API, on SQLite and PostgreSQL,
 * on the test-scale seed: launched for 怀化市 (4312) with a validated framework, the same year and
 * region again is 409; the county operator of 沅陵县 submits its county's form through the task
 * inbox (a percentage refused, another county's task out of scope); cancelling closes every task.
 */
import { expect, it } from 'vitest';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider } from './context.ts';

const YEAR = 2016;
const COUNTY = '431222';

forEachProvider('county assessment (成效考核) through the API', (ctx) => {
  const { get, post } = ctx;
  let cycle: { id: string; workflowId: string };
  const openTask = (step: string, subjectId: string) => waitFor(() => ctx.stack.db.task.findFirst({ where: { workflowId: cycle.workflowId, step, subjectId, status: 'OPEN' } }), `${step} of ${subjectId}`);

  it('launches for a city with a validated framework; the same year and region again is 409 naming the cycle', async () => {
    expect((await post('county.supervisor', '/api/cycles', { type: 'COUNTY_ASSESSMENT', year: YEAR, regionId: '4312' })).status).toBe(403);
    const badWeights = await post('office', '/api/cycles', { type: 'COUNTY_ASSESSMENT', year: YEAR, regionId: '4312', config: { indicators: [{ code: 'FUND_PERFORMANCE', name: { zh: '资金', en: 'funds' }, group: 'FUNDS', weight: 50, direction: 'HIGHER_IS_BETTER', unit: 'score', source: 'STATISTICS', scoring: { kind: 'linear', worst: 60, best: 90 }, appliesTo: { kind: 'all' } }], annualTargets: [] } });
    expect(badWeights.status).toBe(400);
    expect(badWeights.body.error.details).toContainEqual({ field: 'config.indicators', message: 'indicators: the weights add up to 50 points, not 100' });
    expect(await ctx.stack.db.cycle.count({ where: { type: 'COUNTY_ASSESSMENT' } })).toBe(0);

    const launched = await post('office', '/api/cycles', { type: 'COUNTY_ASSESSMENT', year: YEAR, regionId: '4312', config: { timeUnit: 'second', submission: { due: 3600, closesAfter: 3600, latePenalty: 1 } } });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body).toMatchObject({ type: 'COUNTY_ASSESSMENT', year: YEAR, regionId: '4312', status: 'RUNNING', workflowId: `county-assessment:${YEAR}:4312` });
    expect(launched.body.config).toMatchObject({ year: YEAR, timeUnit: 'second', submission: { due: 3600 } });
    cycle = launched.body;
    expect(await ctx.stack.db.configVersion.findFirst({ where: { kind: 'COUNTY_ASSESSMENT', year: YEAR } })).toMatchObject({ version: launched.body.configVersion });

    const again = await post('office', '/api/cycles', { type: 'COUNTY_ASSESSMENT', year: YEAR, regionId: '4312' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CYCLE_EXISTS', details: [expect.objectContaining({ cycleId: cycle.id })] });
    // the exit verification of the same year and region is another process
    expect(await ctx.stack.db.cycle.count({ where: { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312' } })).toBe(0);
  });

  it('the county operator submits its own county through the inbox; values are stored with their source; another county is out of scope', async () => {
    const mine = await openTask('county-submission', COUNTY);
    expect(mine).toMatchObject({ assignedRole: 'COUNTY_OPERATOR', regionId: COUNTY, processType: 'COUNTY_ASSESSMENT', cycleId: cycle.id });
    const listed = await get('county.operator', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ cycleId: cycle.id, status: 'OPEN' }))}`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((t: { id: string }) => t.id)).toContain(mine.id);
    expect(listed.body.every((t: { regionId: string }) => t.regionId.startsWith(COUNTY))).toBe(true);

    const other = await ctx.stack.db.task.findFirstOrThrow({ where: { workflowId: cycle.workflowId, step: 'county-submission', subjectId: { not: COUNTY } } });
    const fields = (mine.formSchema as { name: string }[]).map((f) => f.name);
    const payload = Object.fromEntries(fields.map((f) => [f, f === 'sourceRef' ? '沅陵县 2016 年考核报送表' : 0.95]));
    expect((await post('county.operator', `/api/tasks/${other.id}/decision`, { decision: 'APPROVE', payload })).status).toBe(403);
    const percent = await post('county.operator', `/api/tasks/${mine.id}/decision`, { decision: 'APPROVE', payload: { ...payload, PROJECT_NOTICE_RATE: 95 } });
    expect(percent.status).toBe(400);
    const ok = await post('county.operator', `/api/tasks/${mine.id}/decision`, { decision: 'APPROVE', payload });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const values = await waitFor(async () => {
      const rows = await ctx.stack.db.indicatorValue.findMany({ where: { cycleId: cycle.id, regionId: COUNTY } });
      return rows.length === fields.length - 1 ? rows : null;
    }, 'the submitted values');
    expect(values.every((v) => v.source === 'SELF_REPORTED' && v.value === 0.95 && v.sourceRef === `沅陵县 2016 年考核报送表 (task ${mine.id})`)).toBe(true);
    const operator = await ctx.stack.db.user.findUniqueOrThrow({ where: { username: 'county.operator' } });
    expect(values[0]!.recordedById).toBe(operator.id);
  });

  it('the office corrects a value between collection and publication; the next version scores it', async () => {
    const db = ctx.stack.db;
    // collection closes two seconds after launch: nothing entered, everything scored as missing
    const launched = await post('office', '/api/cycles', { type: 'COUNTY_ASSESSMENT', year: 2017, regionId: '4312', config: { timeUnit: 'second', submission: { due: 1, closesAfter: 1, latePenalty: 1 } } });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    const id = launched.body.id as string;
    const correction = { regionId: COUNTY, indicatorCode: 'PROJECT_NOTICE_RATE', value: 1, sourceRef: '沅陵县项目公告台账', reason: '县级报送逾期未录入，据台账补录' };
    const early = await post('office', `/api/cycles/${id}/indicator-values`, correction);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('STAGE_CLOSED');

    const review = await waitFor(() => db.task.findFirst({ where: { workflowId: launched.body.workflowId, step: 'office-review', status: 'OPEN' } }), 'the office review', 30_000);
    const v1 = await db.rankingSnapshot.findUniqueOrThrow({ where: { cycleId_version: { cycleId: id, version: 1 } } });
    const line = (entries: unknown, code: string) => (entries as { regionId: string; lines: { code: string; value: number | null; missing: boolean }[] }[]).find((e) => e.regionId === COUNTY)!.lines.find((l) => l.code === code)!;
    expect(line(v1.entries, 'PROJECT_NOTICE_RATE')).toMatchObject({ missing: true, value: null });

    expect((await post('county.operator', `/api/cycles/${id}/indicator-values`, correction)).status).toBe(403);
    expect((await post('office', `/api/cycles/${id}/indicator-values`, { ...correction, value: 95 })).status).toBe(400);
    expect((await post('office', `/api/cycles/${id}/indicator-values`, { ...correction, indicatorCode: 'NO_SUCH' })).status).toBe(400);
    const computed = await post('office', `/api/cycles/${id}/indicator-values`, { ...correction, indicatorCode: 'REDUCTION_RATE', value: 0.5 });
    expect(computed.status).toBe(422);
    expect(computed.body.error.code).toBe('INDICATOR_COMPUTED');
    const ok = await post('office', `/api/cycles/${id}/indicator-values`, correction);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ value: 1, source: 'SELF_REPORTED', sourceRef: '沅陵县项目公告台账 (corrected by office: 县级报送逾期未录入，据台账补录)' });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'INDICATOR_VALUE_CORRECTED', outcome: 'SUCCESS', targetId: id } });
    expect(audit.details).toMatchObject({ indicatorCode: 'PROJECT_NOTICE_RATE', before: null, after: { value: 1 } });

    // the office scores again: version 2 carries the corrected value
    expect((await post('office', `/api/tasks/${review.id}/decision`, { decision: 'RETURN', comment: '补录项目公告公示率后重新计分' })).status).toBe(200);
    const v2 = await waitFor(() => db.rankingSnapshot.findUnique({ where: { cycleId_version: { cycleId: id, version: 2 } } }), 'version 2');
    expect(line(v2.entries, 'PROJECT_NOTICE_RATE')).toMatchObject({ missing: false, value: 1 });
    expect((await post('office', `/api/cycles/${id}/cancel`, {})).status).toBeLessThan(300);
  });

  it('cancelling keeps what was recorded and closes every open task', async () => {
    const cancelled = await post('office', `/api/cycles/${cycle.id}/cancel`, {});
    expect([200, 202]).toContain(cancelled.status);
    await waitFor(() => ctx.stack.db.cycle.findFirst({ where: { id: cycle.id, status: 'CANCELLED' } }), 'the cycle cancelled');
    await waitFor(async () => (await ctx.stack.db.task.count({ where: { workflowId: cycle.workflowId, status: 'OPEN' } })) === 0, 'every task closed');
    expect(await ctx.stack.db.indicatorValue.count({ where: { cycleId: cycle.id, regionId: COUNTY } })).toBeGreaterThan(0);
  });
});
