/**
 * The county rankings in the console, on the real stack in Debian's Chromium: a leader finds the
 * published ranking (never the draft), reads the totals as a chart and per county, opens a county
 * to see each indicator's value, source and formula, and the consequences in words; in English
 * too. The office sees the draft beside it, and the assessment cycle's page lists both versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { requirePart } from '../helpers/env.ts';
import { insertRankings } from '../helpers/ranking-fixture.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");

describe.runIf(run)('county rankings in the console', () => {
  let c: ConsoleStack;
  let ids: Awaited<ReturnType<typeof insertRankings>>;

  beforeAll(async () => {
    c = await startConsole();
    ids = await insertRankings(c.stack.db, { draft: true });
  });
  afterAll(async () => c?.stop());

  it('a leader reads the published ranking: chart, ranks, each indicator traced to its source, and the results', async () => {
    const context = await c.signedIn('leader', { locale: 'zh', width: 1440 });
    const page = await context.newPage();
    try {
      await page.goto(`${c.base}/#/rankings`);
      const rows = page.locator('tbody tr.RaDataTable-row');
      await rows.first().waitFor();
      // only the published version: a leader never sees a draft
      expect(await rows.count()).toBe(1);
      await expect.poll(() => rows.first().locator('[data-testid="ranking-status"]').getAttribute('data-value')).toBe('PUBLISHED');
      expect(await rows.first().innerText()).toContain('沅陵县 · 90.0834');
      await rows.first().click();

      await page.locator('[data-testid="ranking-entries"]').waitFor();
      await page.locator('[data-testid="ranking-chart"]').waitFor();
      expect(await page.locator('[data-testid="ranking-chart"]').getAttribute('aria-label')).toBe('总分');
      const order = await page.locator('[data-testid^="ranking-row-"]').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('[data-testid="ranking-rank"]')?.textContent, tr.querySelector('a')?.textContent, tr.querySelector('[data-testid="ranking-total"]')?.textContent]));
      expect(order).toEqual([
        ['1', '沅陵县', '90.0834'],
        ['2', '泸溪县', '66.7501'],
        ['3', '邵阳县', '58.0833'],
      ]);
      const luxi = page.locator('[data-testid="ranking-row-433122"]');
      expect(await luxi.innerText()).toContain('迟报（扣 1 分）');
      await expect.poll(() => luxi.locator('[data-testid="result-interview"]').count()).toBe(1);
      await expect.poll(() => page.locator('[data-testid="ranking-row-431222"] [data-testid="result-reward"]').count()).toBe(1);
      await expect.poll(() => page.locator('[data-testid="ranking-row-430523"] [data-testid="result-accountability"]').count()).toBe(1);

      // open 沅陵县: each indicator with its name, value, source and formula
      await page.getByRole('button', { name: '展开 沅陵县 的指标明细' }).click();
      const satisfaction = page.locator('[data-testid="ranking-lines-431222"] [data-testid="line-ASSISTANCE_SATISFACTION"]');
      await satisfaction.waitFor();
      const text = await satisfaction.innerText();
      expect(text).toContain('因村因户帮扶工作群众满意度');
      expect(text).toContain('第三方评估');
      expect(text).toContain('第三方评估调查 2016');
      expect(text).toContain('10 × (0.93 − 0.8) ÷ (0.95 − 0.8) = 8.6667 分');
      expect(await page.locator('[data-testid="ranking-total-formula-431222"]').innerText()).toContain('90.0834 = 90.0834');
      await page.getByRole('button', { name: '展开 泸溪县 的指标明细' }).click();
      expect(await page.locator('[data-testid="ranking-lines-433122"]').innerText()).toContain('约谈党政主要领导，限期 90 天整改');
    } finally {
      await context.close();
    }
  });

  it('in English, and the office sees the draft and both versions on the cycle page', async () => {
    const context = await c.signedIn('office', { locale: 'en', width: 1440 });
    const page = await context.newPage();
    try {
      await page.goto(`${c.base}/#/rankings/${encodeURIComponent(ids.publishedId)}/show`);
      await page.locator('[data-testid="ranking-entries"]').waitFor();
      await page.getByRole('button', { name: 'Show the indicators of 沅陵县' }).click();
      const lines = page.locator('[data-testid="ranking-lines-431222"]');
      await lines.waitFor();
      expect(await lines.innerText()).toContain('10 × (0.93 − 0.8) ÷ (0.95 − 0.8) = 8.6667 points');
      expect(await lines.innerText()).toContain('Satisfaction with the help given');
      expect(await page.locator('[data-testid="ranking-row-431222"]').innerText()).toContain('Rewarded');

      await page.goto(`${c.base}/#/rankings`);
      const rows = page.locator('tbody tr.RaDataTable-row');
      await expect.poll(() => rows.count()).toBe(2);
      await page.goto(`${c.base}/#/cycles/${encodeURIComponent(ids.cycleId)}/show`);
      const versions = page.locator('[data-testid="cycle-rankings"] tbody tr');
      await expect.poll(() => versions.count()).toBe(2);
      expect(await page.locator('[data-testid="cycle-rankings"]').innerText()).toContain('Published');
      expect(await page.locator('[data-testid="cycle-rankings"]').innerText()).toContain('Draft');
    } finally {
      await context.close();
    }
  });
});
