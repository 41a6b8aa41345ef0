/**
 * The third-party sample through the API (api/samples/router.ts) on the seeded stack, SQLite and
 * PostgreSQL: a cycle and its county row written directly, the sample drawn by drawAndStoreSample
 * (the function the exit verification's activity calls), the county's stage moved by hand as the
 * workflow would. Findings only in SURVEY, by the evaluator; CSV refused whole or stored whole;
 * a dispute once in DISPUTE; a decision by the province in DISPUTE_REVIEW; the draw reproducible.
 */
import { expect, it } from 'vitest';
import { drawAndStoreSample, sampleMeasures } from '../../activities/exit-sample.ts';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider, OTHER_COUNTY, type Who } from './context.ts';

const COUNTY = '431222'; // 沅陵县
const SIZES = { inRegister: 6, outsideRegister: 4, villages: 3 };

interface Entry {
  id: string;
  ordinal: number;
  kind: 'IN_REGISTER' | 'OUTSIDE_REGISTER';
  householdCode: string | null;
  headName: string | null;
  villageName: string | null;
  hasFinding: boolean;
  failedCriteria: string[];
  disputeStatus: string | null;
  countyStage: string | null;
}

forEachProvider('exit samples', (ctx) => {
  const cycleId = 'cycle-exit-2020';
  let entries: Entry[] = [];

  const put = (who: Who, url: string, body: unknown) => ctx.api().put(url).set(ctx.as(who)).send(body as object);
  const csv = (who: Who, text: string, fileName = 'findings.csv', type = 'text/csv') =>
    ctx.api().post(`/api/sample-findings/import?cycleId=${cycleId}&countyId=${COUNTY}&fileName=${encodeURIComponent(fileName)}`).set(ctx.as(who)).set('Content-Type', type).send(text);
  const setStage = (stage: string) => ctx.stack.db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId: COUNTY } }, data: { stage } });
  const stored = () => ctx.stack.db.sampleEntry.findMany({ where: { cycleId, countyId: COUNTY }, orderBy: { ordinal: 'asc' } });
  /** the audit row of an attempt (written once the response is sent: waited for, not assumed) */
  let since = new Date();
  const mark = () => (since = new Date(Date.now() - 1000));
  const audited = (action: string, outcome: string, actorName?: string) =>
    waitFor(() => ctx.stack.db.auditEvent.findFirst({ where: { action, outcome, at: { gte: since }, ...(actorName ? { actorName } : {}) }, orderBy: { at: 'desc' } }), `${action} ${outcome} audited`);
  const inside = () => entries.filter((e) => e.kind === 'IN_REGISTER');
  const outside = () => entries.filter((e) => e.kind === 'OUTSIDE_REGISTER');

  it('draws the county sample and lists it in scope with household and village joined in', async () => {
    const db = ctx.stack.db;
    await db.cycle.create({ data: { id: cycleId, type: 'EXIT_VERIFICATION', year: 2020, regionId: '43', stage: 'COUNTIES', workflowId: `exit-verification:2020:43:${cycleId}`, config: {}, seed: 'seed-2020', createdById: 'test' } });
    await db.exitCounty.create({ data: { cycleId, countyId: COUNTY, cityId: '4312', workflowId: `exit-county:${cycleId}:${COUNTY}`, stage: 'SURVEY', poorCounty: true } });
    const drawn = await drawAndStoreSample(db, { cycleId, countyId: COUNTY, seed: 'seed-2020', sizes: SIZES });
    expect(drawn).toMatchObject({ created: true, requested: SIZES, drawn: { inRegister: 6, outsideRegister: 4 }, shortfall: { inRegister: 0, outsideRegister: 0 } });
    expect(drawn.drawn.villages).toBeLessThanOrEqual(3);

    const res = await ctx.get('county.operator', `/api/sample-entries?cycleId=${cycleId}&countyId=${COUNTY}&range=[0,99]`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('sample-entries 0-9/10');
    entries = res.body;
    expect(entries.map((e) => e.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(inside().every((e) => e.householdCode && e.headName && e.villageName)).toBe(true);
    expect(outside().every((e) => e.householdCode === null && e.villageName)).toBe(true);
    expect(entries.every((e) => e.countyStage === 'SURVEY' && !e.hasFinding)).toBe(true);
    // the react-admin filter says the same
    const filtered = await ctx.get('office', `/api/sample-entries?filter=${encodeURIComponent(JSON.stringify({ cycleId, kind: 'OUTSIDE_REGISTER' }))}`);
    expect(filtered.body.map((e: Entry) => e.id)).toEqual(outside().map((e) => e.id));
    // another county's operator sees none of it, and may not ask for it
    expect((await ctx.get('other.operator', `/api/sample-entries?cycleId=${cycleId}`)).body).toEqual([]);
    expect((await ctx.get('other.operator', `/api/sample-entries?countyId=${COUNTY}`)).status).toBe(403);
    expect((await ctx.get('other.operator', `/api/sample-entries/${entries[0].id}`)).status).toBe(403);
    expect((await ctx.get('county.supervisor', `/api/sample-entries/${entries[0].id}`)).body).toMatchObject({ id: entries[0].id, ordinal: 1 });
  });

  it('accepts a finding from the evaluator in SURVEY, per kind, and refuses other roles and shapes', async () => {
    const [a] = inside();
    const [v] = outside();
    mark();
    const ok = await put('evaluator', `/api/sample-entries/${a.id}/finding`, { meetsStandard: false, failedCriteria: ['income', 'housing', 'income'], acknowledges: false, approves: false, note: '收入不稳定' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ hasFinding: true, meetsStandard: false, failedCriteria: ['income', 'housing'], acknowledges: false, findingSource: 'CONSOLE' });
    expect(await audited('SAMPLE_FINDING_ENTERED', 'SUCCESS', 'evaluator')).toMatchObject({ targetId: a.id });
    const visit = await put('evaluator', `/api/sample-entries/${v.id}/finding`, { visitedName: '王五', missed: true, missedPeople: 3, approves: true });
    expect(visit.status).toBe(200);
    expect(visit.body).toMatchObject({ visitedName: '王五', missed: true, missedPeople: 3, meetsStandard: null });

    // the wrong role: 403, audited as denied
    mark();
    const operator = await put('county.operator', `/api/sample-entries/${a.id}/finding`, { meetsStandard: true });
    expect(operator.status).toBe(403);
    await audited('SAMPLE_FINDING_ENTERED', 'DENIED', 'county.operator');
    expect((await put('supervisor', `/api/sample-entries/${a.id}/finding`, { meetsStandard: true })).status).toBe(403);
    // failing the standard names the criteria; a missed household gives its people
    const noCriteria = await put('evaluator', `/api/sample-entries/${a.id}/finding`, { meetsStandard: false, failedCriteria: [] });
    expect(noCriteria.status).toBe(400);
    expect(noCriteria.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.failedCriteria']);
    expect((await put('evaluator', `/api/sample-entries/${v.id}/finding`, { visitedName: '王五', missed: true })).status).toBe(400);
    expect((await put('evaluator', `/api/sample-entries/${a.id}/finding`, { meetsStandard: true, failedCriteria: ['nope'] })).status).toBe(400);
    // a visit's finding on a registered household
    const wrongKind = await put('evaluator', `/api/sample-entries/${a.id}/finding`, { visitedName: '王五', missed: false });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error.code).toBe('WRONG_KIND');
    expect((await put('evaluator', '/api/sample-entries/nope/finding', { meetsStandard: true })).status).toBe(404);
    // nothing of the refused attempts was written
    expect((await ctx.stack.db.sampleEntry.findUniqueOrThrow({ where: { id: a.id } })).failedCriteria).toBe('income,housing');
  });

  it('refuses a finding outside SURVEY with 409 STAGE_CLOSED naming the stage', async () => {
    await setStage('DISPUTE');
    mark();
    const res = await put('evaluator', `/api/sample-entries/${inside()[1].id}/finding`, { meetsStandard: true });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'STAGE_CLOSED', details: [{ stage: 'DISPUTE', expected: 'SURVEY' }] });
    expect(res.body.error.message).toContain('DISPUTE');
    await audited('SAMPLE_FINDING_ENTERED', 'REJECTED');
    expect((await csv('evaluator', 'ordinal,meetsStandard\n2,yes\n')).status).toBe(409);
    await setStage('SURVEY');
  });

  it('refuses a malformed CSV whole, naming each bad row and field, and stores nothing', async () => {
    const before = await stored();
    const [a, b, c] = inside();
    const [v, w] = outside();
    const text = [
      'ordinal,householdCode,meetsStandard,failedCriteria,acknowledges,approves,visitedName,missed,missedPeople,note',
      `${b.ordinal},${b.householdCode},是,,是,是,,,,fine`, // line 2: good
      `${c.ordinal},${c.householdCode},否,,是,是,,,,`, // line 3: fails without criteria
      `${v.ordinal},,,,,perhaps,赵六,是,,`, // line 4: approves not yes/no; missed without people
      `999,,是,,,,,,,`, // line 5: no such entry
      `${w.ordinal},,,,,是,钱七,否,,`, // line 6: good
      `${b.ordinal},${a.householdCode},是,,,,,,,`, // line 7: repeated ordinal, and the wrong household
    ].join('\n');
    mark();
    const res = await csv('evaluator', text);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CSV');
    const named = (res.body.error.details as { row: number; field: string }[]).map((d) => `${d.row}:${d.field}`);
    expect(named).toEqual(['3:failedCriteria', '4:approves', '5:ordinal', '7:ordinal', '7:householdCode']);
    expect(await stored()).toEqual(before);
    await audited('SAMPLE_FINDINGS_IMPORTED', 'REJECTED');
    // a visit row without missedPeople is named once its other cells are right
    const missing = await csv('evaluator', `序号,受访户主,是否漏评\n${v.ordinal},赵六,是\n`);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ row: 2, field: 'missedPeople', code: 'VALUE_MISSING' })]);
    const broken = await csv('evaluator', 'ordinal,meetsStandard\n"2,yes\n');
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0].field).toBe('(file)');
    expect((await csv('evaluator', 'ordinal,meetsStandard\n2,yes\n', 'f.json', 'application/json')).status).toBe(400);
    expect((await csv('evaluator', 'ordinal,meetsStandard\n2,yes\n', 'f.xml', 'application/xml')).status).toBe(415);
    expect((await csv('county.operator', 'ordinal,meetsStandard\n2,yes\n')).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('stores a good CSV (Chinese headers) in one go with its file as source', async () => {
    const [, b, c, d, e, f] = inside();
    const [, w, x, y] = outside();
    const text = [
      '序号,户编号,是否达标,未达标项,认可脱贫,群众认可,受访户主,是否漏评,漏评人数,备注',
      `${b.ordinal},${b.householdCode},是,,是,是,,,,`,
      `${c.ordinal},${c.householdCode},否,住房、饮水,是,否,,,,危房`,
      `${d.ordinal},${d.householdCode},是,,是,是,,,,`,
      `${e.ordinal},${e.householdCode},true,,yes,1,,,,`,
      `${f.ordinal},${f.householdCode},是,,,是,,,,`,
      `${w.ordinal},,,,,是,钱七,否,,`,
      `${x.ordinal},,,,,是,孙八,否,,`,
      `${y.ordinal},,,,,否,周九,是,2,`,
    ].join('\r\n');
    mark();
    const res = await csv('evaluator', `\ufeff${text}\r\n`, '沅陵县核查.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 8, ignoredColumns: [] });
    const rows = await stored();
    expect(rows.every((r) => r.foundAt !== null)).toBe(true);
    expect(rows.filter((r) => r.findingSource === 'CSV:沅陵县核查.csv')).toHaveLength(8);
    expect(rows.find((r) => r.ordinal === c.ordinal)).toMatchObject({ meetsStandard: false, failedCriteria: 'housing,drinkingWater', approves: false, note: '危房' });
    expect(rows.find((r) => r.ordinal === y.ordinal)).toMatchObject({ visitedName: '周九', missed: true, missedPeople: 2 });
    expect(await audited('SAMPLE_FINDINGS_IMPORTED', 'SUCCESS', 'evaluator')).toMatchObject({ targetId: `${cycleId}:${COUNTY}`, regionId: COUNTY });
  });

  it('lets the county dispute a finding once, only in DISPUTE', async () => {
    const [a, b] = inside();
    const dispute = (who: Who, id: string) => ctx.post(who, `/api/sample-entries/${id}/dispute`, { reason: '该户已有稳定务工收入，附工资流水' });
    const early = await dispute('county.operator', a.id);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'STAGE_CLOSED', details: [{ stage: 'SURVEY', expected: 'DISPUTE' }] });
    await setStage('DISPUTE');
    expect((await dispute('other.operator', a.id)).status).toBe(403);
    expect((await dispute('evaluator', a.id)).status).toBe(403);
    const first = await dispute('county.operator', a.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ disputeStatus: 'OPEN', disputeReason: '该户已有稳定务工收入，附工资流水' });
    mark();
    const second = await dispute('county.operator', a.id);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ALREADY_DISPUTED');
    await audited('SAMPLE_FINDING_DISPUTED', 'REJECTED');
    expect((await dispute('county.operator', b.id)).status).toBe(200);
    const list = await ctx.get('county.operator', `/api/sample-entries?cycleId=${cycleId}&disputeStatus=OPEN`);
    expect(list.body.map((e: Entry) => e.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('has the province decide an open dispute in DISPUTE_REVIEW, an upheld one reversing the failure', async () => {
    const [a, b] = inside();
    const decide = (who: Who, id: string, upheld: boolean) => ctx.post(who, `/api/sample-entries/${id}/dispute/decision`, { upheld, comment: '材料属实' });
    expect((await decide('supervisor', a.id, true)).body.error).toMatchObject({ code: 'STAGE_CLOSED', details: [{ stage: 'DISPUTE' }] });
    await setStage('DISPUTE_REVIEW');
    expect((await decide('county.supervisor', a.id, true)).status).toBe(403);
    expect((await decide('other.supervisor', a.id, true)).status).toBe(403);
    expect((await decide('county.operator', a.id, true)).status).toBe(403);
    const before = await sampleMeasures(ctx.stack.db, { cycleId, countyId: COUNTY });
    const upheld = await decide('supervisor', a.id, true);
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ disputeStatus: 'UPHELD', disputeComment: '材料属实' });
    mark();
    expect((await decide('office', a.id, false)).body.error.code).toBe('DISPUTE_NOT_OPEN');
    expect((await decide('office', b.id, false)).body).toMatchObject({ disputeStatus: 'DISMISSED' });
    expect((await decide('office', inside()[2].id, true)).body.error.code).toBe('DISPUTE_NOT_OPEN');
    await audited('SAMPLE_DISPUTE_DECIDED', 'REJECTED');
    // entry a failed the standard; upheld, it no longer counts as wrongly exited (when its household is exited)
    const after = await sampleMeasures(ctx.stack.db, { cycleId, countyId: COUNTY });
    expect(after.reversed).toBe(before.reversed + 1);
    const exited = (await ctx.stack.db.household.findFirstOrThrow({ where: { code: a.householdCode! } })).status === 'EXITED';
    expect(after.inputs.wronglyExited).toBe(before.inputs.wronglyExited - (exited ? 1 : 0));
    expect(after.findings.find((f) => f.findingId === a.id)?.meetsStandard).toBe(true);
  });

  it('draws the same entries from the same seed and others from another seed', async () => {
    const picks = async (cycle: string) =>
      (await ctx.stack.db.sampleEntry.findMany({ where: { cycleId: cycle, countyId: COUNTY }, orderBy: { ordinal: 'asc' } })).map((r) => [r.kind, r.villageId, r.householdId, r.slot]);
    const again = await drawAndStoreSample(ctx.stack.db, { cycleId, countyId: COUNTY, seed: 'seed-2020', sizes: SIZES });
    expect(again.created).toBe(false);
    await drawAndStoreSample(ctx.stack.db, { cycleId: 'cycle-redraw', countyId: COUNTY, seed: 'seed-2020', sizes: SIZES });
    await drawAndStoreSample(ctx.stack.db, { cycleId: 'cycle-other-seed', countyId: COUNTY, seed: 'seed-2021', sizes: SIZES });
    expect(await picks('cycle-redraw')).toEqual(await picks(cycleId));
    expect(await picks('cycle-other-seed')).not.toEqual(await picks(cycleId));
    // a county of another city draws from its own frame
    await drawAndStoreSample(ctx.stack.db, { cycleId: 'cycle-redraw', countyId: OTHER_COUNTY, seed: 'seed-2020', sizes: SIZES });
    const foreign = await ctx.stack.db.sampleEntry.findMany({ where: { cycleId: 'cycle-redraw', countyId: OTHER_COUNTY } });
    expect(foreign.every((r) => r.villageId.startsWith(OTHER_COUNTY))).toBe(true);
  });

  it('lists a full page of 1,000 registered entries with their households, and measures a large sample', async () => {
    const db = ctx.stack.db;
    const township = await db.region.findFirstOrThrow({ where: { parentId: COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } });
    const village = `${township.id}999`;
    await db.region.create({ data: { id: village, code: village, name: '大样本测试村', level: 'VILLAGE', parentId: township.id, ruralPopulation: 5000 } });
    const rows = Array.from({ length: 1100 }, (_, i) => ({
      id: `HBIG${String(i).padStart(5, '0')}`,
      code: `${village}${String(i).padStart(5, '0')}`,
      headName: `户主${i}`,
      size: 3,
      status: 'EXITED' as const,
      povertyCause: 'ILLNESS',
      registeredYear: 2014,
      exitedYear: 2019,
      cityId: '4312',
      countyId: COUNTY,
      townshipId: township.id,
      villageId: village,
    }));
    for (let i = 0; i < rows.length; i += 100) await db.household.createMany({ data: rows.slice(i, i + 100) });
    const big = await drawAndStoreSample(db, { cycleId: 'cycle-big', countyId: COUNTY, seed: 'big', sizes: { inRegister: 1100, outsideRegister: 0, villages: 0 } });
    expect(big.drawn.inRegister).toBeGreaterThanOrEqual(1100);
    const page = await ctx.get('office', `/api/sample-entries?cycleId=cycle-big&kind=IN_REGISTER&range=[0,999]`);
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(1000);
    expect(page.body.every((e: Entry) => e.householdCode && e.headName)).toBe(true);
    const measures = await sampleMeasures(db, { cycleId: 'cycle-big', countyId: COUNTY });
    expect(measures.unfound).toBe(big.drawn.inRegister);
  });
});
