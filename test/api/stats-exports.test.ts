/**
 * Dashboard figures (GET /api/stats/dashboard), region counts (GET /api/stats/regions/:id) and the
 * Export button's streamed files (GET /api/exports/<resource>), on a seeded database of each
 * provider: every figure equals what the database counts, inside the caller's scope; exports
 * respect the list's filter and the scope, come as CSV and XLSX, and are audited.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { binary, readXlsx } from '../helpers/downloads.ts';
import { forEachProvider, OTHER_COUNTY } from './context.ts';

const COUNTY = '431222'; // 沅陵县
const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

const csvRows = (text: string): string[][] => parse(text.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];

forEachProvider('dashboard figures and exports', (ctx) => {
  const { get } = ctx;
  let township = '';
  const HOUR = 3_600_000;

  beforeAll(async () => {
    const db = ctx.stack.db;
    township = (await db.region.findFirstOrThrow({ where: { parentId: COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } })).id;
    await db.cycle.createMany({
      data: [
        { type: 'EXIT_VERIFICATION', year: 2030, regionId: '43', status: 'RUNNING', stage: 'VILLAGE_REVIEW', workflowId: 'stats-c1', config: {}, createdById: 'x' },
        { type: 'EXIT_VERIFICATION', year: 2031, regionId: '4312', status: 'RUNNING', stage: 'NOTICE', workflowId: 'stats-c2', config: {}, createdById: 'x' },
        { type: 'COUNTY_ASSESSMENT', year: 2030, regionId: '43', status: 'COMPLETED', stage: 'DONE', workflowId: 'stats-c3', config: {}, createdById: 'x' },
        // another city's cycle: outside 沅陵县 (怀化市 4312)
        { type: 'EXIT_VERIFICATION', year: 2030, regionId: '4331', status: 'RUNNING', stage: 'VILLAGE_REVIEW', workflowId: 'stats-c4', config: {}, createdById: 'x' },
      ],
    });
    const now = Date.now();
    const task = (n: number, level: 'TOWNSHIP' | 'COUNTY', regionId: string, dueAt: number, status: 'OPEN' | 'DONE' = 'OPEN') => ({
      processType: 'stats-test',
      workflowId: `stats-wf-${n}`,
      step: 'check',
      stepKey: 'check',
      kind: 'CHECK',
      labels: {},
      title: `统计任务 ${n}`,
      status,
      assignedRole: 'SUPERVISOR' as const,
      regionId,
      level,
      subjectType: 'HOUSEHOLD',
      subjectId: `s${n}`,
      dueAt: new Date(dueAt),
    });
    await db.task.createMany({
      data: [
        task(1, 'TOWNSHIP', township, now - 48 * HOUR), // overdue
        task(2, 'TOWNSHIP', township, now - 2 * HOUR), // overdue
        task(3, 'COUNTY', COUNTY, now - 30 * HOUR), // overdue
        task(4, 'COUNTY', COUNTY, now + 26 * HOUR), // due tomorrow or the day after (UTC)
        task(5, 'COUNTY', COUNTY, now + 30 * 24 * HOUR), // later
        task(6, 'COUNTY', COUNTY, now - 5 * HOUR, 'DONE'), // decided: not counted
        task(7, 'COUNTY', OTHER_COUNTY, now - 5 * HOUR), // overdue, outside 沅陵县
      ],
    });
    await db.rankingSnapshot.createMany({
      data: [
        { cycleId: 'stats-rank', year: 2029, version: 1, status: 'PUBLISHED', publishedAt: new Date(), entries: [{ regionId: COUNTY, rank: 2, total: 88.5 }, { regionId: OTHER_COUNTY, rank: 1, total: 91 }] },
        { cycleId: 'stats-rank', year: 2029, version: 2, status: 'DRAFT', entries: [{ regionId: COUNTY, rank: 1, total: 99 }] },
      ],
    });
    // one household returned to poverty, recorded in the ledger
    const h = ctx.exited[0];
    await db.ledgerEntry.create({ data: { householdId: h.id, kind: 'RETURNED', year: 2030, at: new Date(), processId: 'stats-return', reason: '因病返贫' } });
  });

  it('gives the office cycles by stage and overdue tasks by level, counted in its scope', async () => {
    const res = await get('office', '/api/stats/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.regionId).toBe('43');
    const db = ctx.stack.db;
    expect(res.body.office.runningCycles).toBe(await db.cycle.count({ where: { status: 'RUNNING' } }));
    expect(res.body.office.runningByStage).toEqual(expect.arrayContaining([{ key: 'VILLAGE_REVIEW', count: 2 }, { key: 'NOTICE', count: 1 }]));
    const overdue = await db.task.groupBy({ by: ['level'], where: { status: 'OPEN', dueAt: { lt: new Date() } }, _count: { _all: true } });
    expect(Object.fromEntries(res.body.office.overdueByLevel.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual(Object.fromEntries(overdue.map((g) => [g.level, g._count._all])));
    // province-wide: 3 overdue in 沅陵县 and 1 in 泸溪县 among them
    expect(res.body.office.overdueByLevel.find((c: { key: string }) => c.key === 'TOWNSHIP').count).toBeGreaterThanOrEqual(2);
    expect(res.body.office.overdueByLevel.find((c: { key: string }) => c.key === 'COUNTY').count).toBeGreaterThanOrEqual(2);
    // the same office figures for a county: 沅陵县's own tasks, and the cycles that cover it
    const county = await get('office', `/api/stats/dashboard?regionId=${COUNTY}`);
    // top-down, as the region tree
    expect(county.body.office.overdueByLevel).toEqual([
      { key: 'COUNTY', count: 1 },
      { key: 'TOWNSHIP', count: 2 },
    ]);
    expect(county.body.office.runningByStage).toEqual([
      { key: 'NOTICE', count: 1 },
      { key: 'VILLAGE_REVIEW', count: 1 },
    ]);
  });

  it("gives a supervisor their inbox by due date and its overdue count, and nothing of the office's or leader's", async () => {
    const res = await get('county.supervisor', '/api/stats/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.office).toBeNull();
    expect(res.body.leader).toBeNull();
    expect(res.body.inbox).toMatchObject({ open: 5, overdue: 3, later: 1 });
    expect(res.body.inbox.byDueDate).toHaveLength(7);
    expect(res.body.inbox.byDueDate[0].date).toBe(new Date().toISOString().slice(0, 10));
    expect(res.body.inbox.byDueDate.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(1);
    // the other county's supervisor sees only its own task
    const other = await get('other.supervisor', '/api/stats/dashboard');
    expect(other.body.inbox).toMatchObject({ open: 1, overdue: 1 });
    // a region outside the scope is refused, a malformed one is a 400
    expect((await get('county.supervisor', `/api/stats/dashboard?regionId=${OTHER_COUNTY}`)).status).toBe(403);
    expect((await get('county.supervisor', '/api/stats/dashboard?regionId=abc')).status).toBe(400);
    expect((await get('county.supervisor', '/api/stats/dashboard?extra=1')).status).toBe(400);
  });

  it('gives a leader the published ranking, exit progress and returns by city and county', async () => {
    const res = await get('leader', '/api/stats/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.inbox).toBeNull();
    expect(res.body.office).toBeNull();
    const { ranking, byCity, byCounty } = res.body.leader;
    expect(ranking).toMatchObject({ year: 2029, version: 1 });
    expect(ranking.entries).toEqual([
      { regionId: OTHER_COUNTY, name: '泸溪县', rank: 1, total: 91 },
      { regionId: COUNTY, name: '沅陵县', rank: 2, total: 88.5 },
    ]);
    const db = ctx.stack.db;
    const yuanling = byCounty.find((r: { regionId: string }) => r.regionId === COUNTY);
    expect(yuanling).toEqual({
      regionId: COUNTY,
      name: '沅陵县',
      households: await db.household.count({ where: { countyId: COUNTY } }),
      poor: await db.household.count({ where: { countyId: COUNTY, status: 'POOR' } }),
      exited: await db.household.count({ where: { countyId: COUNTY, status: 'EXITED' } }),
      returned: await db.ledgerEntry.count({ where: { kind: 'RETURNED', household: { countyId: COUNTY } } }),
    });
    expect(yuanling.returned).toBeGreaterThanOrEqual(1);
    expect(byCounty.length).toBe(await db.region.count({ where: { level: 'COUNTY' } }));
    const huaihua = byCity.find((r: { regionId: string }) => r.regionId === '4312');
    expect(huaihua.households).toBe(await db.household.count({ where: { cityId: '4312' } }));
    expect(byCity).toHaveLength(14);
  });

  it('counts a region: households, poor, exited, returned, work teams and cadres, and the same per child region', async () => {
    const db = ctx.stack.db;
    const res = await get('county.operator', `/api/stats/regions/${COUNTY}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      regionId: COUNTY,
      name: '沅陵县',
      level: 'COUNTY',
      households: await db.household.count({ where: { countyId: COUNTY } }),
      poor: await db.household.count({ where: { countyId: COUNTY, status: 'POOR' } }),
      exited: await db.household.count({ where: { countyId: COUNTY, status: 'EXITED' } }),
      returned: await db.ledgerEntry.count({ where: { kind: 'RETURNED', household: { countyId: COUNTY } } }),
      childLevel: 'TOWNSHIP',
    });
    const teams = await db.cadreAssignment.groupBy({ by: ['villageId'], where: { kind: 'VILLAGE_TEAM', endYear: null, villageId: { startsWith: COUNTY } } });
    expect(res.body.workTeams).toBe(teams.length);
    expect(res.body.workTeams).toBeGreaterThan(0);
    expect(res.body.cadres).toBeGreaterThan(0);
    expect(res.body.children.length).toBe(await db.region.count({ where: { parentId: COUNTY } }));
    expect(res.body.children.reduce((s: number, c: { households: number }) => s + c.households, 0)).toBe(res.body.households);
    // a village: its own counts, no children
    const village = ctx.exited[0].villageId;
    const v = await get('county.operator', `/api/stats/regions/${village}`);
    expect(v.body).toMatchObject({ level: 'VILLAGE', childLevel: null, children: [], exited: await db.household.count({ where: { villageId: village, status: 'EXITED' } }) });
    expect((await get('county.operator', `/api/stats/regions/${OTHER_COUNTY}`)).status).toBe(403);
    expect((await get('county.operator', '/api/stats/regions/431222999999')).status).toBe(404);
    expect((await get('county.operator', '/api/stats/regions/x')).status).toBe(404);
  });

  it("streams a list's export as CSV with the list's filter, inside the caller's scope, and audits it", async () => {
    const db = ctx.stack.db;
    const res = await get('county.operator', `/api/exports/households?filter=${q({ status: 'EXITED' })}&lang=zh`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="households-431222-/);
    const rows = csvRows(res.text);
    expect(rows[0].slice(0, 4)).toEqual(['户编号', '户主', '人口', '状态']);
    // by village, then by code
    const expected = await db.household.findMany({ where: { countyId: COUNTY, status: 'EXITED' }, orderBy: [{ villageId: 'asc' }, { code: 'asc' }], select: { code: true } });
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((h) => h.code));
    expect(rows.slice(1).every((r) => r[3] === 'EXITED' && r[10] === COUNTY)).toBe(true);
    // English headers, all of the scope
    const en = await get('county.operator', '/api/exports/households?lang=en');
    const enRows = csvRows(en.text);
    expect(enRows[0][0]).toBe('Household code');
    expect(enRows.length - 1).toBe(await db.household.count({ where: { countyId: COUNTY } }));
    // audited: who exported what, how many rows
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'EXPORT', targetId: 'households', actorName: 'county.operator' }, orderBy: { at: 'asc' } });
    expect(audit).toMatchObject({ outcome: 'SUCCESS', regionId: COUNTY, actorRole: 'COUNTY_OPERATOR' });
    expect(audit.details).toMatchObject({ resource: 'households', format: 'csv', filter: { status: 'EXITED' }, rows: expected.length });
    // outside the scope: refused, and the refusal is audited too
    const refused = await get('county.operator', `/api/exports/households?filter=${q({ regionId: OTHER_COUNTY })}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect(await db.auditEvent.count({ where: { action: 'EXPORT', targetId: 'households', outcome: 'DENIED', actorName: 'county.operator' } })).toBe(1);
    // bad input: 400, never a file
    expect((await get('county.operator', `/api/exports/households?filter=${q({ status: 'NOPE' })}`)).status).toBe(400);
    expect((await get('county.operator', '/api/exports/households?format=pdf')).status).toBe(400);
    expect((await get('county.operator', '/api/exports/nothing')).status).toBe(404);
  });

  it('exports every list the console offers, each scoped: tasks, cadres, return requests, audit log, cycles, regions', async () => {
    const db = ctx.stack.db;
    const tasks = csvRows((await get('county.supervisor', `/api/exports/tasks?filter=${q({ status: 'OPEN' })}&lang=en`)).text);
    expect(tasks.slice(1).map((r) => r[0]).sort()).toEqual(['统计任务 1', '统计任务 2', '统计任务 3', '统计任务 4', '统计任务 5']);
    const cadres = csvRows((await get('county.supervisor', '/api/exports/cadres?lang=en')).text);
    expect(cadres.length - 1).toBe(await db.cadre.count({ where: { regionId: { startsWith: COUNTY } } }));
    const cycles = csvRows((await get('leader', `/api/exports/cycles?filter=${q({ status: 'RUNNING' })}&lang=en`)).text);
    expect(cycles.length - 1).toBe(await db.cycle.count({ where: { status: 'RUNNING' } }));
    const regions = csvRows((await get('leader', `/api/exports/regions?filter=${q({ level: 'CITY' })}&lang=en`)).text);
    expect(regions.length - 1).toBe(14);
    const requests = await get('county.operator', '/api/exports/return-requests?lang=en');
    expect(requests.status).toBe(200);
    expect(csvRows(requests.text)[0][0]).toBe('Household code');
    const audit = csvRows((await get('office', `/api/exports/audit-events?filter=${q({ action: 'EXPORT' })}&lang=en`)).text);
    expect(audit.length - 1).toBeGreaterThanOrEqual(3);
    expect(audit.slice(1).every((r) => r[3] === 'EXPORT')).toBe(true);
    expect((await get('leader', '/api/exports/audit-events')).status).toBe(403);
  });

  /** The export of `resource` and its list with the same filter name the same rows (by id column `idCol`). */
  const exportAndList = async (who: Parameters<typeof get>[0], resource: string, filter: object, idOf: (row: string[]) => string, idOfListed: (r: Record<string, unknown>) => string) => {
    const file = await get(who, `/api/exports/${resource}?filter=${q(filter)}&lang=en`);
    expect(file.status).toBe(200);
    const exported = csvRows(file.text).slice(1).map(idOf).sort();
    const list = await get(who, `/api/${resource}?filter=${q(filter)}&range=${q([0, 9999])}`);
    expect(list.status).toBe(200);
    const listed = (list.body as Record<string, unknown>[]).map(idOfListed).sort();
    expect(exported).toEqual(listed);
    return exported;
  };

  it("exports a county user's regions inside its scope only, the same rows as its region list", async () => {
    const db = ctx.stack.db;
    const inCounty = await db.region.count({ where: { id: { startsWith: COUNTY } } });
    // the whole list: the county and what lies under it, nothing of the province or another county
    const all = await exportAndList('county.operator', 'regions', {}, (r) => r[0], (r) => String(r.code));
    expect(all.length).toBe(inCounty);
    expect(all.every((code) => code.startsWith(COUNTY))).toBe(true);
    // by level: the villages of the county only
    const villages = await exportAndList('county.operator', 'regions', { level: 'VILLAGE' }, (r) => r[0], (r) => String(r.code));
    expect(villages.length).toBe(await db.region.count({ where: { level: 'VILLAGE', id: { startsWith: COUNTY } } }));
    // the children of another county: refused as the list refuses them
    expect((await get('county.operator', `/api/exports/regions?filter=${q({ parentId: OTHER_COUNTY })}`)).status).toBe(403);
    expect((await get('county.operator', `/api/regions?filter=${q({ parentId: OTHER_COUNTY })}`)).status).toBe(403);
  });

  it('exports rankings as XLSX, a leader only the published ones', async () => {
    const res = await get('leader', '/api/exports/rankings?format=xlsx&lang=en').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await readXlsx(res.body as Buffer);
    expect(rows[0].slice(0, 7)).toEqual(['Year', 'Version', 'Status', 'Rank', 'County', 'Division code', 'Total score']);
    expect(rows.slice(1).map((r) => r.slice(0, 7))).toEqual([
      [2029, 1, 'PUBLISHED', 2, '沅陵县', COUNTY, 88.5],
      [2029, 1, 'PUBLISHED', 1, '泸溪县', OTHER_COUNTY, 91],
    ]);
    const office = await get('office', '/api/exports/rankings?format=xlsx&lang=zh').buffer(true).parse(binary);
    const officeRows = await readXlsx(office.body as Buffer);
    expect(officeRows[0][0]).toBe('年度');
    expect(officeRows.length - 1).toBe(3);
  });

  it('exports exit villages, fake-exit flags, sample entries, department files and notifications: each the rows of its list, inside the scope', async () => {
    const db = ctx.stack.db;
    const CYCLE = 'export-cycle';
    const villages = await db.region.findMany({ where: { level: 'VILLAGE', id: { startsWith: COUNTY } }, orderBy: { id: 'asc' }, take: 3 });
    const foreignVillage = await db.region.findFirstOrThrow({ where: { level: 'VILLAGE', id: { startsWith: OTHER_COUNTY } }, orderBy: { id: 'asc' } });
    await db.exitVillage.createMany({
      data: [...villages, foreignVillage].map((v, i) => ({ cycleId: CYCLE, villageId: v.id, townshipId: v.id.slice(0, 9), countyId: v.id.slice(0, 6), workflowId: `export-village-${i}`, stage: 'APPRAISAL', poorVillage: i % 2 === 0, candidates: i })),
    });
    const households = await db.household.findMany({ where: { id: { in: [ctx.exited[0].id, ctx.exited[1].id, ctx.foreign.id] } }, select: { id: true, code: true, countyId: true, villageId: true } });
    await db.exitFlag.createMany({
      data: households.map((h) => ({ cycleId: CYCLE, countyId: h.countyId, householdId: h.id, kind: 'DATA_CONTRADICTION', messageZh: '收入低于标准', messageEn: 'income below the line', evidence: { checks: [] } })),
    });
    await db.sampleEntry.createMany({
      data: households.map((h, i) => ({ cycleId: CYCLE, countyId: h.countyId, villageId: h.villageId, ordinal: i + 1, kind: 'IN_REGISTER', householdId: h.id })),
    });
    const [operator, otherOperator, supervisor] = await Promise.all(['county.operator', 'other.operator', 'county.supervisor'].map((username) => db.user.findUniqueOrThrow({ where: { username } })));
    await db.departmentImport.createMany({
      data: [
        { department: 'education', year: 2039, fileName: 'county.csv', rows: 3, importedById: operator.id },
        { department: 'water', year: 2039, fileName: 'other-county.csv', rows: 4, importedById: otherOperator.id },
      ],
    });
    await db.notification.createMany({
      data: [
        { taskId: 'export-task-1', kind: 'REMINDER', role: 'SUPERVISOR', regionId: COUNTY, message: '请尽快办理' },
        { taskId: 'export-task-2', kind: 'ESCALATION', role: 'SUPERVISOR', regionId: township, message: '已升级督办' },
        { taskId: 'export-task-3', kind: 'REMINDER', role: 'SUPERVISOR', regionId: OTHER_COUNTY, message: '泸溪县的催办' },
      ],
    });
    const first = await db.notification.findUniqueOrThrow({ where: { taskId_kind: { taskId: 'export-task-1', kind: 'REMINDER' } } });
    await db.notificationRead.create({ data: { notificationId: first.id, userId: supervisor.id } });

    // exit villages: the county's three, not 泸溪县's; the same rows as the list
    const exitVillages = await exportAndList('county.operator', 'exit-villages', { cycleId: CYCLE }, (r) => r[1], (r) => String(r.villageId));
    expect(exitVillages).toEqual(villages.map((v) => v.id));
    expect(await exportAndList('other.operator', 'exit-villages', { cycleId: CYCLE }, (r) => r[1], (r) => String(r.villageId))).toEqual([foreignVillage.id]);
    // fake-exit flags: by household code, the county's two
    const inCounty = households.filter((h) => h.countyId === COUNTY).map((h) => h.code).sort();
    expect(await exportAndList('county.operator', 'exit-flags', { cycleId: CYCLE }, (r) => r[2], (r) => String(r.householdCode))).toEqual(inCounty);
    // sample entries: by ordinal, the county's two
    const samples = await exportAndList('county.operator', 'sample-entries', { cycleId: CYCLE }, (r) => r[4], (r) => String(r.householdCode));
    expect(samples).toEqual(inCounty);
    // department files: the county operator's own (scopes that nest), not 泸溪县's
    expect(await exportAndList('county.operator', 'department-imports', { year: 2039 }, (r) => r[2], (r) => String(r.fileName))).toEqual(['county.csv']);
    expect(await exportAndList('office', 'department-imports', { year: 2039 }, (r) => r[2], (r) => String(r.fileName))).toEqual(['county.csv', 'other-county.csv']);
    // the plain parameters these lists take (?cycleId=… beside filter=) name the same rows in the export
    const plain = async (resource: string, query: string, column: number) => csvRows((await get('county.operator', `/api/exports/${resource}?lang=zh&${query}`)).text).slice(1).map((r) => r[column]).sort();
    expect(await plain('exit-flags', `cycleId=${CYCLE}`, 2)).toEqual(inCounty);
    expect(await plain('sample-entries', `cycleId=${CYCLE}&countyId=${COUNTY}`, 4)).toEqual(inCounty);
    expect(await plain('department-imports', 'year=2039', 2)).toEqual(['county.csv']);
    expect(await plain('department-imports', 'year=2040', 2)).toEqual([]);
    expect((await get('county.operator', '/api/exports/sample-entries?hasFinding=maybe')).status).toBe(400);
    // notifications: the supervisor's role inside 沅陵县, with its own read state
    const notifications = await get('county.supervisor', `/api/exports/notifications?filter=${q({})}&lang=en`);
    const rows = csvRows(notifications.text);
    expect(rows[0].slice(0, 3)).toEqual(['At (UTC)', 'Kind', 'Message']);
    expect(rows.slice(1).map((r) => [r[8], r[7]]).sort()).toEqual([['export-task-1', 'yes'], ['export-task-2', 'no']]);
    expect(await exportAndList('county.supervisor', 'notifications', { read: false }, (r) => r[8], (r) => String(r.taskId))).toEqual(['export-task-2']);

    // a filter naming another county: refused by the export as by the list, and audited
    for (const [resource, filter] of [['exit-villages', { countyId: OTHER_COUNTY }], ['exit-flags', { countyId: OTHER_COUNTY }], ['sample-entries', { countyId: OTHER_COUNTY }]] as const) {
      expect((await get('county.operator', `/api/exports/${resource}?filter=${q(filter)}`)).status).toBe(403);
      expect((await get('county.operator', `/api/${resource}?filter=${q(filter)}`)).status).toBe(403);
      expect(await db.auditEvent.count({ where: { action: 'EXPORT', targetId: resource, outcome: 'DENIED', actorName: 'county.operator' } })).toBe(1);
    }
    // the plain parameter naming another county is refused as the filter is
    expect((await get('county.operator', `/api/exports/exit-flags?countyId=${OTHER_COUNTY}`)).status).toBe(403);
    expect(await db.auditEvent.count({ where: { action: 'EXPORT', targetId: 'exit-flags', outcome: 'DENIED', actorName: 'county.operator' } })).toBe(2);
    // XLSX too, with Chinese headers
    const xlsx = await get('county.operator', `/api/exports/exit-villages?format=xlsx&lang=zh&filter=${q({ cycleId: CYCLE })}`).buffer(true).parse(binary);
    const sheet = await readXlsx(xlsx.body as Buffer);
    expect(sheet[0].slice(0, 2)).toEqual(['村', '村区划代码']);
    expect(sheet.slice(1).map((r) => String(r[1])).sort()).toEqual(villages.map((v) => v.id));
  });
});
