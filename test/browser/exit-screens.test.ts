/**
 * The exit-verification screens in Chromium (playwright-core, the built console served by the API,
 * SQLite), over a cycle written straight into the database (test/helpers/exit-read-fixtures.ts): the
 * office sees the cycle list with its progress, opens the cycle, drills down county → township →
 * village → household, and reads the four tests with pass / fail; the launch form shows a field's
 * problem without submitting; the village work team gets its acknowledgement controls. In Chinese
 * and in English, at desktop and phone widths, with no JavaScript error on any page.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';
import { requirePart } from '../helpers/env.ts';
import { seedExitCycle, EXIT_YEAR, HOME_COUNTY, type ExitFixture } from '../helpers/exit-read-fixtures.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe.runIf(run)('browser: exit-verification screens', () => {
  let c: ConsoleStack;
  let stack: ConsoleStack['stack'];
  let base: string;
  let fx: ExitFixture;
  /** JavaScript errors (uncaught, or console.error) of every page, by page */
  const errors: string[] = [];

  beforeAll(async () => {
    c = await startConsole();
    ({ stack, base } = c);
    fx = await seedExitCycle(stack.db);
  });

  afterAll(async () => {
    await c?.stop();
  });

  async function signIn(username: string, locale: Locale, width = 1440, height = 900): Promise<Page> {
    mark(`sign in ${username}`);
    // bypassCSP: axe-core is injected as an inline script (the console's CSP rightly refuses those)
    const context = await c.signedIn(username, { locale, width, height, bypassCSP: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${username} ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`${username} ${page.url()}: ${m.text()}`);
    });
    await page.goto(`${base}/`);
    // attached, not visible: a phone-wide app bar hides the name
    await page.getByTestId('session-display-name').waitFor({ state: 'attached' });
    mark('signed in');
    return page;
  }

  /** The page does not scroll sideways: wide tables scroll inside their own box. */
  const noSidewaysScroll = async (page: Page) => {
    const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      // the innermost elements that stick out outside any scrolling box, for the failure message
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
        .filter((e) => {
          for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false;
          return true;
        })
        .slice(0, 8)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`),
    }));
    expect(scrollWidth, `wider than ${innerWidth}px: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth + 1);
    return true;
  };


  /** axe-core over the page's main content (the screens of this file): serious and critical violations. */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run({ include: [['#main-content']] }, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(' ')}`);
    });
  }

  const mark = (label: string) => process.env.EXIT_SCREENS_TIMING && console.log(`${new Date().toISOString()} ${label}`);

  async function drillDown(page: Page, locale: Locale) {
    const t = locale === 'zh'
      ? { fail: '未通过', pass: '通过', formula: '错退率 = 错退户数 ÷ 抽查已脱贫户数 = 3 ÷ 150 = 2.00%', reason: `达到 ${EXIT_YEAR} 年退出标准`, line: '高于 3,218 元' }
      : { fail: 'Fail', pass: 'Pass', formula: 'wrong-exit rate = wrongly exited households ÷ sampled exited households = 3 ÷ 150 = 2.00%', reason: `meets the ${EXIT_YEAR} exit standard`, line: 'above 3,218 yuan' };

    mark('list');
    // the list: the cycle with its bars (households exited of candidates, counties done)
    await page.goto(`${base}/#/cycles`);
    const households = page.getByTestId('cycle-progress-households').first();
    await expect.poll(() => households.getAttribute('data-done'), { timeout: 15_000 }).toBe('3');
    expect(await households.getAttribute('data-total')).toBe('13');
    expect(await page.getByTestId('cycle-progress-counties').first().getAttribute('data-done')).toBe('1');
    await page.screenshot({ path: path.join(SHOTS, `exit-${locale}-1-list.png`) });
    if (locale === 'zh') expect(await axeViolations(page), 'cycle list').toEqual([]);

    mark('cycle');
    // the cycle: counties with progress, tests and outcome; open tasks per level; the timeline
    await page.getByTestId('cycle-progress').first().click();
    await page.waitForURL(`**/#/cycles/${fx.cycle.id}/show`);
    await expect.poll(() => page.getByTestId('county-row').count(), { timeout: 15_000 }).toBe(2);
    const home = page.locator(`[data-testid="county-row"][data-county="${HOME_COUNTY}"]`);
    expect(await home.getByTestId('county-tests-result').getAttribute('data-pass')).toBe('false');
    expect(await home.getByTestId('county-outcome').getAttribute('data-value')).toBe('BLOCKED');
    const cityChip = page.getByTestId('cycle-open-tasks').locator('[data-level="CITY"]');
    expect(await cityChip.getAttribute('data-overdue')).toBe('1');
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBe(10);
    expect(await page.getByTestId('timeline-entry').first().getAttribute('data-kind')).toBe('EVENT');
    await page.screenshot({ path: path.join(SHOTS, `exit-${locale}-2-cycle.png`), fullPage: true });
    if (locale === 'zh') expect(await axeViolations(page), 'cycle page').toEqual([]);

    mark('county');
    // the county: the four tests with formula, inputs, threshold and pass / fail
    await home.click();
    await page.waitForURL(`**/#/exit-counties/${fx.counties.home}/show`);
    await expect.poll(() => page.locator('[data-testid^="county-test-"][data-pass]').count(), { timeout: 15_000 }).toBe(4);
    const verdicts = await page.locator('[data-testid^="county-test-"][data-pass]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-testid')}:${r.getAttribute('data-pass')}`));
    expect(verdicts).toEqual(['county-test-incidence:true', 'county-test-wrongExitRate:false', 'county-test-missedRate:true', 'county-test-recognition:true']);
    const wrongExit = page.getByTestId('county-test-wrongExitRate');
    expect(await wrongExit.getByTestId('county-test-formula').textContent()).toContain(t.formula);
    expect(await wrongExit.textContent()).toContain(t.fail);
    expect(await page.getByTestId('county-test-recognition').textContent()).toContain(t.pass);
    await page.screenshot({ path: path.join(SHOTS, `exit-${locale}-3-county.png`), fullPage: true });
    if (locale === 'zh') expect(await axeViolations(page), 'county page').toEqual([]);

    mark('townships');
    // townships → the villages of one township → a village's households
    await expect.poll(() => page.getByTestId('township-row').count()).toBe(2);
    await page.locator(`[data-testid="township-row"][data-township="${fx.townships.t1}"]`).click();
    await expect.poll(() => page.getByTestId('village-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-village')))).toEqual([fx.villages.v1, fx.villages.v2].sort());
    await page.locator(`[data-testid="village-row"][data-village="${fx.villages.v1}"]`).click();
    await page.waitForURL(`**/#/exit-villages/${fx.ids.v1}/show`);
    await expect.poll(() => page.getByTestId('household-row').count(), { timeout: 15_000 }).toBe(4);
    expect(await page.getByTestId('household-reason').allTextContents()).toContain(t.reason);
    // the office reads; only the work team records acknowledgements
    expect(await page.getByTestId('ack-yes').count()).toBe(0);
    expect(await noSidewaysScroll(page)).toBe(true);

    mark('household');
    // a household: each criterion with its value, standard, source and pass / fail
    await page.locator(`[data-testid="household-row"][data-household="${fx.households[0].id}"]`).click();
    await page.waitForURL(`**/#/exit-households/${fx.households[0].id}/show`);
    const income = page.getByTestId('criterion-income');
    await expect.poll(() => income.getAttribute('data-pass'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => income.textContent()).toContain(t.line);
    expect(await page.locator('[data-testid^="criterion-"]').count()).toBe(7);
    await page.screenshot({ path: path.join(SHOTS, `exit-${locale}-4-household.png`), fullPage: true });
    if (locale === 'zh') expect(await axeViolations(page), 'household page').toEqual([]);
  }

  async function launchFormRefusesBadValue(page: Page, locale: Locale) {
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/cycles') posts.push(r.url());
    });
    mark('launch');
    await page.goto(`${base}/#/cycles/create`);
    const field = page.getByTestId('config-incidence.village.default');
    await expect.poll(() => field.inputValue(), { timeout: 15_000 }).toBe('0.02');
    await field.fill('2');
    const help = page.getByTestId('config-incidence.village.default-help');
    await expect.poll(() => help.textContent(), { timeout: 10_000 }).toBe(locale === 'zh' ? '比例须为小数：2% 应填 0.02，不是 2' : 'A rate is a fraction: 2% is 0.02, not 2');
    expect(await page.getByTestId('config-status').getAttribute('data-issues')).toBe('1');
    expect(await page.getByTestId('launch-submit').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, `exit-${locale}-5-launch-error.png`), fullPage: true });
    if (locale === 'zh') expect(await axeViolations(page), 'launch form').toEqual([]);
    mark('corrected');
    // corrected, the form is valid again and the launch is offered
    await field.fill('0.015');
    await expect.poll(() => page.getByTestId('config-status').getAttribute('data-issues'), { timeout: 10_000 }).toBe('0');
    await expect.poll(() => page.getByTestId('launch-submit').isDisabled()).toBe(false);
    expect(await help.textContent()).toBe('= 1.50%');
    expect(posts).toEqual([]);
    expect(await stack.db.cycle.count()).toBe(1);
    mark('launch checked');
  }

  it('lets the office drill down from the cycle list to a household and refuses a bad launch value, in Chinese then English, at every width', async () => {
    // one sign-in for both languages: loading the console costs seconds on a busy machine
    const page = await signIn('office', 'zh', 1440);
    await drillDown(page, 'zh');
    await launchFormRefusesBadValue(page, 'zh');

    // the language menu of the app bar, as a user switches
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('launch-submit').textContent()).toBe('Start the verification');
    await drillDown(page, 'en');
    await launchFormRefusesBadValue(page, 'en');

    // the cycle and the county pages hold at the common widths: wide tables scroll in their box
    for (const width of [1366, 1920, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/#/cycles/${fx.cycle.id}/show`);
      await expect.poll(() => page.getByTestId('county-row').count(), { timeout: 15_000 }).toBe(2);
      await noSidewaysScroll(page);
      await page.goto(`${base}/#/exit-counties/${fx.counties.home}/show`);
      await expect.poll(() => page.locator('[data-testid^="county-test-"][data-pass]').count(), { timeout: 15_000 }).toBe(4);
      await noSidewaysScroll(page);
      await page.screenshot({ path: path.join(SHOTS, `exit-en-county-${width}.png`), fullPage: true });
    }
    await page.context().close();
    expect(errors).toEqual([]);
  }, 90_000);

  it("gives the work team its village's candidates with acknowledgement controls, on a phone", async () => {
    const page = await signIn('village.secretary', 'zh', 390, 844);
    await page.goto(`${base}/#/exit-villages`);
    await page.waitForURL('**/#/exit-villages');
    await page.goto(`${base}/#/exit-villages/${fx.ids.v1}/show`);
    await page.getByTestId('appraisal-help').waitFor({ timeout: 15_000 });
    // candidates first: three, each with yes / no; the acknowledged one shows its answer
    await expect.poll(() => page.getByTestId('household-row').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.getByTestId('ack-yes').count()).toBe(3);
    const states = await page.getByTestId('ack-state').evaluateAll((els) => els.map((e) => e.getAttribute('data-acknowledged')).sort());
    expect(states).toEqual(['null', 'null', 'true']);
    expect(await noSidewaysScroll(page)).toBe(true);
    // no cancel or launch for the work team
    await page.goto(`${base}/#/cycles/${fx.cycle.id}/show`);
    await page.getByTestId('cycle-summary').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('cycle-cancel-button').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'exit-zh-6-secretary-phone.png'), fullPage: true });
    await page.context().close();
    expect(errors).toEqual([]);
  }, 60_000);
});
