/**
 * Numbers first for every role, and Export where people expect it — in Debian's Chromium on the
 * built console, in Chinese and in English: the office's cycles by stage and overdue tasks by level,
 * a supervisor's inbox by due date, a leader's published ranking (downloaded as XLSX), exit progress
 * and returns, each chart showing its values; an empty inbox that says what to do next; a region
 * page's counts with its chart; a list's Export button that downloads the filtered, scoped list
 * streamed by the API (and is audited).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePart } from '../helpers/env.ts';
import { chromiumPath, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');
const COUNTY = '431222';
const HOUR = 3_600_000;

const WORDS = {
  zh: { stage: '各村评估中', overdue: '逾期', inboxEmpty: '暂无待您办理的任务', header: '户编号', exited: '已脱贫', rank: '名次', cyclesName: '进行中的年度核查' },
  en: { stage: 'Villages in progress', overdue: 'Overdue', inboxEmpty: 'Nothing waits for you', header: 'Household code', exited: 'Exited', rank: 'Rank', cyclesName: 'Exit verifications running' },
} as const;

describe.runIf(run)('browser: dashboards per role, region counts, list exports', () => {
  let c: ConsoleStack;
  /** an exit-verification cycle with three villages of 沅陵县 and one of 泸溪县 */
  let exitCycleId = '';
  let exitVillageIds: string[] = [];

  beforeAll(async () => {
    c = await startConsole();
    const db = c.stack.db;
    const township = (await db.region.findFirstOrThrow({ where: { parentId: COUNTY, level: 'TOWNSHIP' }, orderBy: { id: 'asc' } })).id;
    await db.cycle.createMany({
      data: [
        { type: 'EXIT_VERIFICATION', year: 2030, regionId: '43', status: 'RUNNING', stage: 'VILLAGES', workflowId: 'dash-c1', config: {}, createdById: 'x' },
        { type: 'EXIT_VERIFICATION', year: 2031, regionId: '4312', status: 'RUNNING', stage: 'VILLAGES', workflowId: 'dash-c2', config: {}, createdById: 'x' },
        { type: 'EXIT_VERIFICATION', year: 2032, regionId: '4331', status: 'RUNNING', stage: 'VILLAGES', workflowId: 'dash-c3', config: {}, createdById: 'x' },
      ],
    });
    const now = Date.now();
    const task = (n: number, level: 'TOWNSHIP' | 'COUNTY', regionId: string, dueAt: number) => ({
      processType: 'dash-test', workflowId: `dash-wf-${n}`, step: 'check', stepKey: 'check', kind: 'CHECK', labels: {}, title: `看板任务 ${n}`,
      assignedRole: 'SUPERVISOR' as const, regionId, level, subjectType: 'HOUSEHOLD', subjectId: `s${n}`, dueAt: new Date(dueAt),
    });
    await db.task.createMany({
      data: [
        task(1, 'TOWNSHIP', township, now - 48 * HOUR),
        task(2, 'TOWNSHIP', township, now - 3 * HOUR),
        task(3, 'COUNTY', COUNTY, now - 30 * HOUR),
        task(4, 'COUNTY', COUNTY, now + 50 * HOUR),
        task(5, 'COUNTY', COUNTY, now + 30 * 24 * HOUR),
      ],
    });
    await db.rankingSnapshot.create({
      data: { cycleId: 'dash-rank', year: 2029, version: 1, status: 'PUBLISHED', publishedAt: new Date(), entries: [{ regionId: COUNTY, rank: 1, total: 93.25 }, { regionId: '433122', rank: 2, total: 87.5 }] },
    });
    const [h] = await db.household.findMany({ where: { countyId: COUNTY, status: 'EXITED' }, orderBy: { id: 'asc' }, take: 1 });
    await db.ledgerEntry.create({ data: { householdId: h.id, kind: 'RETURNED', year: 2030, at: new Date(), processId: 'dash-return', reason: '因病返贫' } });
    // a completed cycle (not counted among the running ones above) with villages in two counties
    exitCycleId = (await db.cycle.create({ data: { type: 'EXIT_VERIFICATION', year: 2028, regionId: '43', status: 'COMPLETED', stage: 'DONE', workflowId: 'dash-exit', config: {}, createdById: 'x' } })).id;
    const villages = await db.region.findMany({ where: { level: 'VILLAGE', id: { startsWith: COUNTY } }, orderBy: { id: 'asc' }, take: 3 });
    // a village code of 泸溪县 (the console's seed may hold one county only: the row needs no region row)
    const foreign = { id: '433122100201' };
    await db.exitVillage.createMany({
      data: [...villages, foreign].map((v, i) => ({ cycleId: exitCycleId, villageId: v.id, townshipId: v.id.slice(0, 9), countyId: v.id.slice(0, 6), workflowId: `dash-exit-village-${i}`, stage: 'DONE', poorVillage: false })),
    });
    exitVillageIds = villages.map((v) => v.id);
  }, 180_000);

  afterAll(async () => {
    await c?.stop();
  });

  async function open(username: string, locale: Locale, hash: string): Promise<Page> {
    const context = await c.signedIn(username, { locale, width: 1440 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${c.base}/#${hash}`);
    (page as Page & { errors?: string[] }).errors = errors;
    return page;
  }
  const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();
  /** the value labels drawn on a chart's bars (not its axis ticks) */
  const barLabels = (page: Page, testId: string) => page.getByTestId(testId).locator('.MuiBarLabel-root').allTextContents();

  for (const locale of ['zh', 'en'] as const) {
    const w = WORDS[locale];

    it(`${locale}: the office sees cycles by stage and overdue tasks by level, with their values on the charts`, async () => {
      const db = c.stack.db;
      const page = await open('office', locale, '/');
      const running = await db.cycle.count({ where: { status: 'RUNNING' } });
      await expect.poll(() => text(page, 'stats-running-cycles'), { timeout: 20_000 }).toBe(String(running));
      expect(await page.getByTestId('stats-office-cycles').textContent()).toContain(w.cyclesName);
      // the stage chart names the stage and labels its bar with the count
      await expect.poll(() => barLabels(page, 'stats-stage-chart'), { timeout: 20_000 }).toEqual([String(running)]);
      expect(await text(page, 'stats-stage-chart')).toContain(w.stage);
      // overdue by level, top down: 1 at the county level, 2 at the township level, as labels
      await expect.poll(() => barLabels(page, 'stats-overdue-chart'), { timeout: 20_000 }).toEqual(['1', '2']);
      // the household donut shows its numbers
      const poor = await db.household.count({ where: { status: 'POOR' } });
      await expect.poll(() => text(page, 'household-chart'), { timeout: 20_000 }).toContain(poor.toLocaleString(locale === 'en' ? 'en' : 'zh-CN'));
      await page.screenshot({ path: path.join(SHOTS, `dashboard-office-${locale}.png`), fullPage: true });
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      await page.context().close();
    }, 90_000);

    it(`${locale}: a supervisor sees the inbox by due date and its overdue count; an empty inbox says what to do next`, async () => {
      const page = await open('county.supervisor', locale, '/');
      await expect.poll(() => text(page, 'stats-inbox-open'), { timeout: 20_000 }).toBe('5');
      expect(await text(page, 'stats-inbox-overdue')).toBe('3');
      // overdue, the next 7 days (one task in 2-3 days), later
      await expect.poll(() => barLabels(page, 'stats-inbox-chart'), { timeout: 20_000 }).toEqual(['3', '1', '1']);
      expect(await text(page, 'stats-inbox-chart')).toContain(w.overdue);
      expect(await page.getByTestId('stats-office-cycles').count()).toBe(0);
      expect(await page.getByTestId('stats-ranking').count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, `dashboard-supervisor-${locale}.png`), fullPage: true });
      await page.context().close();
      // nothing waits for the evaluator: the empty state says so, with its icon
      const evaluator = await open('evaluator', locale, '/');
      await expect.poll(() => text(evaluator, 'stats-inbox-empty'), { timeout: 20_000 }).toContain(w.inboxEmpty);
      expect(await evaluator.getByTestId('stats-inbox-empty').locator('svg').count()).toBe(1);
      await evaluator.context().close();
    }, 90_000);

    it(`${locale}: a leader sees the published ranking (and downloads it as XLSX), exit progress by city and county, and returns`, async () => {
      const db = c.stack.db;
      const page = await open('leader', locale, '/');
      await expect.poll(() => page.getByTestId('stats-ranking-row').count(), { timeout: 20_000 }).toBe(2);
      expect(await page.getByTestId('stats-ranking-row').first().textContent()).toBe('1沅陵县93.25');
      expect(await text(page, 'stats-ranking')).toContain(w.rank);
      // the totals as a chart, each bar labelled with its points, and the way to the whole ranking
      await expect.poll(() => barLabels(page, 'stats-ranking-chart'), { timeout: 20_000 }).toContain('93.25');
      expect(await text(page, 'stats-ranking-chart')).toContain('1. 沅陵县');
      expect(await page.getByTestId('stats-ranking-open').getAttribute('href')).toMatch(/#\/rankings\/[^/]+\/show$/);
      const huaihua = await db.household.count({ where: { cityId: '4312', status: 'EXITED' } });
      await expect.poll(() => barLabels(page, 'stats-city-chart'), { timeout: 20_000 }).toContain(huaihua.toLocaleString('en'));
      expect(await text(page, 'stats-city-chart')).toContain('怀化市');
      expect(await text(page, 'stats-city-chart')).toContain(w.exited);
      await expect.poll(() => text(page, 'stats-returns-chart'), { timeout: 20_000 }).toContain('沅陵县');
      expect(await barLabels(page, 'stats-returns-chart')).toEqual(['1']);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-ranking-download-xlsx').click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0][3]).toBe(locale === 'en' ? 'Rank' : '名次');
      expect(rows.slice(1).map((r) => [r[3], r[4], r[6]])).toEqual([
        [1, '沅陵县', 93.25],
        [2, '泸溪县', 87.5],
      ]);
      await page.screenshot({ path: path.join(SHOTS, `dashboard-leader-${locale}.png`), fullPage: true });
      await page.context().close();
    }, 90_000);

    it(`${locale}: a region page shows its counts and a chart of the regions below`, async () => {
      const db = c.stack.db;
      const page = await open('county.operator', locale, `/regions/${COUNTY}/show`);
      const households = await db.household.count({ where: { countyId: COUNTY } });
      await expect.poll(() => text(page, 'region-count-households'), { timeout: 20_000 }).toBe(households.toLocaleString());
      expect(await text(page, 'region-count-poor')).toBe((await db.household.count({ where: { countyId: COUNTY, status: 'POOR' } })).toLocaleString());
      expect(await text(page, 'region-count-exited')).toBe((await db.household.count({ where: { countyId: COUNTY, status: 'EXITED' } })).toLocaleString());
      expect(await text(page, 'region-count-returned')).toBe('1');
      expect(Number(await text(page, 'region-count-workTeams'))).toBeGreaterThan(0);
      const [first] = await db.region.findMany({ where: { parentId: COUNTY }, orderBy: { id: 'asc' }, take: 1 });
      await expect.poll(() => text(page, 'region-children-chart'), { timeout: 20_000 }).toContain(first.name);
      await page.screenshot({ path: path.join(SHOTS, `region-counts-${locale}.png`), fullPage: true });
      await page.context().close();
    }, 90_000);

    it(`${locale}: a list's Export downloads the whole filtered list inside the user's scope, streamed by the API, and is audited`, async () => {
      const db = c.stack.db;
      const filter = encodeURIComponent(JSON.stringify({ status: 'EXITED' }));
      const page = await open('county.operator', locale, `/households?filter=${filter}`);
      await page.getByTestId('export-button').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('export-button').isEnabled(), { timeout: 20_000 }).toBe(true);
      await page.getByTestId('export-button').click();
      const before = await db.auditEvent.count({ where: { action: 'EXPORT', actorName: 'county.operator' } });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^建档立卡户-431222-\d{4}-\d{2}-\d{2}\.csv$/);
      const table = parse(await readFile((await download.path())!, 'utf8'), { bom: true }) as string[][];
      expect(table[0][0]).toBe(w.header);
      const expected = await db.household.findMany({ where: { countyId: COUNTY, status: 'EXITED' }, orderBy: [{ villageId: 'asc' }, { code: 'asc' }], select: { code: true } });
      expect(table.slice(1).map((r) => r[0])).toEqual(expected.map((h) => h.code));
      await expect.poll(() => db.auditEvent.count({ where: { action: 'EXPORT', actorName: 'county.operator', outcome: 'SUCCESS' } })).toBe(before + 1);
      await page.context().close();
    }, 90_000);

    it(`${locale}: the exit villages list exports its villages inside the user's scope; a filter naming another county says it is refused`, async () => {
      const page = await open('county.operator', locale, `/exit-villages?filter=${encodeURIComponent(JSON.stringify({ cycleId: exitCycleId }))}`);
      await expect.poll(() => page.getByTestId('export-button').isEnabled(), { timeout: 20_000 }).toBe(true);
      await page.getByTestId('export-button').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^退出核查村-431222-\d{4}-\d{2}-\d{2}\.csv$/);
      const table = parse(await readFile((await download.path())!, 'utf8'), { bom: true }) as string[][];
      expect(table[0].slice(0, 2)).toEqual(locale === 'en' ? ['Village', 'Village code'] : ['村', '村区划代码']);
      // the county's three villages, not 泸溪县's
      expect(table.slice(1).map((r) => r[1]).sort()).toEqual(exitVillageIds);
      await page.context().close();
      // another county in the filter: the API refuses it (403) and the list says so, with no page range
      const refused = await open('county.operator', locale, `/exit-villages?filter=${encodeURIComponent(JSON.stringify({ cycleId: exitCycleId, countyId: '433122' }))}`);
      await expect.poll(() => refused.getByTestId('list-refused').getAttribute('data-status'), { timeout: 20_000 }).toBe('403');
      expect(await refused.locator('.MuiTablePagination-root').count()).toBe(0);
      await refused.context().close();
    }, 90_000);
  }
});
