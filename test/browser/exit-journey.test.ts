/**
 * The yearly exit verification's browser journey on real parts (Debian's Chromium, the built
 * console served by the API, a worker on the Temporal dev server, SQLite, the test-scale seed):
 * the office launches the 2016 verification of 怀化市 in the console → the work team of a poor
 * village records the household's acknowledgement and submits its democratic appraisal → the
 * township checks → after the notice the household is deregistered → the township proposes the
 * village's exit, the county approves it → the household shows as exited in the ledger.
 *
 * The year's config in force (a saved version, as an office would prepare it) runs in seconds:
 * a 7-day notice takes 7 s.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../api/auth/password.ts';
import { defaultExitConfig, mergeExitConfig } from '../../rules/exit-verification/config.ts';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';
import { TEST_PASSWORD } from '../helpers/stack.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');
const YEAR = 2016;
/** a poor village (贫困村) of 沅陵县's first township with one exit candidate in 2016 (test scale) */
const VILLAGE = '431222102002';

describe.runIf(run)('browser journey: yearly exit verification', () => {
  let c: ConsoleStack;
  const errors: string[] = [];

  beforeAll(async () => {
    c = await startConsole();
    // the work team of the poor village, and the year's config in force (seconds; the village's
    // threshold raised so that it may exit after one household does)
    await c.stack.db.user.create({ data: { username: 'secretary.tuanjia', displayName: '团家村第一书记', passwordHash: await hashPassword(TEST_PASSWORD), role: 'FIRST_SECRETARY', regionId: VILLAGE } });
    const config = mergeExitConfig(defaultExitConfig(YEAR), {
      timeUnit: 'second',
      noticePeriods: { household: 7, village: 7, county: 7 },
      incidence: { regionOverrides: [{ prefix: VILLAGE, village: 0.5, note: '测试：放宽出列标准' }] },
    });
    if (!config.ok) throw new Error(JSON.stringify(config.issues));
    await c.stack.db.configVersion.create({ data: { kind: 'EXIT_VERIFICATION', year: YEAR, version: config.config.version, body: config.config as object, createdById: 'U-office' } });
  });

  afterAll(async () => {
    await c?.stop();
  });

  async function signIn(username: string): Promise<Page> {
    const page = await (await c.signedIn(username, { locale: 'zh', width: 1440 })).newPage();
    page.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
    await page.goto(`${c.base}/`);
    await page.getByTestId('session-display-name').waitFor();
    return page;
  }

  /** Opens the task of this step in the inbox and decides it, filling the step's form if it has one. */
  async function decide(page: Page, task: { subjectLabel: string; labels: unknown }, decision: string, fill: Record<string, string> = {}, comment?: string) {
    await page.goto(`${c.base}/#/tasks`);
    const step = (task.labels as { zh: { step: string } }).zh.step;
    const title = page.getByTestId('task-title').filter({ hasText: step }).filter({ hasText: task.subjectLabel }).first();
    await title.click();
    await page.getByTestId(`decision-${decision}`).click();
    for (const [name, value] of Object.entries(fill)) await page.locator(`[name="payload.${name}"]`).fill(value);
    if (comment) await page.locator('textarea[name="comment"], input[name="comment"]').first().fill(comment);
    await page.getByTestId('decision-confirm').click();
  }

  const openTask = (cycleId: string, step: string) => waitFor(() => c.stack.db.task.findFirst({ where: { cycleId, step, status: 'OPEN', regionId: { in: [VILLAGE, VILLAGE.slice(0, 9), VILLAGE.slice(0, 6)] } } }), step, 30_000);
  const decided = (id: string) => waitFor(async () => (await c.stack.db.task.findUniqueOrThrow({ where: { id } })).status === 'DONE', `task ${id} decided`);

  it('launches in the console, the village, township and county decide, and the household shows as exited in the ledger', async () => {
    // 1. the office launches the verification of 怀化市 with the config in force
    const office = await signIn('office');
    await office.goto(`${c.base}/#/cycles/create`);
    await office.getByTestId('launch-year').fill(String(YEAR));
    await office.getByTestId('cycle-launch-form').getByRole('combobox').first().click();
    await office.getByRole('option', { name: /怀化市/ }).click();
    await expect.poll(() => office.getByTestId('config-status').getAttribute('data-issues'), { timeout: 15_000 }).toBe('0');
    await office.getByTestId('launch-submit').click();
    const cycle = await waitFor(() => c.stack.db.cycle.findFirst({ where: { type: 'EXIT_VERIFICATION', year: YEAR, regionId: '4312' } }), 'the cycle', 30_000);
    expect(cycle.config).toMatchObject({ timeUnit: 'second' });
    await office.waitForURL(new RegExp(`#/cycles/${cycle.id}/show`), { timeout: 20_000 });
    // the county rows appear as the county workflows start (slow on a busy machine): the page of a
    // running cycle reads it again by itself, the office never reloads
    await expect.poll(() => office.getByTestId('county-row').count(), { timeout: 90_000, interval: 1_000 }).toBeGreaterThan(0);
    await office.screenshot({ path: path.join(SHOTS, 'exit-1-launched.png') });

    // 2. the work team records the acknowledgement on the village's page and submits the appraisal
    const appraisal = await openTask(cycle.id, 'village-appraisal');
    const candidate = await c.stack.db.exitHousehold.findFirstOrThrow({ where: { cycleId: cycle.id, villageId: VILLAGE, status: 'CANDIDATE' } });
    const household = await c.stack.db.household.findUniqueOrThrow({ where: { id: candidate.householdId } });
    const exitVillage = await c.stack.db.exitVillage.findFirstOrThrow({ where: { cycleId: cycle.id, villageId: VILLAGE } });
    const secretary = await signIn('secretary.tuanjia');
    await secretary.goto(`${c.base}/#/exit-villages/${exitVillage.id}/show`);
    const row = secretary.getByTestId('household-row').filter({ hasText: household.code });
    await row.getByTestId('ack-yes').click();
    await secretary.getByTestId('ack-confirm').click();
    await waitFor(async () => (await c.stack.db.exitHousehold.findUniqueOrThrow({ where: { id: candidate.id } })).acknowledged === true, 'the acknowledgement');
    await decide(secretary, appraisal, 'APPROVE', { appraisalDate: '2016-11-20', participants: '38', minutes: '村民代表大会逐户评议，一致同意' });
    await decided(appraisal.id);
    await secretary.screenshot({ path: path.join(SHOTS, 'exit-2-appraisal.png') });

    // 3. the township checks; after the 7-second notice the household is deregistered
    const township = await signIn('township.supervisor');
    const check = await openTask(cycle.id, 'township-check');
    await decide(township, check, 'APPROVE');
    await decided(check.id);
    await waitFor(async () => (await c.stack.db.household.findUniqueOrThrow({ where: { id: household.id } })).status === 'EXITED', 'the household to be deregistered', 40_000);

    // 4. the township proposes the village's exit; after its notice the county approves it
    const proposal = await openTask(cycle.id, 'village-exit-proposal');
    await decide(township, proposal, 'APPROVE');
    await decided(proposal.id);
    const county = await signIn('county.supervisor');
    const review = await openTask(cycle.id, 'village-exit-review');
    await decide(county, review, 'APPROVE');
    await decided(review.id);
    await waitFor(async () => (await c.stack.db.region.findUniqueOrThrow({ where: { id: VILLAGE } })).exitYear === YEAR, 'the village exit announced');

    // 5. the household is in the ledger as exited, with who decided
    await office.goto(`${c.base}/#/ledger-entries?filter=${encodeURIComponent(JSON.stringify({ regionId: VILLAGE, kind: 'EXITED' }))}`);
    await expect.poll(() => office.locator('body').textContent(), { timeout: 20_000 }).toContain(household.code);
    await office.screenshot({ path: path.join(SHOTS, 'exit-3-ledger.png'), fullPage: true });
    const entry = await c.stack.db.ledgerEntry.findFirstOrThrow({ where: { householdId: household.id, kind: 'EXITED', processId: cycle.id } });
    expect(entry.year).toBe(YEAR);
    const decisions = await c.stack.db.auditEvent.findMany({ where: { action: 'TASK_DECIDED', targetId: { in: [appraisal.id, check.id, proposal.id, review.id] } }, select: { actorName: true } });
    expect(decisions.map((d) => d.actorName).sort()).toEqual(['county.supervisor', 'secretary.tuanjia', 'township.supervisor', 'township.supervisor']);
    expect(errors).toEqual([]);
  }, 240_000);
});
