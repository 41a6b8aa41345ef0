/**
 * The exit verification's data routes against the real stack (SQLite and PostgreSQL): department
 * facts import (行业部门数据), ledgers (台账) and their streamed CSV / XLSX downloads, fake-exit flags
 * (假脱贫). Expected figures are counted independently with Prisma, never by the code under test.
 */
import { parse } from 'csv-parse/sync';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { departmentFactsFor } from '../../activities/department-facts.ts';
import { hashPassword } from '../../api/auth/password.ts';
import { createApp } from '../../api/app.ts';
import { waitFor } from '../helpers/db.ts';
import { binary, readXlsx } from '../helpers/downloads.ts';
import { forEachProvider, OTHER_COUNTY, TEST_PASSWORD } from './context.ts';

const COUNTY = '431222';
const YEAR = 2016;

/** A CSV body; the header row is line 1. */
const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';

forEachProvider('exit data', (ctx) => {
  const { get } = ctx;
  let codes: string[] = []; // registered households of 沅陵县, by code
  let countyOfficeToken = '';
  let cycleId = '';

  const upload = (token: string, query: string, body: string | Buffer, type = 'text/csv') =>
    ctx.api().post(`/api/department-imports?${query}`).set({ Authorization: `Bearer ${token}`, 'Content-Type': type }).send(body);
  const counts = async () => ({ imports: await ctx.stack.db.departmentImport.count(), facts: await ctx.stack.db.departmentFact.count() });

  beforeAll(async () => {
    const db = ctx.stack.db;
    codes = (await db.household.findMany({ where: { countyId: COUNTY }, orderBy: { code: 'asc' }, select: { code: true } })).map((h) => h.code);
    expect(codes.length).toBeGreaterThan(20);
    // an assessment office of the county only (OFFICE scoped to 沅陵县)
    await db.user.create({ data: { username: 'county.office', displayName: '沅陵县考核办', passwordHash: await hashPassword(TEST_PASSWORD), role: 'OFFICE', regionId: COUNTY } });
    const login = await ctx.api().post('/api/auth/login').send({ username: 'county.office', password: TEST_PASSWORD });
    countyOfficeToken = login.body.token;
    // a finished cycle of the year with fake-exit flags: two households of 沅陵县 (one flagged twice), one of 泸溪县
    const cycle = await db.cycle.create({
      data: { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '43', stage: 'DONE', status: 'COMPLETED', workflowId: `exit-verification:${YEAR}:43:test`, config: {}, createdById: 'test' },
    });
    cycleId = cycle.id;
    await db.ledgerEntry.create({ data: { householdId: ctx.foreign.id, kind: 'REGISTERED', year: 2014, at: new Date('2014-06-01T00:00:00Z'), reason: '2014年建档立卡' } });
    const [a, b] = ctx.exited;
    await db.exitFlag.createMany({
      data: [
        { cycleId, countyId: COUNTY, householdId: a.id, kind: 'DATA_CONTRADICTION', messageZh: '人均纯收入未超过扶贫标准', messageEn: 'income not above the line', evidence: { checks: [{ criterion: 'income', value: 2100, passed: false, source: { kind: 'registry' } }] } },
        { cycleId, countyId: COUNTY, householdId: a.id, kind: 'SAMPLE_CONTRADICTION', messageZh: '第三方核实 F1：未达标（housing）', messageEn: 'third-party finding F1: below the standard (housing)', evidence: { finding: { findingId: 'F1', householdCode: 'x', meetsStandard: false, failedCriteria: ['housing'] } } },
        { cycleId, countyId: COUNTY, householdId: b.id, kind: 'NOT_ACKNOWLEDGED', messageZh: '农户不认可脱贫', messageEn: 'not acknowledged', evidence: { finding: { findingId: 'F2', householdCode: 'y', meetsStandard: true, householdAcknowledges: false } } },
        { cycleId, countyId: OTHER_COUNTY, householdId: ctx.foreign.id, kind: 'DATA_CONTRADICTION', messageZh: '外县', messageEn: 'other county', evidence: { checks: [] } },
      ],
    });
  });

  // ------------------------------------------------------------------ department facts import

  it('imports a department file whole, with provenance, and audits it', async () => {
    const before = await counts();
    const body =
      '\ufeff' +
      csv([
        '户编号,年度,义务教育有保障,备注,部门内部编号',
        `${codes[0]},${YEAR},是,核实到校,E-001`,
        `${codes[1]},${YEAR},否,"辍学,已劝返",E-002`,
        '',
        `${codes[2]},${YEAR},1,,E-003`,
      ]);
    const res = await upload(ctx.tokens.office, `department=education&year=${YEAR}&fileName=${encodeURIComponent('教育部门2016.csv')}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ department: 'education', year: YEAR, fileName: '教育部门2016.csv', rows: 3, ignoredColumns: ['部门内部编号'] });
    expect(await counts()).toEqual({ imports: before.imports + 1, facts: before.facts + 3 });

    const stored = await ctx.stack.db.departmentFact.findMany({ where: { importId: res.body.id }, orderBy: { row: 'asc' } });
    // the row is the line in the file: the blank line 4 is skipped, so the third fact is on line 5
    expect(stored.map((f) => [f.householdCode, f.criterion, f.value, f.row, f.note])).toEqual([
      [codes[0], 'education', true, 2, '核实到校'],
      [codes[1], 'education', false, 3, '辍学,已劝返'],
      [codes[2], 'education', true, 5, null],
    ]);
    // what the workflow's activity reads: the rules' facts with their provenance
    const facts = await departmentFactsFor(ctx.stack.db, YEAR, [codes[1], codes[1], 'NO-SUCH-CODE']);
    expect(facts).toEqual([
      {
        householdCode: codes[1],
        year: YEAR,
        criterion: 'education',
        value: false,
        note: '辍学,已劝返',
        provenance: { department: 'education', batchId: res.body.id, fileName: '教育部门2016.csv', row: 3, importedAt: res.body.importedAt },
      },
    ]);
    expect(await departmentFactsFor(ctx.stack.db, YEAR + 1, [codes[1]])).toEqual([]);

    const audit = await waitFor(() => ctx.stack.db.auditEvent.findFirst({ where: { action: 'DEPARTMENT_IMPORT', targetId: res.body.id } }), 'the import audit row');
    expect(audit).toMatchObject({ outcome: 'SUCCESS', actorName: 'office' });
    expect(audit.details).toMatchObject({ department: 'education', year: YEAR, rows: 3, fileName: '教育部门2016.csv' });

    // reads: the import in the history, its facts by household, scoped by the household's region
    const list = await get('county.supervisor', '/api/department-imports?department=education');
    expect(list.status).toBe(200);
    expect(list.body.map((i: { id: string }) => i.id)).toContain(res.body.id);
    expect((await get('county.supervisor', `/api/department-imports/${res.body.id}`)).body).toMatchObject({ id: res.body.id, importedByName: expect.any(String) });
    const mine = await get('county.operator', `/api/department-facts?householdCode=${codes[1]}&year=${YEAR}`);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-range']).toBe('department-facts 0-0/1');
    expect(mine.body[0]).toMatchObject({ householdCode: codes[1], value: false, row: 3, department: 'education', fileName: '教育部门2016.csv', importId: res.body.id });
    const byImport = await get('office', `/api/department-facts?importId=${res.body.id}`);
    expect(byImport.headers['content-range']).toBe('department-facts 0-2/3');
    expect((await get('other.supervisor', `/api/department-facts?importId=${res.body.id}`)).headers['content-range']).toBe('department-facts 0-0/0');
  });

  it('refuses a malformed file whole, naming each bad row, and stores nothing', async () => {
    const before = await counts();
    const body = csv([
      'householdCode,year,medicalSecured,note',
      `${codes[3]},${YEAR},yes,`, // line 2: good
      `${codes[4]},${YEAR},maybe,`, // line 3: bad value
      `${codes[5]},2015,no,`, // line 4: another year
      `NOT-A-HOUSEHOLD,${YEAR},no,`, // line 5: not in the register
      `${codes[3]},${YEAR},no,`, // line 6: twice in the file
      `${codes[6]},${YEAR}`, // line 7: short row (missing value)
      `${codes[7]},${YEAR},no,,extra`, // line 8: a cell too many
    ]);
    const res = await upload(ctx.tokens.office, `department=medical&year=${YEAR}&fileName=medical.csv`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_FILE');
    expect(res.body.error.errorCount).toBe(7);
    expect(res.body.error.message).toBe('the file has 7 errors; nothing was imported');
    expect(res.body.error.details.map((d: { row: number; field: string }) => `${d.row}:${d.field}`)).toEqual([
      '3:medicalSecured',
      '4:year',
      '5:householdCode',
      '6:householdCode',
      '7:(row)',
      '7:medicalSecured',
      '8:(row)',
    ]);
    expect(res.body.error.details[0]).toEqual({ row: 3, field: 'medicalSecured', value: 'maybe', code: 'YES_NO_EXPECTED', message: 'expected yes or no (是/否, true/false, 1/0)' });
    expect(res.body.error.details[2]).toMatchObject({ value: 'NOT-A-HOUSEHOLD', code: 'HOUSEHOLD_UNKNOWN', message: 'no such household in the register' });
    expect(await counts()).toEqual(before);
    const audit = await waitFor(() => ctx.stack.db.auditEvent.findFirst({ where: { action: 'DEPARTMENT_IMPORT', outcome: 'REJECTED' }, orderBy: { at: 'asc' } }), 'the refusal audit row');
    expect(audit.details).toMatchObject({ errorCount: 7, rows: 7, status: 400, error: 'INVALID_FILE' });

    // a header without the value column, a file that is not UTF-8, not CSV at all, not text/csv
    const noColumn = await upload(ctx.tokens.office, `department=water&year=${YEAR}&fileName=w.csv`, csv(['户编号,年度', `${codes[0]},${YEAR}`]));
    expect(noColumn.status).toBe(400);
    expect(noColumn.body.error.details).toEqual([{ row: 1, field: 'drinkingWaterSafe', code: 'COLUMN_MISSING', params: { column: 'drinkingWaterSafe' }, message: 'missing column drinkingWaterSafe (or 饮水安全有保障) in the water resources department file' }]);
    const latin1 = await upload(ctx.tokens.office, `department=water&year=${YEAR}&fileName=w.csv`, Buffer.from([0x68, 0x6f, 0xe9, 0x0a]));
    expect(latin1.status).toBe(400);
    expect(latin1.body.error.details[0].message).toMatch(/not UTF-8/);
    expect(latin1.body.error.details[0].code).toBe('FILE_NOT_UTF8');
    const quote = await upload(ctx.tokens.office, `department=water&year=${YEAR}&fileName=w.csv`, 'householdCode,year,drinkingWaterSafe\n"unclosed,2016,yes\n');
    expect(quote.status).toBe(400);
    expect(quote.body.error.details[0].message).toMatch(/^not valid CSV/);
    const json = await ctx.api().post(`/api/department-imports?department=water&year=${YEAR}&fileName=w.csv`).set(ctx.as('office')).send({ rows: [] });
    expect(json.status).toBe(415);
    const badQuery = await upload(ctx.tokens.office, `department=finance&year=${YEAR}&fileName=w.csv`, 'a\n');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.code).toBe('INVALID_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('lets only the assessment office import (403 for other roles, nothing stored, audited as denied)', async () => {
    const before = await counts();
    const body = csv(['householdCode,year,housingSafe', `${codes[0]},${YEAR},yes`]);
    for (const who of ['county.operator', 'supervisor', 'leader', 'evaluator'] as const) {
      const res = await upload(ctx.tokens[who], `department=housing&year=${YEAR}&fileName=h.csv`, body);
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
    await waitFor(() => ctx.stack.db.auditEvent.count({ where: { action: 'DEPARTMENT_IMPORT', outcome: 'DENIED', actorName: 'county.operator' } }), 'the denied audit row');
  });

  it("refuses households outside the importer's scope", async () => {
    const before = await counts();
    const foreign = await ctx.stack.db.household.findUniqueOrThrow({ where: { id: ctx.foreign.id } });
    const body = csv(['householdCode,year,housingSafe', `${codes[0]},${YEAR},yes`, `${foreign.code},${YEAR},yes`]);
    const res = await upload(countyOfficeToken, `department=housing&year=${YEAR}&fileName=h.csv`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ row: 3, field: 'householdCode', value: foreign.code, code: 'HOUSEHOLD_OUTSIDE_SCOPE', params: { scope: COUNTY }, message: `household ${foreign.code} is outside your scope (${COUNTY})` }]);
    expect(await counts()).toEqual(before);
    // the same file without the foreign row is the county office's to import
    const ok = await upload(countyOfficeToken, `department=housing&year=${YEAR}&fileName=h.csv`, csv(['householdCode,year,housingSafe', `${codes[0]},${YEAR},yes`]));
    expect(ok.status).toBe(201);
    // the province office's imports are visible to the county, the county office's not to another county
    expect((await get('other.supervisor', `/api/department-imports/${ok.body.id}`)).status).toBe(404);
    expect((await get('county.supervisor', `/api/department-imports/${ok.body.id}`)).status).toBe(200);
  });

  // ------------------------------------------------------------------ ledgers

  it('counts the ledger per township of a county, as the register says', async () => {
    const db = ctx.stack.db;
    const res = await get('county.supervisor', `/api/ledgers?regionId=${COUNTY}&year=${YEAR}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionId: COUNTY, regionName: '沅陵县', level: 'TOWNSHIP', year: YEAR });
    const townships = await db.region.findMany({ where: { parentId: COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } });
    expect(res.body.rows.map((r: { regionId: string }) => r.regionId)).toEqual(townships.map((t) => t.id));
    let flaggedSomewhere = 0;
    for (const t of townships) {
      const inT = { townshipId: t.id };
      const people = async (where: object) => (await db.household.aggregate({ where: { ...inT, ...where }, _sum: { size: true } }))._sum.size ?? 0;
      const flagged = await db.exitFlag.findMany({ where: { cycleId, householdId: { in: (await db.household.findMany({ where: inT, select: { id: true } })).map((h) => h.id) } } });
      flaggedSomewhere += flagged.length;
      const expected = {
        regionId: t.id,
        name: t.name,
        countyName: '沅陵县',
        townshipName: null,
        registeredHouseholds: await db.household.count({ where: inT }),
        registeredPeople: await people({}),
        poorHouseholds: await db.household.count({ where: { ...inT, status: 'POOR' } }),
        poorPeople: await people({ status: 'POOR' }),
        exitedHouseholds: await db.household.count({ where: { ...inT, status: 'EXITED' } }),
        exitedEntries: await db.ledgerEntry.count({ where: { kind: 'EXITED', household: inT } }),
        exitedInYear: await db.ledgerEntry.count({ where: { kind: 'EXITED', year: YEAR, household: inT } }),
        returnedEntries: await db.ledgerEntry.count({ where: { kind: 'RETURNED', household: inT } }),
        returnedInYear: await db.ledgerEntry.count({ where: { kind: 'RETURNED', year: YEAR, household: inT } }),
        flags: flagged.length,
        flaggedHouseholds: new Set(flagged.map((f) => f.householdId)).size,
      };
      expect(res.body.rows.find((r: { regionId: string }) => r.regionId === t.id)).toEqual({ ...expected, level: 'TOWNSHIP' });
    }
    expect(flaggedSomewhere).toBe(3);
    expect(res.body.totals.registeredHouseholds).toBe(await db.household.count({ where: { countyId: COUNTY } }));
    expect(res.body.totals.exitedInYear).toBe(await db.ledgerEntry.count({ where: { kind: 'EXITED', year: YEAR, household: { countyId: COUNTY } } }));
    expect(res.body.totals.exitedInYear).toBeGreaterThan(0);

    // by village: every village of the county, the flags where they are; other years have no flags
    const villages = await get('county.supervisor', `/api/ledgers?regionId=${COUNTY}&level=VILLAGE&year=${YEAR - 1}`);
    expect(villages.body.rows.length).toBe(await db.region.count({ where: { level: 'VILLAGE', id: { startsWith: COUNTY } } }));
    expect(villages.body.totals.flags).toBe(0);
    const flaggedVillage = villages.body.rows.find((r: { regionId: string }) => r.regionId === ctx.exited[0].villageId);
    expect(flaggedVillage.townshipName).toEqual(expect.any(String));
    const allYears = await get('county.supervisor', `/api/ledgers?regionId=${ctx.exited[0].villageId}`);
    expect(allYears.body.rows).toHaveLength(1);
    expect(allYears.body.rows[0]).toMatchObject({ regionId: ctx.exited[0].villageId, exitedInYear: null, flags: ctx.exited[0].villageId === ctx.exited[1].villageId ? 3 : 2 });
    // the province office by county: one row per county of the province
    const province = await get('office', '/api/ledgers?level=COUNTY');
    expect(province.body.rows.length).toBe(await db.region.count({ where: { level: 'COUNTY' } }));
    expect(province.body.rows.find((r: { regionId: string }) => r.regionId === OTHER_COUNTY)).toMatchObject({ flags: 1, flaggedHouseholds: 1 });
    const above = await get('office', `/api/ledgers?regionId=${COUNTY}&level=CITY`);
    expect(above.status).toBe(422);
    expect(above.body.error.code).toBe('LEVEL_ABOVE_REGION');
    // an empty id filter names nothing (not an SQL error)
    expect((await get('office', `/api/department-facts?filter=${encodeURIComponent('{"id":[]}')}`)).headers['content-range']).toBe('department-facts 0-0/0');
    expect((await get('office', `/api/exit-flags?filter=${encodeURIComponent('{"id":[]}')}`)).headers['content-range']).toBe('exit-flags 0-0/0');
  });

  it('downloads the ledger as CSV and XLSX with both header rows, the same figures and a total', async () => {
    const json = (await get('county.supervisor', `/api/ledgers?regionId=${COUNTY}&year=${YEAR}`)).body;
    const res = await get('county.supervisor', `/api/ledgers?regionId=${COUNTY}&year=${YEAR}&format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="ledger-${COUNTY}-township-${YEAR}.csv"; filename*=UTF-8''${encodeURIComponent(`台账-沅陵县-按乡镇-${YEAR}年.csv`)}`,
    );
    expect(res.text.startsWith('\ufeff区划代码,名称,')).toBe(true);
    const table = parse(res.text, { bom: true }) as string[][];
    expect(table[0].slice(0, 5)).toEqual(['区划代码', '名称', '所属县', '所属乡镇', '建档立卡户数']);
    expect(table[1].slice(0, 5)).toEqual(['Division code', 'Name', 'County', 'Township', 'Registered households']);
    const body = table.slice(2, -1);
    expect(body.map((r) => r[0])).toEqual(json.rows.map((r: { regionId: string }) => r.regionId));
    for (const [i, r] of json.rows.entries()) expect(body[i].slice(4).map(Number)).toEqual([r.registeredHouseholds, r.registeredPeople, r.poorHouseholds, r.poorPeople, r.exitedHouseholds, r.exitedEntries, r.exitedInYear, r.returnedEntries, r.returnedInYear, r.flaggedHouseholds, r.flags]);
    expect(table.at(-1)!.slice(0, 5)).toEqual(['', '合计', '', '', String(json.totals.registeredHouseholds)]);

    const english = await get('county.supervisor', `/api/ledgers?regionId=${COUNTY}&year=${YEAR}&format=csv&lang=en`).buffer(true);
    expect((parse(english.text, { bom: true }) as string[][]).length).toBe(json.rows.length + 2);

    const xlsx = await get('county.supervisor', `/api/ledgers?regionId=${COUNTY}&year=${YEAR}&format=xlsx`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toContain(`filename="ledger-${COUNTY}-township-${YEAR}.xlsx"`);
    const rows = await readXlsx(xlsx.body as Buffer);
    expect(rows[0].slice(0, 3)).toEqual(['区划代码', '名称', '所属县']);
    expect(rows[1].slice(0, 3)).toEqual(['Division code', 'Name', 'County']);
    expect(rows.length).toBe(json.rows.length + 3);
    for (const [i, r] of json.rows.entries()) expect(rows[i + 2].slice(0, 2).concat(rows[i + 2].slice(4))).toEqual([r.regionId, r.name, r.registeredHouseholds, r.registeredPeople, r.poorHouseholds, r.poorPeople, r.exitedHouseholds, r.exitedEntries, r.exitedInYear, r.returnedEntries, r.returnedInYear, r.flaggedHouseholds, r.flags]);
    expect(rows.at(-1)![1]).toBe('合计');
    expect(rows.at(-1)![4]).toBe(json.totals.registeredHouseholds);
  });

  it('keeps the ledger and its downloads inside the caller scope', async () => {
    for (const url of [`/api/ledgers?regionId=${OTHER_COUNTY}`, `/api/ledgers?regionId=${OTHER_COUNTY}&format=csv`, `/api/ledger-entries?regionId=${OTHER_COUNTY}&format=xlsx`, `/api/exit-flags?countyId=${OTHER_COUNTY}`]) {
      const res = await get('county.operator', url);
      expect(res.status, url).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    // a county user asking for the whole province gets its county
    const wide = await get('county.operator', '/api/ledgers?regionId=43&level=COUNTY');
    expect(wide.body.rows.map((r: { regionId: string }) => r.regionId)).toEqual([COUNTY]);
    const file = await get('county.operator', '/api/ledger-entries?kind=EXITED&format=csv&lang=en').buffer(true);
    expect(file.status).toBe(200);
    const table = parse(file.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(table.length).toBe(await ctx.stack.db.ledgerEntry.count({ where: { kind: 'EXITED', household: { countyId: COUNTY } } }));
    expect(table.every((r) => r['Village code'].startsWith(COUNTY) && r.Kind === 'EXITED' && r.County === '沅陵县')).toBe(true);
    const foreign = await ctx.stack.db.household.findUniqueOrThrow({ where: { id: ctx.foreign.id } });
    expect((await get('office', '/api/ledger-entries?kind=REGISTERED&format=csv&lang=en').buffer(true)).text).toContain(foreign.code);
    expect(file.text).not.toContain(foreign.code);
  });

  it('lists ledger entries with who decided, and filters them (JSON page, CSV and XLSX)', async () => {
    const db = ctx.stack.db;
    const h = await db.household.findUniqueOrThrow({ where: { id: ctx.exited[2].id } });
    const actor = await db.user.findUniqueOrThrow({ where: { username: 'county.supervisor' } });
    await db.ledgerEntry.create({ data: { householdId: h.id, kind: 'RETURNED', year: 2017, at: new Date('2017-03-01T08:00:00Z'), reason: '因病返贫', processId: 'rr-1', workflowId: 'return-to-poverty:x', actorId: actor.id } });
    const page = await get('county.supervisor', `/api/ledger-entries?filter=${encodeURIComponent(JSON.stringify({ kind: 'RETURNED', year: 2017 }))}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-range']).toBe('ledger-entries 0-0/1');
    expect(page.body[0]).toMatchObject({ householdCode: h.code, headName: h.headName, kind: 'RETURNED', year: 2017, at: '2017-03-01T08:00:00.000Z', reason: '因病返贫', processId: 'rr-1', workflowId: 'return-to-poverty:x', actorId: actor.id, actorName: actor.displayName, countyName: '沅陵县' });
    const xlsx = await get('county.supervisor', '/api/ledger-entries?kind=RETURNED&year=2017&format=xlsx').buffer(true).parse(binary);
    expect(xlsx.headers['content-disposition']).toContain(`filename="ledger-entries-${COUNTY}-returned-2017.xlsx"`);
    const rows = await readXlsx(xlsx.body as Buffer);
    expect(rows).toHaveLength(3);
    expect(rows[0][0]).toBe('户编号');
    expect(rows[2].slice(0, 2)).toEqual([h.code, h.headName]);
    expect(rows[2][6]).toBe('RETURNED');
    expect((rows[2][8] as Date).toISOString()).toBe('2017-03-01T08:00:00.000Z');
    expect(rows[2].slice(9)).toEqual(['因病返贫', 'rr-1', 'return-to-poverty:x', actor.id, actor.displayName]);
  });

  // ------------------------------------------------------------------ fake-exit flags

  it('lists fake-exit flags with their evidence, scoped by county and household', async () => {
    const mine = await get('county.operator', `/api/exit-flags?cycleId=${cycleId}`);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-range']).toBe('exit-flags 0-2/3');
    expect(mine.body.every((f: { countyId: string }) => f.countyId === COUNTY)).toBe(true);
    const sample = mine.body.find((f: { kind: string }) => f.kind === 'SAMPLE_CONTRADICTION');
    expect(sample).toMatchObject({ householdId: ctx.exited[0].id, labelZh: '抽查核实未达标（假脱贫）', cycleYear: YEAR, countyName: '沅陵县', evidence: { finding: { findingId: 'F1', failedCriteria: ['housing'] } } });
    expect((await get('county.operator', `/api/exit-flags/${sample.id}`)).body).toEqual(sample);
    const all = await get('office', '/api/exit-flags?kind=DATA_CONTRADICTION');
    expect(all.body.map((f: { countyId: string }) => f.countyId).sort()).toEqual([COUNTY, OTHER_COUNTY]);
    const foreignFlag = all.body.find((f: { countyId: string }) => f.countyId === OTHER_COUNTY);
    expect((await get('county.operator', `/api/exit-flags/${foreignFlag.id}`)).status).toBe(404);
    // a township supervisor sees the flags of its township's households only
    const tsUser = await ctx.stack.db.user.findUniqueOrThrow({ where: { username: 'township.supervisor' } });
    const expected = await ctx.stack.db.exitFlag.count({ where: { householdId: { in: (await ctx.stack.db.household.findMany({ where: { townshipId: tsUser.regionId }, select: { id: true } })).map((x) => x.id) } } });
    expect((await get('township.supervisor', '/api/exit-flags')).headers['content-range']).toBe(`exit-flags ${expected ? `0-${expected - 1}` : '0-0'}/${expected}`);
  });

  // ------------------------------------------------------------------ streaming

  it('streams a large download: first bytes before the last batch is read, reading stops when the client goes away', async () => {
    const db = ctx.stack.db;
    const households = (await db.household.findMany({ where: { countyId: COUNTY }, select: { id: true }, orderBy: { id: 'asc' } })).map((h) => h.id);
    const N = 30_000;
    const reason = '入户核实：家庭人均纯收入稳定超过国家扶贫标准，义务教育、基本医疗、住房安全有保障，饮水安全，群众认可。'.repeat(3);
    for (let i = 0; i < N; i += 2000) {
      await db.ledgerEntry.createMany({
        data: Array.from({ length: Math.min(2000, N - i) }, (_, k) => ({ householdId: households[(i + k) % households.length], kind: 'EXITED' as const, year: 2019, at: new Date(Date.UTC(2019, 11, 1)), reason, processId: `bulk-${i + k}`, workflowId: 'bench' })),
      });
    }
    const expected = await db.ledgerEntry.count({ where: { year: 2019, household: { countyId: COUNTY } } });
    expect(expected).toBe(N);

    // the API on a real socket, its log captured
    const logs: { msg: string; rows?: number; batches?: number; aborted?: boolean }[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, cb) => (logs.push(JSON.parse(String(chunk))), cb()) }));
    const server = http.createServer(createApp({ ...ctx.stack.deps, logger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ledger-entries?year=2019&format=csv&lang=en`;
    const headers = ctx.as('county.supervisor');
    try {
      // 1. a row written after the first data rows arrived is in the file: the last batch was read after them
      // (the download is grouped by household, by id: the late row belongs to the last household)
      const lateId = 'zzzzzzzz-written-after-the-first-bytes';
      const started = Date.now();
      const text = await new Promise<string>((resolve, reject) => {
        http.get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          let first = true;
          let newlines = 0;
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            if (!first) return;
            // the first data row (the header line alone is written before any read)
            for (const byte of chunk) if (byte === 0x0a) newlines++;
            if (newlines < 2) return;
            first = false;
            res.pause(); // the server fills the socket and waits
            void db.ledgerEntry
              .create({ data: { id: lateId, householdId: households[households.length - 1], kind: 'EXITED', year: 2019, at: new Date(), reason: 'late', processId: 'late', workflowId: 'bench' } })
              .then(() => res.resume(), reject);
          });
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        }).on('error', reject);
      });
      const ms = Date.now() - started;
      const table = parse(text, { bom: true, columns: true }) as Record<string, string>[];
      expect(table.length).toBe(N + 1);
      expect(table.at(-1)!.Reason).toBe('late');
      const written = await waitFor(async () => logs.find((l) => l.msg === 'export written'), 'the export log line');
      expect(written).toMatchObject({ rows: N + 1, batches: Math.ceil((N + 1) / 2000), aborted: false });
      console.log(`[exit-data] ${ctx.stack.provider}: CSV export of ${N + 1} ledger entries (${(text.length / 1e6).toFixed(1)} M chars) in ${ms} ms`);

      // the same rows as XLSX: complete and in order (the writer waits for exceljs's deflate per batch)
      const xlsx = await get('county.supervisor', '/api/ledger-entries?year=2019&format=xlsx&lang=en').buffer(true).parse(binary);
      expect(xlsx.status).toBe(200);
      const sheet = await readXlsx(xlsx.body as Buffer);
      expect(sheet.length).toBe(N + 2);
      expect(sheet.at(-1)![9]).toBe('late');

      // 2. a client that goes away after the first bytes: the server stops reading
      await new Promise<void>((resolve, reject) => {
        const req = http.get(url, { headers }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
      });
      const abandoned = await waitFor(async () => logs.find((l) => l.msg === 'export abandoned by the client'), 'the abandoned export log line');
      expect(abandoned.aborted).toBe(true);
      expect(abandoned.batches).toBeLessThan(Math.ceil((N + 1) / 2000) / 2);
      expect(abandoned.rows).toBeLessThan(N / 2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await db.ledgerEntry.deleteMany({ where: { year: 2019, workflowId: 'bench' } });
    }
  }, 180_000);
});

