/**
 * Launching a county assessment from the console, on the real stack in Debian's Chromium: the office
 * picks the type, reads the year's framework with its weights, sees the sum refused when it is not
 * 100 and every other problem worded in Chinese, adds a county's reduction plan, launches for 怀化市, and lands on the new cycle; the counties'
 * submission tasks are open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");

describe.runIf(run)('launching a county assessment in the console', () => {
  let c: ConsoleStack;
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => c?.stop());

  it('checks the framework live and launches the cycle', async () => {
    const context = await c.signedIn('office', { locale: 'zh', width: 1440 });
    const page = await context.newPage();
    try {
      await page.goto(`${c.base}/#/cycles/create`);
      await page.getByTestId('launch-type').waitFor();
      await page.getByRole('combobox', { name: '类型' }).click();
      await page.getByRole('option', { name: '县级考核' }).click();
      const form = page.getByTestId('assessment-launch-form');
      await form.waitFor();
      await page.getByTestId('assessment-year').fill('2016');
      await page.getByTestId('weight-REDUCTION_RATE').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('weights-total').textContent(), { timeout: 10_000 }).toContain('权重合计 100 分');

      // a weight that breaks the sum: refused, named, launch held back
      await page.getByTestId('weight-REDUCTION_RATE').fill('10');
      await expect.poll(() => page.getByTestId('weights-total').getAttribute('data-invalid'), { timeout: 10_000 }).toBe('true');
      expect(await page.getByTestId('weights-total').textContent()).toContain('权重合计 95 分（须为 100 分）');
      expect(await page.getByTestId('assessment-launch').isDisabled()).toBe(true);
      await page.getByTestId('weight-REDUCTION_RATE').fill('15');

      // every problem the API finds is worded in the user's language, from the rule it names
      await page.getByTestId('weight-REDUCTION_RATE').fill('十五');
      await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain('请填写数字');
      await page.getByTestId('weight-REDUCTION_RATE').fill('15');
      await page.getByTestId('assessment-submission.latePenalty').fill('20');
      await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain('不得大于 10');
      expect(await form.textContent()).not.toMatch(/must be|points|number/);
      await page.getByTestId('assessment-submission.latePenalty').fill('1');
      await expect.poll(() => page.getByTestId('weights-total').getAttribute('data-invalid'), { timeout: 10_000 }).toBe('false');

      // 沅陵县 plans to deregister 1,200 households; the notice in seconds for a demo
      await form.getByRole('button', { name: '添加一县' }).click();
      await form.getByRole('textbox', { name: '县级区划代码' }).fill('4312');
      await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain('须为 6 位县级区划代码');
      await form.getByRole('textbox', { name: '县级区划代码' }).fill('431222');
      await form.getByRole('textbox', { name: '计划户数' }).fill('1200');
      await form.getByRole('combobox').first().click();
      await page.getByRole('option', { name: /怀化市/ }).click();
      await expect.poll(() => page.getByTestId('assessment-launch').isDisabled(), { timeout: 10_000 }).toBe(false);
      await page.getByTestId('assessment-launch').click();

      const cycle = await waitFor(() => c.stack.db.cycle.findFirst({ where: { type: 'COUNTY_ASSESSMENT', year: 2016, regionId: '4312' } }), 'the launched cycle', 30_000);
      expect((cycle.config as { annualPlan: unknown }).annualPlan).toEqual({ '431222': 1200 });
      await page.waitForURL(new RegExp(`#/cycles/${cycle.id}/show`), { timeout: 20_000 });
      await waitFor(() => c.stack.db.task.findFirst({ where: { workflowId: cycle.workflowId, step: 'county-submission', subjectId: '431222', status: 'OPEN' } }), "沅陵县's submission task");
      await page.locator('[data-testid="cycle-rankings"]').waitFor();
    } finally {
      await context.close();
    }
  });
});
