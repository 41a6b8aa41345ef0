/**
 * The browser journey on real parts (Debian's Chromium driven by playwright-core, the built
 * console served by the API, a worker on the Temporal dev server, SQLite):
 * the county operator proposes a return to poverty → the supervisor approves both steps in the
 * task inbox → the household shows as registered-poor.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_DIST } from '../../api/server.ts';
import { waitFor } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';
import { startStack, TEST_PASSWORD, type Stack } from '../helpers/stack.ts';

const chromiumPath = inject('chromiumPath');
const run = requirePart(chromiumPath !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');

describe.runIf(run)('browser journey: return to poverty', () => {
  let stack: Stack;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack('sqlite', { adminDist: ADMIN_DIST });
    server = await new Promise<Server>((resolve) => {
      const s = stack.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath as string,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await stack?.stop();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(TEST_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('session-display-name').waitFor();
    return page;
  }

  it('proposes, approves in the inbox, and shows the household as registered-poor', async () => {
    const household = await stack.db.household.findFirstOrThrow({ where: { status: 'EXITED', countyId: '431222' }, orderBy: { id: 'asc' } });

    // 1. the county operator proposes the return to poverty on the household's page
    const operator = await signIn('county.operator');
    await expect.poll(() => operator.getByTestId('session-role-scope').textContent()).toContain('沅陵县');
    await operator.goto(`${base}/#/households/${household.id}/show`);
    await expect.poll(() => operator.getByTestId('household-status').getAttribute('data-status')).toBe('EXITED');
    await operator.getByTestId('return-to-poverty-button').click();
    await operator.locator('textarea[name="reason"]').fill('户主突发重病住院，医疗支出超过家庭收入');
    await operator.getByTestId('return-to-poverty-submit').click();
    const request = await waitFor(() => stack.db.returnRequest.findFirst({ where: { householdId: household.id, status: 'PENDING' } }), 'the return request');
    await operator.screenshot({ path: path.join(SHOTS, 'journey-1-proposed.png') });

    // 2. the township supervisor checks, the county supervisor approves (four-eyes: one person, one level)
    for (const [stepKey, who] of [['township-check#1', 'township.supervisor'], ['county-approval#1', 'county.supervisor']] as const) {
      const supervisor = await signIn(who);
      const task = await waitFor(() => stack.db.task.findFirst({ where: { workflowId: request.workflowId, stepKey, status: 'OPEN' } }), stepKey);
      await supervisor.goto(`${base}/#/tasks`);
      // the inbox words the task from what its row carries: the step and the subject (a first version goes unsaid)
      const title = supervisor.getByTestId('task-title').filter({ hasText: task.subjectLabel }).first();
      await expect.poll(() => title.textContent()).toBe(`${(task.labels as { zh: { step: string } }).zh.step} · ${task.subjectLabel}`);
      await title.click();
      await supervisor.getByTestId('decision-APPROVE').click();
      await supervisor.locator('textarea[name="comment"], input[name="comment"]').first().fill('核实无误，同意');
      await supervisor.getByTestId('decision-confirm').click();
      await waitFor(async () => (await stack.db.task.findUniqueOrThrow({ where: { id: task.id } })).status === 'DONE', `${stepKey} decided`);
      // the decision is attributable on the page: who decided it
      await expect.poll(() => supervisor.locator('body').textContent(), { timeout: 15_000 }).toContain(`(${who})`);
      await supervisor.screenshot({ path: path.join(SHOTS, `journey-2-${stepKey.replace('#', '-')}.png`) });
    }

    // 3. the household shows as registered-poor, with the ledger entry
    await waitFor(async () => (await stack.db.household.findUniqueOrThrow({ where: { id: household.id } })).status === 'POOR', 'the household to be POOR');
    await operator.goto(`${base}/#/households/${household.id}/show`);
    await operator.reload();
    await expect.poll(() => operator.getByTestId('household-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('POOR');
    await expect.poll(() => operator.locator('body').textContent()).toContain('返贫');
    await operator.screenshot({ path: path.join(SHOTS, 'journey-3-poor.png'), fullPage: true });
    const decisions = await stack.db.auditEvent.findMany({ where: { workflowId: request.workflowId, action: 'TASK_DECIDED' } });
    expect(decisions.map((d) => d.actorName).sort()).toEqual(['county.supervisor', 'township.supervisor']);
  }, 150_000);
});
