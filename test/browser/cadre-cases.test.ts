/**
 * Opening a cadre's case in the console, on the real stack in Debian's Chromium: the office opens an
 * interview from the cadre's page; the case appears with its stage in words; its steps open in the
 * inbox, where the county supervisor finds the interview to record. A leader is not offered the
 * button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");

describe.runIf(run)('cadre cases in the console', () => {
  let c: ConsoleStack;
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => c?.stop());

  it('the office opens an interview from the cadre page; the case and its first step follow', async () => {
    const cadre = await c.stack.db.cadre.findFirstOrThrow({ where: { regionId: '431222', position: 'FIRST_SECRETARY' }, orderBy: { id: 'asc' } });
    const route = `${c.base}/#/cadres/${encodeURIComponent(cadre.id)}/show`;

    const leader = await c.signedIn('leader', { locale: 'zh', width: 1440 });
    const leaderPage = await leader.newPage();
    await leaderPage.goto(route);
    await leaderPage.locator('[data-testid="cadre-cases"]').waitFor();
    expect(await leaderPage.locator('[data-testid="open-case-button"]').count()).toBe(0);
    await leader.close();

    const context = await c.signedIn('office', { locale: 'zh', width: 1440 });
    const page = await context.newPage();
    try {
      await page.goto(route);
      await page.locator('[data-testid="open-case-button"]').click();
      await page.getByRole('textbox', { name: '事由' }).fill('驻村帮扶工作不到位，群众意见较大');
      await page.locator('[data-testid="open-case-submit"]').click();
      const row = await waitFor(() => c.stack.db.accountabilityCase.findFirst({ where: { cadreId: cadre.id, kind: 'INTERVIEW' } }), 'the case row');
      expect(row).toMatchObject({ status: 'RUNNING', origin: 'MANUAL', reason: '驻村帮扶工作不到位，群众意见较大' });
      const cases = page.locator('[data-testid="cadre-cases"]');
      await expect.poll(async () => cases.innerText(), { timeout: 20_000 }).toContain('约谈');
      // the stage in words once the workflow has moved on
      await waitFor(() => c.stack.db.accountabilityCase.findFirst({ where: { id: row.id, stage: 'INTERVIEW' } }), 'the interview stage');
      await page.reload();
      await expect.poll(async () => page.locator('[data-testid="cadre-cases"]').innerText(), { timeout: 20_000 }).toContain('驻村帮扶工作不到位');
      expect(await page.locator('[data-testid="cadre-cases"]').innerText()).toMatch(/约谈\s/);

      await page.locator('[data-testid="cadre-cases"]').getByRole('link', { name: '办理环节' }).click();
      const tasks = page.locator('tbody tr.RaDataTable-row');
      await expect.poll(() => tasks.count(), { timeout: 20_000 }).toBe(1);
      expect(await tasks.first().innerText()).toContain('约谈并记录');
      // the task page names its case by kind and cadre, linked to the cadre's page, never by its id
      await tasks.first().click();
      const caseLink = page.getByRole('link', { name: `约谈 · ${cadre.name} (${cadre.code})` });
      await expect.poll(() => caseLink.count(), { timeout: 20_000 }).toBe(1);
      expect(await caseLink.getAttribute('href')).toContain(`#/cadres/${encodeURIComponent(cadre.id)}/show`);
      // (the workflow id, shown for operators, carries it; nothing else does)
      const { workflowId } = await c.stack.db.task.findFirstOrThrow({ where: { caseId: row.id } });
      const pageText = (await page.locator('main').innerText()).replaceAll(workflowId, '');
      const at = pageText.indexOf(row.id);
      expect(at, JSON.stringify(pageText.slice(Math.max(0, at - 120), at + 60))).toBe(-1);
    } finally {
      await context.close();
    }
    const task = await c.stack.db.task.findFirstOrThrow({ where: { caseId: (await c.stack.db.accountabilityCase.findFirstOrThrow({ where: { cadreId: cadre.id } })).id } });
    expect(task).toMatchObject({ step: 'interview-record', assignedRole: 'SUPERVISOR', regionId: '431222', status: 'OPEN' });
  });
});
