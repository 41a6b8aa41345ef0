/**
 * Only what the user may do, and the truth when refused (issue 6, item 2), and region selection as
 * an org-unit tree (item 4), in Chinese and in English, in Debian's Chromium on the real stack:
 * - the county operator's region autocomplete offers only regions of its county;
 * - a list filtered on a region outside the scope says "no permission" (the API's 403) and shows no
 *   page range over an empty table;
 * - a household with a return request in progress shows it (status, current step, links) and 返贫录入
 *   is not offered; it is on a household without one;
 * - a leader (read-only) has no 待办 inbox in the menu or on the dashboard; a supervisor has;
 * - the region tree beside the autocomplete: starts at the scope, loads children per node, is used
 *   by keyboard alone (arrows, Enter), filters the list on the chosen region, searches on the server
 *   and opens the path to a match, and passes axe-core (no serious or critical violation).
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, proposeReturn, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const COUNTY = '431222'; // 沅陵县, the county operator's scope
const OTHER_COUNTY = '433122'; // 泸溪县
const TEXT: Record<Locale, { forbidden: string; pendingTitle: string }> = {
  zh: { forbidden: '无权查看', pendingTitle: '返贫申请办理中' },
  en: { forbidden: 'No permission', pendingTitle: 'Return-to-poverty request in progress' },
};

async function axeSerious(page: Page, include: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (selector) => {
    const w = window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }> } };
    const result = await w.axe.run({ include: [selector] }, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }, include);
}

describe.runIf(run)('console: only what the user may do, and the region tree', () => {
  let c: ConsoleStack;
  let pending: { householdId: string; workflowId: string; taskId: string; step: Record<Locale, string> };
  let idle: string;

  beforeAll(async () => {
    c = await startConsole();
    const { householdId, workflowId } = await proposeReturn(c);
    const task = await waitFor(() => c.stack.db.task.findFirst({ where: { workflowId, status: 'OPEN' } }), 'the first task');
    const labels = task.labels as Record<Locale, { step: string }>;
    pending = { householdId, workflowId, taskId: task.id, step: { zh: labels.zh.step, en: labels.en.step } };
    idle = (await c.stack.db.household.findFirstOrThrow({ where: { status: 'EXITED', countyId: COUNTY, id: { not: householdId } }, orderBy: { id: 'asc' } })).id;
  });
  afterAll(async () => {
    await c?.stop();
  });

  for (const locale of ['zh', 'en'] as Locale[]) {
    it(`offers the county operator only regions of its county (${locale})`, async () => {
      const context = await c.signedIn('county.operator', { locale, width: 1440 });
      const page = await context.newPage();
      try {
        await page.goto(`${c.base}/#/households`);
        await page.locator('tbody tr.RaDataTable-row').first().waitFor();
        // "县" is in the name of every county of the province
        await page.locator('input[name="regionId"]').fill('县');
        const options = page.locator('[role="listbox"] li[data-region-id]');
        await options.first().waitFor();
        await expect.poll(async () => options.evaluateAll((els) => els.map((e) => e.getAttribute('data-region-id')))).toEqual([COUNTY]);
        // a township of another county, by its code: nothing offered
        const foreign = await c.stack.db.region.findFirstOrThrow({ where: { parentId: OTHER_COUNTY }, orderBy: { id: 'asc' } });
        await page.locator('input[name="regionId"]').fill(foreign.code);
        await expect.poll(() => page.locator('.MuiAutocomplete-noOptions').count(), { timeout: 10_000 }).toBe(1);
        expect(await options.count()).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);

    it(`says "no permission" for a list filtered outside the scope, without a page range (${locale})`, async () => {
      const context = await c.signedIn('county.operator', { locale, width: 1440 });
      const page = await context.newPage();
      try {
        for (const resource of ['households', 'return-requests']) {
          await page.goto(`${c.base}/#/${resource}?filter=${encodeURIComponent(JSON.stringify({ regionId: OTHER_COUNTY }))}`);
          const refused = page.getByTestId('list-refused');
          await refused.waitFor({ timeout: 30_000 });
          expect(await refused.getAttribute('data-status')).toBe('403');
          expect(await refused.textContent()).toContain(TEXT[locale].forbidden);
          expect(await page.locator('.MuiTablePagination-displayedRows').count(), `${resource}: no page range`).toBe(0);
          expect(await page.locator('tbody tr.RaDataTable-row').count()).toBe(0);
          // clearing the filters shows the scope's rows again, with their true range
          await page.getByTestId('list-refused-clear').click();
          await page.locator('.MuiTablePagination-displayedRows').waitFor();
          expect(await page.getByTestId('list-refused').count()).toBe(0);
        }
      } finally {
        await context.close();
      }
    }, 90_000);

    it(`shows the request in progress on the household and offers no second 返贫录入 (${locale})`, async () => {
      const context = await c.signedIn('county.operator', { locale, width: 1440 });
      const page = await context.newPage();
      try {
        // a household without a request: 返贫录入 is offered, nothing in progress
        await page.goto(`${c.base}/#/households/${encodeURIComponent(idle)}/show`);
        await page.getByTestId('return-to-poverty-button').waitFor();
        expect(await page.getByTestId('household-pending-request').count()).toBe(0);

        await page.goto(`${c.base}/#/households/${encodeURIComponent(pending.householdId)}/show`);
        const panel = page.getByTestId('household-pending-request');
        await panel.waitFor();
        expect(await panel.getAttribute('data-status')).toBe('PENDING');
        const text = (await panel.textContent()) ?? '';
        expect(text).toContain(TEXT[locale].pendingTitle);
        expect(text).toContain(pending.step[locale]);
        expect(text).toContain('county.operator');
        expect(await page.getByTestId('household-pending-step').getAttribute('data-step-key')).toBe('township-check#1');
        expect(await page.getByTestId('household-pending-task').getAttribute('href')).toBe(`#/tasks/${encodeURIComponent(pending.taskId)}/show`);
        expect(await page.getByTestId('household-status').getAttribute('data-status')).toBe('EXITED');
        expect(await page.getByTestId('return-to-poverty-button').count()).toBe(0);
        // the link opens the request among the household's requests
        await page.getByTestId('household-pending-link').click();
        await page.waitForURL(/#\/return-requests/);
        await expect.poll(() => page.locator('.list-page tbody tr.RaDataTable-row').count(), { timeout: 15_000 }).toBe(1);
        expect(await page.locator('.list-page tbody tr.RaDataTable-row').textContent()).toContain(pending.householdId.slice(1));
      } finally {
        await context.close();
      }
    }, 60_000);

    it(`gives a leader no 待办 inbox, in the menu or on the dashboard (${locale})`, async () => {
      for (const [who, inbox] of [['supervisor', true], ['leader', false]] as const) {
        const context = await c.signedIn(who, { locale, width: 1440 });
        const page = await context.newPage();
        try {
          await page.goto(`${c.base}/#/`);
          await page.getByTestId('dashboard-poor-households').waitFor();
          await page.locator('a.RaMenuItemLink-root[href="#/households"]').waitFor();
          expect(await page.locator('a.RaMenuItemLink-root[href="#/tasks"]').count(), `${who}: 待办 in the menu`).toBe(inbox ? 1 : 0);
          expect(await page.getByTestId('dashboard-open-tasks').count(), `${who}: 待办 on the dashboard`).toBe(inbox ? 1 : 0);
        } finally {
          await context.close();
        }
      }
    }, 60_000);

    it(`chooses a region from the tree by keyboard, searches it on the server, and passes axe-core (${locale})`, async () => {
      const context = await c.signedIn('county.operator', { locale, width: 1440, bypassCSP: true });
      const page = await context.newPage();
      const townships = await c.stack.db.region.findMany({ where: { parentId: COUNTY }, orderBy: { code: 'asc' } });
      const first = townships[0];
      const villages = await c.stack.db.region.findMany({ where: { parentId: first.id }, orderBy: { code: 'asc' } });
      expect(villages.length).toBeGreaterThan(0);
      try {
        await page.goto(`${c.base}/#/households`);
        await page.locator('tbody tr.RaDataTable-row').first().waitFor();
        await page.getByTestId('region-tree-open').first().click();
        const tree = page.locator('[role="tree"]');
        await tree.waitFor();
        const items = page.getByTestId('region-tree-item');
        // the root is the scope, its children loaded: the county's townships, nothing else
        await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-region-id')))).toEqual([COUNTY, ...townships.map((t) => t.id)]);
        expect(await page.locator(`[data-region-id="${COUNTY}"]`).getAttribute('aria-expanded')).toBe('true');
        expect(await page.locator(`[data-region-id="${first.id}"]`).getAttribute('aria-expanded')).toBe('false');
        const violations = await axeSerious(page, '.MuiDialog-root');
        expect(violations).toEqual([]);

        // keyboard only: from the search field Tab into the tree (the root), Down to the first
        // township, Right opens it (its villages load), Down to its first village, Enter chooses it
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('region-tree-search');
        await page.keyboard.press('Tab');
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-region-id'))).toBe(COUNTY);
        await page.keyboard.press('ArrowDown');
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-region-id'))).toBe(first.id);
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => page.locator(`[data-region-id="${first.id}"]`).getAttribute('aria-expanded')).toBe('true');
        await page.locator(`[data-region-id="${villages[0].id}"]`).waitFor();
        await page.keyboard.press('ArrowDown');
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-region-id'))).toBe(villages[0].id);
        await page.keyboard.press('Enter');
        await tree.waitFor({ state: 'detached' });
        // the list is filtered on that village: its households and their true total
        const expected = await c.stack.db.household.count({ where: { villageId: villages[0].id } });
        await expect.poll(() => decodeURIComponent(page.url())).toContain(`"regionId":"${villages[0].id}"`);
        await expect.poll(() => page.locator('.MuiTablePagination-displayedRows').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`\\b${expected}\\b`));
        expect(await page.locator('input[name="regionId"]').inputValue()).toContain(villages[0].code);

        // search on the server: the match and the path down to it, opened; no other township
        // the county's last village (another township than the first one, when there are several)
        const target = await c.stack.db.region.findFirstOrThrow({ where: { level: 'VILLAGE', id: { gte: COUNTY, lt: `${COUNTY}z` } }, orderBy: { code: 'desc' } });
        await page.getByTestId('region-tree-open').first().click();
        // reopened, the tree shows the choice: the path down to it opened, the village selected
        await page.locator(`[data-region-id="${villages[0].id}"][aria-selected="true"]`).waitFor();
        expect(await page.locator(`[data-region-id="${first.id}"]`).getAttribute('aria-expanded')).toBe('true');
        await page.getByTestId('region-tree-search').fill(target.code);
        const match = page.locator(`[data-region-id="${target.id}"][data-match="true"]`);
        await match.waitFor();
        await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-region-id')))).toEqual([COUNTY, target.id.slice(0, 9), target.id]);
        expect(await page.locator(`[data-region-id="${target.id.slice(0, 9)}"]`).getAttribute('aria-expanded')).toBe('true');
        expect(await axeSerious(page, '.MuiDialog-root')).toEqual([]);
        await match.click();
        await expect.poll(() => decodeURIComponent(page.url())).toContain(`"regionId":"${target.id}"`);

        // the ledger page chooses its region with the same component
        await page.goto(`${c.base}/#/ledgers`);
        await page.getByTestId('ledger-page').waitFor();
        expect(await page.getByTestId('region-tree-open').count()).toBe(1);
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});
