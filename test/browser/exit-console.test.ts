/**
 * The exit verification's console on real parts (Debian's Chromium, the built console served by the
 * API, a worker, SQLite with the test seed and a cycle written by test/helpers/exit-read-fixtures.ts),
 * in Chinese and in English:
 * - the cycle page follows a running cycle by itself (a county that starts shows without a reload)
 *   and stops asking once the cycle has ended;
 * - a county on its exit notice (摘帽公示) offers 提出异议, which files the objection;
 * - the launch form edits a county's own sample sizes (sample.perCounty), names a bad one in the
 *   user's language, and the launched cycle keeps them;
 * - the row errors of a refused department file and of a refused findings CSV read in the user's language.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawAndStoreSample } from '../../activities/exit-sample.ts';
import { chromiumPath, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';
import { seedExitCycle, OTHER_EXIT_COUNTY, type ExitFixture } from '../helpers/exit-read-fixtures.ts';
import { TEST_PASSWORD } from '../helpers/stack.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const LOCALES: Locale[] = ['zh', 'en'];
/** counties of the seed that join the running cycle while its page is open, one per language */
const LATE_COUNTY: Record<Locale, string> = { zh: '431221', en: '431223' };
const SAMPLE_CYCLE = 'cycle-console-2020';
const SAMPLE_COUNTY = '431222';

describe.runIf(run)('browser: the exit verification console, in Chinese and English', () => {
  let c: ConsoleStack;
  let fx: ExitFixture;
  const errors: string[] = [];

  beforeAll(async () => {
    c = await startConsole();
    fx = await seedExitCycle(c.stack.db);
    // a county of another cycle in its survey, with its sample drawn (the findings CSV)
    await c.stack.db.cycle.create({ data: { id: SAMPLE_CYCLE, type: 'EXIT_VERIFICATION', year: 2020, regionId: '43', stage: 'COUNTIES', workflowId: `fixture:${SAMPLE_CYCLE}`, config: {}, seed: 'console-seed', createdById: 'test' } });
    await c.stack.db.exitCounty.create({ data: { cycleId: SAMPLE_CYCLE, countyId: SAMPLE_COUNTY, cityId: '4312', workflowId: `fixture:${SAMPLE_CYCLE}:county`, stage: 'SURVEY', poorCounty: true } });
    await drawAndStoreSample(c.stack.db, { cycleId: SAMPLE_CYCLE, countyId: SAMPLE_COUNTY, seed: 'console-seed', sizes: { inRegister: 3, outsideRegister: 2, villages: 2 } });
  });

  afterAll(async () => {
    await c?.stop();
  });

  async function open(username: string, locale: Locale): Promise<Page> {
    const page = await (await c.signedIn(username, { locale, width: 1440 })).newPage();
    page.on('pageerror', (e) => errors.push(`${username} ${page.url()}: ${e.message}`));
    return page;
  }

  async function apiAs(username: string, method: string, path: string, body?: unknown) {
    const login = await fetch(`${c.base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    return fetch(`${c.base}/api${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  }

  it.each(LOCALES)('the cycle page shows a county that starts while it is open, and stops asking once the cycle ended (%s)', async (locale) => {
    const db = c.stack.db;
    await db.cycle.update({ where: { id: fx.cycle.id }, data: { status: 'RUNNING' } });
    const page = await open('office', locale);
    const reads: { at: number; path: string }[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      // the cycle's own reads (the app bar's bell asks on its own)
      if (r.method() === 'GET' && (url.pathname.startsWith(`/api/cycles/${fx.cycle.id}`) || ['/api/exit-progress', '/api/exit-counties'].includes(url.pathname))) reads.push({ at: Date.now(), path: url.pathname });
    });
    await page.goto(`${c.base}/#/cycles/${fx.cycle.id}/show`);
    await page.getByTestId('county-table').waitFor({ timeout: 20_000 });
    const before = await db.exitCounty.count({ where: { cycleId: fx.cycle.id } });
    await expect.poll(() => page.getByTestId('county-row').count(), { timeout: 15_000 }).toBe(before);

    // a county workflow starts: its row appears, and the whole cycle's counties bar counts it, without a reload
    const county = LATE_COUNTY[locale];
    await db.exitCounty.create({ data: { cycleId: fx.cycle.id, countyId: county, cityId: county.slice(0, 4), workflowId: `${fx.cycle.workflowId}:county:${county}`, stage: 'VILLAGES', poorCounty: true } });
    await expect.poll(() => page.locator(`[data-testid="county-row"][data-county="${county}"]`).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('summary-counties').getAttribute('data-total'), { timeout: 20_000 }).toBe(String(before + 1));
    expect(page.url()).toContain(`#/cycles/${fx.cycle.id}/show`);

    // the cycle ends: once the page has read that, it stops asking
    await db.cycle.update({ where: { id: fx.cycle.id }, data: { status: 'COMPLETED', completedAt: new Date() } });
    const ended = await page.waitForResponse(async (r) => new URL(r.url()).pathname === `/api/cycles/${fx.cycle.id}` && ((await r.json().catch(() => null)) as { status?: string } | null)?.status === 'COMPLETED', { timeout: 20_000 });
    const seen = Date.now();
    expect(ended.ok()).toBe(true);
    await page.waitForTimeout(12_000); // two refresh intervals and more: nothing may be asked
    const late = reads.filter((r) => r.at > seen + 500).map((r) => r.path);
    expect(late).toEqual([]);
    await page.context().close();
    await db.cycle.update({ where: { id: fx.cycle.id }, data: { status: 'RUNNING', completedAt: null } });
  }, 90_000);

  it.each(LOCALES)('offers 提出异议 on a county during its exit notice and files it (%s)', async (locale) => {
    const db = c.stack.db;
    const t = locale === 'zh' ? { action: '提出异议', title: '泸溪县' } : { action: 'Object', title: '泸溪县' };
    await db.exitCounty.update({ where: { id: fx.counties.other }, data: { stage: 'VILLAGES' } });
    const page = await open('office', locale);
    // not during another stage, nor on a county past its notice
    await page.goto(`${c.base}/#/exit-counties/${fx.counties.other}/show`);
    await page.getByTestId('county-stage').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('objection-button').count()).toBe(0);
    await page.goto(`${c.base}/#/exit-counties/${fx.counties.home}/show`);
    await page.getByTestId('county-stage').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('objection-button').count()).toBe(0);

    // the county's exit notice (摘帽公示) is open
    await db.exitCounty.update({ where: { id: fx.counties.other }, data: { stage: 'NOTICE' } });
    await db.publicNotice.upsert({
      where: { workflowId_stepKey: { workflowId: 'fixture:county-notice', stepKey: 'county-notice#1' } },
      create: { subjectType: 'COUNTY', subjectId: OTHER_EXIT_COUNTY, title: '泸溪县 2019年拟摘帽公示', workflowId: 'fixture:county-notice', stepKey: 'county-notice#1', startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 86_400_000) },
      update: {},
    });
    await page.goto(`${c.base}/#/exit-counties/${fx.counties.other}/show`);
    const button = page.getByTestId('objection-button');
    await button.waitFor({ timeout: 20_000 });
    expect((await button.textContent())?.trim()).toBe(t.action);
    await button.click();
    const reason = locale === 'zh' ? '该县仍有贫困村未出列，发生率数据与实际不符' : 'Villages of the county are still poor; the incidence does not match';
    await page.getByTestId('objection-reason').fill(reason);
    const [posted] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/api/objections' && r.request().method() === 'POST'), page.getByTestId('objection-confirm').click()]);
    expect(posted.status()).toBe(201);
    expect(posted.request().postDataJSON()).toMatchObject({ subjectType: 'COUNTY', subjectId: OTHER_EXIT_COUNTY });
    const objection = await waitFor(() => db.objection.findFirst({ where: { subjectType: 'COUNTY', subjectId: OTHER_EXIT_COUNTY, reason } }), 'the objection');
    expect(objection.status).toBe('OPEN');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it.each(LOCALES)("edits a county's own sample sizes in the launch form (%s)", async (locale) => {
    const t =
      locale === 'zh'
        ? { range: '须在 0 到 1,000,000 之间', county: '须为 6 位县级区划代码', name: '沅陵县' }
        : { range: 'Must be between 0 and 1,000,000', county: 'A county division code of 6 digits', name: '沅陵县' };
    const page = await open('office', locale);
    const validated: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/exit-config/validate') validated.push(r.postDataJSON());
    });
    await page.goto(`${c.base}/#/cycles/create`);
    const year = locale === 'zh' ? 2017 : 2018;
    await page.getByTestId('launch-year').fill(String(year));
    // the config in force for that year has loaded (a late answer would reset the form)
    await expect.poll(() => page.getByTestId('config-source').textContent(), { timeout: 20_000 }).toContain(String(year));
    await page.getByTestId('config-sample.default.householdsInRegister').waitFor({ timeout: 20_000 });
    await page.getByTestId('config-per-county-add').click();
    const cell = (key: string) => page.getByTestId(`config-sample.perCounty.0.${key}`);
    const help = (key: string) => page.getByTestId(`config-sample.perCounty.0.${key}-help`);
    const status = page.getByTestId('config-status');

    // a bad code and a negative size: each named under its field in the user's language
    await cell('county').fill('4312');
    await expect.poll(() => help('county').textContent(), { timeout: 10_000 }).toBe(t.county);
    await cell('county').fill(SAMPLE_COUNTY);
    await cell('villages').fill('-1');
    await expect.poll(() => help('villages').textContent(), { timeout: 10_000 }).toBe(t.range);
    expect(await status.getAttribute('data-issues')).toBe('1');
    expect(await page.getByTestId('launch-submit').isDisabled()).toBe(true);
    // corrected: the county's name beside its code, the form valid, the edit sent as the API takes it
    await cell('villages').fill('');
    await cell('householdsInRegister').fill('40');
    await expect.poll(() => status.getAttribute('data-issues'), { timeout: 10_000 }).toBe('0');
    await expect.poll(() => help('county').textContent(), { timeout: 10_000 }).toBe(t.name);
    await expect.poll(() => page.getByTestId('launch-submit').isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(validated.at(-1)).toMatchObject({ year, config: { sample: { perCounty: { [SAMPLE_COUNTY]: { householdsInRegister: 40 } } } } });

    if (locale === 'zh') {
      // launched (怀化市), the cycle keeps the county's own size and the default for the rest; then cancelled
      await page.getByTestId('cycle-launch-form').getByRole('combobox').first().click();
      await page.getByRole('option', { name: /怀化市/ }).click();
      await expect.poll(() => status.getAttribute('data-issues'), { timeout: 10_000 }).toBe('0');
      await page.getByTestId('launch-submit').click();
      const cycle = await waitFor(() => c.stack.db.cycle.findFirst({ where: { type: 'EXIT_VERIFICATION', year, regionId: '4312' } }), 'the launched cycle', 30_000);
      expect((cycle.config as { sample: { perCounty: unknown } }).sample.perCounty).toEqual({ [SAMPLE_COUNTY]: { householdsInRegister: 40 } });
      await page.waitForURL(new RegExp(`#/cycles/${cycle.id}/show`), { timeout: 20_000 });
      const cancel = await apiAs('office', 'POST', `/cycles/${cycle.id}/cancel`);
      expect([200, 202]).toContain(cancel.status);
    }
    await page.context().close();
  }, 90_000);

  it.each(LOCALES)('words the row errors of a refused department file and findings CSV (%s)', async (locale) => {
    const db = c.stack.db;
    const t =
      locale === 'zh'
        ? { yesNo: '应填“是”或“否”（也可填 true/false、1/0）', year: '本文件为 2016 年数据，本行年度不符', yearColumn: '年度', unknown: '本县抽查样本中没有序号 999', kind: '是名册外走访户，“是否达标”应留空' }
        : { yesNo: 'Expected yes or no (also true/false, 1/0)', year: 'The file is for 2016; this row is for another year', yearColumn: 'Year', unknown: "The county's sample has no entry 999", kind: 'is a visit outside the register: leave "Meets the standard" empty' };
    const [a, b] = await db.household.findMany({ where: { countyId: SAMPLE_COUNTY }, orderBy: { code: 'asc' }, take: 2 });

    // a department file: two bad rows, each worded in the user's language, nothing imported
    const office = await open('office', locale);
    await office.goto(`${c.base}/#/department-imports`);
    await office.getByTestId('department-upload').locator('input[name="year"]').fill('2016');
    const bad = ['户编号,年度,义务教育有保障', `${a.code},2016,也许`, `${b.code},2015,是`].join('\n');
    await office.getByTestId('department-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await office.getByTestId('department-upload-submit').click();
    const messages = office.getByTestId('import-error-message');
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBe(2);
    expect(await messages.allTextContents()).toEqual([t.yesNo, t.year]);
    expect(await messages.evaluateAll((cells) => cells.map((e) => e.getAttribute('data-code')))).toEqual(['YES_NO_EXPECTED', 'YEAR_MISMATCH']);
    expect(await office.getByTestId('import-refusal').locator('tbody tr').nth(1).textContent()).toContain(t.yearColumn);
    expect(await db.departmentImport.count()).toBe(0);
    await office.context().close();

    // a findings CSV: an unknown entry, and a column that a visit outside the register leaves empty
    const visit = await db.sampleEntry.findFirstOrThrow({ where: { cycleId: SAMPLE_CYCLE, kind: 'OUTSIDE_REGISTER' }, orderBy: { ordinal: 'asc' } });
    const evaluator = await open('evaluator', locale);
    await evaluator.goto(`${c.base}/#/sample-entries?filter=${encodeURIComponent(JSON.stringify({ cycleId: SAMPLE_CYCLE, countyId: SAMPLE_COUNTY }))}`);
    await evaluator.getByTestId('csv-import-button').click();
    const findings = ['序号,是否达标,受访户主,是否漏评', '999,是,,', `${visit.ordinal},是,赵六,否`].join('\n');
    await evaluator.getByTestId('csv-file-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(findings) });
    await evaluator.getByTestId('csv-upload').click();
    const rows = evaluator.getByTestId('csv-error-message');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const words = await rows.allTextContents();
    expect(words[0]).toBe(t.unknown);
    expect(words[1]).toContain(t.kind);
    expect(words[1]).toContain(String(visit.ordinal));
    expect(await db.sampleEntry.count({ where: { cycleId: SAMPLE_CYCLE, foundAt: { not: null } } })).toBe(0);
    await evaluator.context().close();
    expect(errors).toEqual([]);
  }, 60_000);
});
