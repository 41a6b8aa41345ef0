/**
 * The exit verification's data pages in a real browser (Debian's Chromium, the built console served
 * by the API, SQLite): the assessment office uploads a department file that is refused (each bad
 * row shown) and then a good one (in the history); the ledger page shows the county's townships and
 * downloads the CSV; the fake-exit flags list shows a flag with its evidence.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');
const COUNTY = '431222';

describe.runIf(run)('browser: department data, ledgers, fake-exit flags', () => {
  let c: ConsoleStack;

  beforeAll(async () => {
    c = await startConsole();
  });

  afterAll(async () => {
    await c?.stop();
  });

  /** A page signed in as `username` (the session the login leaves, without typing it again). */
  async function signIn(username: string): Promise<Page> {
    const page = await (await c.signedIn(username, { locale: 'zh', width: 1400 })).newPage();
    await page.goto(`${c.base}/`);
    await page.getByTestId('session-display-name').waitFor();
    return page;
  }

  it('uploads a refused and an accepted department file, shows the ledger and downloads it, lists a flag', async () => {
    const db = c.stack.db;
    const [a, b] = await db.household.findMany({ where: { countyId: COUNTY, status: 'EXITED' }, orderBy: { code: 'asc' }, take: 2 });

    // 1. the office uploads a file with two bad rows: nothing is imported, each row is shown
    const office = await signIn('office');
    await office.goto(`${c.base}/#/department-imports`);
    const panel = office.getByTestId('department-upload');
    await panel.locator('input[name="year"]').fill('2016');
    const bad = ['户编号,年度,义务教育有保障', `${a.code},2016,也许`, `${b.code},2015,是`].join('\n');
    await office.getByTestId('department-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await office.getByTestId('department-upload-submit').click();
    const refusal = office.getByTestId('import-refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 15_000 }).toContain('bad.csv 未导入：共 2 处错误');
    await expect.poll(() => refusal.locator('tbody tr').count()).toBe(2);
    expect(await refusal.locator('tbody tr').first().textContent()).toContain('也许');
    expect(await db.departmentImport.count()).toBe(0);
    await office.screenshot({ path: path.join(SHOTS, 'exit-data-1-refused.png'), fullPage: true });

    // 2. the corrected file is imported and appears in the history
    const good = ['户编号,年度,义务教育有保障', `${a.code},2016,是`, `${b.code},2016,否`].join('\n');
    await office.getByTestId('department-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await office.getByTestId('department-upload-submit').click();
    await waitFor(() => db.departmentImport.findFirst({ where: { fileName: 'good.csv', rows: 2 } }), 'the import');
    await expect.poll(() => office.locator('main').textContent(), { timeout: 15_000 }).toContain('good.csv');
    expect(await office.getByTestId('import-refusal').count()).toBe(0);

    // 3. the county supervisor's ledger: one row per township of the county, a total, a CSV download
    const supervisor = await signIn('county.supervisor');
    await supervisor.goto(`${c.base}/#/ledgers`);
    const townships = await db.region.count({ where: { parentId: COUNTY, level: 'TOWNSHIP' } });
    await expect.poll(() => supervisor.getByTestId('ledger-row').count(), { timeout: 15_000 }).toBe(townships);
    expect(await supervisor.getByTestId('ledger-table').textContent()).toContain('合计');
    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByTestId('ledger-download-csv').click()]);
    expect(download.suggestedFilename()).toBe('台账-沅陵县-按乡镇.csv');
    const table = parse(await readFile((await download.path())!, 'utf8'), { bom: true }) as string[][];
    expect(table[0][0]).toBe('区划代码');
    expect(table.length).toBe(townships + 3);
    expect(Number(table.at(-1)![4])).toBe(await db.household.count({ where: { countyId: COUNTY } }));
    await supervisor.screenshot({ path: path.join(SHOTS, 'exit-data-2-ledger.png'), fullPage: true });

    // 4. a fake-exit flag of the county, with its evidence
    await db.exitFlag.create({
      data: { cycleId: 'cycle-browser', countyId: COUNTY, householdId: a.id, kind: 'SAMPLE_CONTRADICTION', messageZh: '第三方核实 F9：未达标（housing）', messageEn: 'finding F9', evidence: { finding: { findingId: 'F9', meetsStandard: false, failedCriteria: ['housing'] } } },
    });
    await supervisor.goto(`${c.base}/#/exit-flags`);
    await expect.poll(() => supervisor.locator('main').textContent(), { timeout: 15_000 }).toContain('抽查核实未达标（假脱贫）');
    await supervisor.locator('main').getByText(a.code).click();
    await expect.poll(() => supervisor.getByTestId('exit-flag-evidence').textContent(), { timeout: 15_000 }).toContain('F9');
    await supervisor.screenshot({ path: path.join(SHOTS, 'exit-data-3-flag.png'), fullPage: true });
  }, 150_000);
});
