/**
 * Issue 6, items 1 and 3, in Debian's Chromium on the real stack (the built console served by the
 * API, a worker on the Temporal dev server, a fresh seeded SQLite database), as the demo users, in
 * Chinese and in English:
 *
 * Item 1, every message in the user's language with its useful details:
 * - deciding a task already decided in a second tab names who decided and when (never the API's
 *   English sentence, an id or a status code);
 * - a duplicate proposal (two tabs) names the household and when the running request was made;
 * - a region outside the user's scope names the region and the user's own scope;
 * - a bulk decision words each task's result, without status codes;
 * - a record the API refuses with 403 says "no permission" (无权查看), not "item does not exist";
 * - task titles carry no `v1`; the menu and the home page's title are the same word;
 * - the invalid-form message uses full-width punctuation ("表单输入无效。请检查错误提示");
 * - a resubmission toasts 已重新提交 / Resubmitted, never 已通过 / Approved;
 * - audit details word their keys (请求方法, not `method`).
 *
 * Item 3, a task page someone can decide from: the subject linked to its page (household, village,
 * township, county), income with its unit beside the year's poverty line and ✓/✗ for each figure,
 * the proposer named with the time, the send-back reason on top of a revise task, and after a
 * decision "next task" in the inbox's own filter.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';
import { TEST_PASSWORD } from '../helpers/stack.ts';
import { defaultStandards } from '../../rules/standards.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');

/** What each locale must read (and must not). */
const WORDS = {
  zh: {
    processRecord: '业务记录',
    invalidForm: '表单输入无效。请检查错误提示',
    unit: '元/人·年',
    resubmitted: '已重新提交',
    approved: '已通过',
    pass: '✓',
    fail: '✗',
    noPermission: '无权查看',
    doesNotExist: '条目不存在',
    home: '首页',
    method: '请求方法',
    pathKey: '请求地址',
    inProgress: '已有一份进行中的返贫申请',
  },
  en: {
    processRecord: 'Process record',
    invalidForm: 'The form is not valid. Please check for errors',
    unit: 'yuan per person per year',
    resubmitted: 'Resubmitted',
    approved: 'Approved',
    pass: '✓',
    fail: '✗',
    noPermission: 'No permission',
    doesNotExist: 'not found',
    home: 'Home',
    method: 'Request method',
    pathKey: 'Request address',
    inProgress: 'already has a return-to-poverty request in progress',
  },
} as const;

/** Words of the API's own (English) messages that must never reach a user. */
const API_ENGLISH = /was already decided \([A-Z]+\)|household \d+ is already in progress|outside your scope \(\d+\)|is already running|not found|\b40[0-9]\b/;
/** a cuid / uuid / request id */
const ID_LIKE = /\b(?:c[a-z0-9]{20,}|[0-9a-f]{8}-[0-9a-f]{4}-|rr_)/;

/** Records every notification the page shows (react-admin shows them one at a time). */
function recordToasts(context: BrowserContext) {
  return context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __toasts: string[] }).__toasts = seen;
    const scan = () => {
      for (const el of document.querySelectorAll('.MuiSnackbarContent-message')) {
        const text = el.textContent ?? '';
        if (text && !seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const toasts = (page: Page) => page.evaluate(() => (window as unknown as { __toasts?: string[] }).__toasts ?? []);

async function toastMatching(page: Page, test: (text: string) => boolean, what: string): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        found = (await toasts(page)).find(test);
        return found !== undefined;
      },
      { timeout: 20_000, message: what },
    )
    .toBe(true);
  return found as string;
}

describe.runIf(run)('console words and the task page (issue 6, items 1 and 3)', () => {
  let c: ConsoleStack;
  let households: Array<{ id: string; code: string; headName: string; villageId: string; townshipId: string; countyId: string }>;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    c = await startConsole();
    const supervisor = await c.stack.db.user.findUniqueOrThrow({ where: { username: 'township.supervisor' } });
    // exited households the township supervisor decides on (three per language)
    households = await c.stack.db.household.findMany({
      where: { status: 'EXITED', townshipId: supervisor.regionId, records: { some: {} } },
      orderBy: { id: 'asc' },
      take: 6,
      select: { id: true, code: true, headName: true, villageId: true, townshipId: true, countyId: true },
    });
    expect(households.length).toBe(6);
    tokens = {};
    for (const username of ['county.operator', 'township.supervisor']) {
      const login = await fetch(`${c.base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
      tokens[username] = ((await login.json()) as { token: string }).token;
    }
  }, 180_000);

  afterAll(async () => {
    await c?.stop();
  });

  async function api(username: string, method: string, route: string, body?: unknown) {
    const res = await fetch(`${c.base}/api${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[username]}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function propose(householdId: string) {
    const res = await api('county.operator', 'POST', `/households/${householdId}/return-to-poverty`, { reason: '户主突发重病住院，医疗支出超过家庭收入，申请重新识别为贫困户' });
    expect(res.status).toBe(201);
    return res.body as { workflowId: string };
  }

  const openTask = (workflowId: string, stepKey: string) =>
    waitFor(() => c.stack.db.task.findFirst({ where: { workflowId, stepKey, status: 'OPEN' } }), `${stepKey} of ${workflowId}`);

  async function newPage(username: string, locale: Locale): Promise<Page> {
    const context = await c.signedIn(username, { locale, width: 1440 });
    await recordToasts(context);
    return context.newPage();
  }

  for (const locale of ['zh', 'en'] as const) {
    it(`words errors with their details and makes the task page decidable (${locale})`, async () => {
      const w = WORDS[locale];
      const [hA, hB, hC] = locale === 'zh' ? households.slice(0, 3) : households.slice(3, 6);
      const supervisorUser = await c.stack.db.user.findUniqueOrThrow({ where: { username: 'township.supervisor' } });
      const operatorUser = await c.stack.db.user.findUniqueOrThrow({ where: { username: 'county.operator' } });

      // ---- two proposals: two open tasks in the township supervisor's inbox
      const a = await propose(hA.id);
      const b = await propose(hB.id);
      const taskA = await openTask(a.workflowId, 'township-check#1');
      const taskB = await openTask(b.workflowId, 'township-check#1');
      const labels = taskA.labels as Record<Locale, { step: string }>;

      // ---- the inbox (its filter and sort are what "next task" keeps), then task A's page
      const tab1 = await newPage('township.supervisor', locale);
      await tab1.goto(`${c.base}/#/tasks`);
      const titleA = tab1.getByTestId('task-title').filter({ hasText: taskA.subjectLabel }).first();
      // item 1: the title is the step and the subject in the user's language, no "v1"
      await expect.poll(() => titleA.textContent(), { timeout: 20_000 }).toBe(`${labels[locale].step} · ${taskA.subjectLabel}`);
      await titleA.click();
      await tab1.getByTestId('task-summary').waitFor();

      // item 3: the subject is linked to its page, and its village, township and county to theirs
      expect(await tab1.getByTestId('task-subject-link').getAttribute('href')).toContain(`#/households/${hA.id}/show`);
      const regionLinks = await tab1.getByTestId('task-region-link').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-region'), href: e.getAttribute('href'), text: e.textContent })));
      const village = await c.stack.db.region.findUniqueOrThrow({ where: { id: hA.villageId } });
      for (const id of [hA.countyId, hA.townshipId, hA.villageId]) expect(regionLinks.find((r) => r.id === id)?.href).toContain(`#/regions/${id}/show`);
      expect(regionLinks.find((r) => r.id === hA.villageId)?.text).toBe(village.name);

      // item 3: the proposer named, with the time
      await expect.poll(() => tab1.getByTestId('task-proposer').textContent()).toBe(`${operatorUser.displayName} (county.operator)`);

      // item 3: income with its unit beside the year's poverty line, pass/fail for each figure
      const record = await c.stack.db.householdYear.findFirstOrThrow({ where: { householdId: hA.id }, orderBy: { year: 'desc' } });
      const intl = locale === 'en' ? 'en-GB' : 'zh-CN';
      const money = (v: number) => new Intl.NumberFormat(intl, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
      const line = defaultStandards(record.year).povertyLine;
      const income = tab1.locator('[data-testid="task-check"][data-check="incomePerCapita"]');
      expect(await income.getByTestId('task-check-value').textContent()).toBe(`${money(record.incomePerCapita)} ${w.unit}`);
      const standard = (await income.getByTestId('task-check-standard').textContent()) ?? '';
      expect(standard).toContain(`${money(line)} ${w.unit}`);
      expect(standard).toContain(String(record.year));
      const incomePass = record.incomePerCapita >= line;
      expect(await income.getAttribute('data-pass')).toBe(String(incomePass));
      expect(await income.getByTestId('task-check-result').textContent()).toContain(incomePass ? w.pass : w.fail);
      const housing = tab1.locator('[data-testid="task-check"][data-check="housingSafe"]');
      expect(await housing.getByTestId('task-check-result').textContent()).toContain(record.housingSafe ? w.pass : w.fail);
      // nothing of the snapshot is shown under its raw key
      const summary = (await tab1.getByTestId('task-summary').textContent()) ?? '';
      expect(summary).not.toMatch(/incomePerCapita|povertyLine|housingSafe|proposedAt/);
      await tab1.screenshot({ path: path.join(SHOTS, `task-words-${locale}-1-task.png`), fullPage: true });

      // ---- a second tab on the same task, left open
      const tab2 = await tab1.context().newPage();
      await tab2.goto(tab1.url());
      await tab2.getByTestId('decision-APPROVE').waitFor();

      // item 1: the invalid-form message, full-width in Chinese
      await tab1.getByTestId('decision-RETURN').click();
      await tab1.getByTestId('decision-confirm').click();
      expect(await toastMatching(tab1, (t) => t.includes(w.invalidForm), 'the invalid-form message')).toBe(w.invalidForm);

      // send task A back with a reason
      const sendBack = locale === 'zh' ? '收入数据与村里核实不符，请补充医疗支出票据后重新提交' : 'The income does not match the village check; add the medical receipts and resubmit';
      await tab1.locator('textarea[name="comment"]').fill(sendBack);
      await tab1.getByTestId('decision-confirm').click();
      await waitFor(async () => (await c.stack.db.task.findUniqueOrThrow({ where: { id: taskA.id } })).status === 'DONE', 'task A sent back');

      // item 3: "next task" in the same filter: task B
      const next = tab1.getByTestId('task-next-link');
      await expect.poll(() => next.getAttribute('data-task'), { timeout: 20_000 }).toBe(taskB.id);
      await next.click();
      await expect.poll(() => tab1.url()).toContain(`/tasks/${taskB.id}/show`);

      // item 1: the stale tab decides the task already decided: who decided and when, in the user's language
      await tab2.getByTestId('decision-APPROVE').click();
      await tab2.locator('textarea[name="comment"]').fill(locale === 'zh' ? '同意' : 'Agreed');
      await tab2.getByTestId('decision-confirm').click();
      const decided = await toastMatching(tab2, (t) => t.includes(supervisorUser.displayName) && t.includes('township.supervisor'), 'who decided, named');
      const decidedAt = (await c.stack.db.task.findUniqueOrThrow({ where: { id: taskA.id } })).decidedAt as Date;
      expect(decided).toContain(decidedAt.toLocaleString(intl, { dateStyle: 'medium', timeStyle: 'short' }));
      expect(decided).not.toMatch(API_ENGLISH);
      expect(decided).not.toMatch(ID_LIKE);
      if (locale === 'zh') expect(decided).toContain('已由');

      // ---- the revise task: the send-back reason on top; the resubmission toasts "resubmitted"
      const revise = await openTask(a.workflowId, 'revise#1');
      const operator = await newPage('county.operator', locale);
      await operator.goto(`${c.base}/#/tasks/${revise.id}/show`);
      const lastComment = operator.getByTestId('task-last-comment');
      await expect.poll(() => operator.getByTestId('task-last-comment-text').textContent(), { timeout: 20_000 }).toBe(sendBack);
      // the request is named by its reason, the ids of the process's records are not on the page
      await expect.poll(() => operator.locator('main').innerText(), { timeout: 20_000 }).toContain(w.processRecord);
      expect(await operator.locator('main').innerText()).not.toContain(String(revise.processId));
      const commentBox = await lastComment.boundingBox();
      const decisionsBox = await operator.getByTestId('task-decisions').boundingBox();
      const historyBox = await operator.getByTestId('task-history').boundingBox();
      expect(commentBox && decisionsBox && historyBox).toBeTruthy();
      expect(commentBox!.y).toBeLessThan(decisionsBox!.y);
      expect(commentBox!.y).toBeLessThan(historyBox!.y);
      await operator.screenshot({ path: path.join(SHOTS, `task-words-${locale}-2-revise.png`), fullPage: true });
      await operator.getByTestId('decision-APPROVE').click();
      await operator.locator('textarea[name="comment"]').fill(locale === 'zh' ? '已补充医疗支出票据，户主住院花费 3.2 万元' : 'Medical receipts added: the stay in hospital cost 32,000 yuan');
      await operator.getByTestId('decision-confirm').click();
      const resubmitted = await toastMatching(operator, (t) => t.includes(w.resubmitted) || t.includes(w.approved), 'the resubmission toast');
      expect(resubmitted).toContain(w.resubmitted);
      expect(resubmitted).not.toContain(w.approved);

      // ---- item 1: a duplicate proposal from a second tab names the household and the running request
      const propose1 = operator;
      const propose2 = await operator.context().newPage();
      for (const p of [propose1, propose2]) {
        await p.goto(`${c.base}/#/households/${hC.id}/show`);
        await p.getByTestId('return-to-poverty-button').waitFor({ timeout: 20_000 });
      }
      for (const p of [propose1, propose2]) {
        await p.getByTestId('return-to-poverty-button').click();
        await p.locator('textarea[name="reason"]').fill('家庭主要劳动力因病丧失劳动能力，收入低于贫困线');
        await p.getByTestId('return-to-poverty-submit').click();
        if (p === propose1) await waitFor(() => c.stack.db.returnRequest.findFirst({ where: { householdId: hC.id, status: 'PENDING' } }), 'the first proposal');
      }
      const duplicate = await toastMatching(propose2, (t) => t.includes(hC.code), 'the duplicate proposal, naming the household');
      const pending = await c.stack.db.returnRequest.findFirstOrThrow({ where: { householdId: hC.id, status: 'PENDING' } });
      expect(duplicate).toContain(hC.headName);
      expect(duplicate).toContain(w.inProgress);
      expect(duplicate).toContain(pending.createdAt.toLocaleString(intl, { dateStyle: 'medium', timeStyle: 'short' }));
      expect(duplicate).not.toMatch(API_ENGLISH);
      expect(duplicate).not.toMatch(ID_LIKE);

      // ---- item 1: a region outside the user's scope names the region and the user's scope
      const outside = await c.stack.db.region.findFirstOrThrow({ where: { level: 'COUNTY', id: { not: hC.countyId }, parentId: hC.countyId.slice(0, 4) } });
      const county = await c.stack.db.region.findUniqueOrThrow({ where: { id: hC.countyId } });
      await propose2.goto(`${c.base}/#/return-requests?filter=${encodeURIComponent(JSON.stringify({ regionId: outside.id }))}`);
      const scopeToast = await toastMatching(propose2, (t) => t.includes(outside.id), 'the region outside the scope');
      expect(scopeToast).toContain(county.name);
      expect(scopeToast).not.toMatch(API_ENGLISH);

      // ---- item 1: a record outside the scope (another township's household) says "no permission", not "does not exist"
      const foreign = await c.stack.db.household.findFirstOrThrow({ where: { countyId: hA.countyId, townshipId: { not: supervisorUser.regionId } } });
      expect((await api('township.supervisor', 'GET', `/households/${foreign.id}`)).status).toBe(403);
      await tab1.goto(`${c.base}/#/households/${foreign.id}/show`);
      const refused = await toastMatching(tab1, (t) => t.includes(w.noPermission) || t.includes(w.doesNotExist), 'the refused record');
      expect(refused).toContain(w.noPermission);

      // ---- item 1: a bulk decision words each task's result (one decided meanwhile), no status code
      const taskC = await openTask((await c.stack.db.returnRequest.findFirstOrThrow({ where: { householdId: hC.id, status: 'PENDING' } })).workflowId, 'township-check#1');
      const taskA2 = await openTask(a.workflowId, 'township-check#2');
      await tab1.goto(`${c.base}/#/tasks`);
      for (const t of [taskA2, taskC]) await tab1.getByTestId('task-title').filter({ hasText: t.subjectLabel }).first().waitFor({ timeout: 20_000 });
      // item 1: a resubmitted version is worded in the user's language
      expect(await tab1.getByTestId('task-title').filter({ hasText: taskA2.subjectLabel }).first().textContent()).toBe(
        `${labels[locale].step} · ${locale === 'zh' ? '第 2 版' : 'version 2'} · ${taskA2.subjectLabel}`,
      );
      const decidedMeanwhile = await api('township.supervisor', 'POST', `/tasks/${taskC.id}/decision`, { decision: 'APPROVE', comment: 'ok' });
      expect(decidedMeanwhile.status).toBe(200);
      for (const t of [taskA2, taskC]) {
        await tab1.locator('tr', { has: tab1.getByTestId('task-title').filter({ hasText: t.subjectLabel }) }).locator('input[type="checkbox"]').first().check();
      }
      await tab1.getByTestId('bulk-decision-button').click();
      await tab1.locator('textarea[name="comment"]').fill(locale === 'zh' ? '批量核实无误' : 'Checked in bulk');
      await tab1.getByTestId('bulk-decision-confirm').click();
      const results = tab1.getByTestId('bulk-decision-result');
      await expect.poll(() => results.count(), { timeout: 30_000 }).toBe(2);
      const failed = (await tab1.locator('[data-testid="bulk-decision-result"][data-ok="false"]').textContent()) ?? '';
      const ok = (await tab1.locator('[data-testid="bulk-decision-result"][data-ok="true"]').textContent()) ?? '';
      expect(failed).toContain(taskC.subjectLabel);
      expect(failed).toContain(supervisorUser.displayName);
      expect(failed).not.toMatch(API_ENGLISH);
      expect(failed).not.toMatch(ID_LIKE);
      expect(ok).toContain(taskA2.subjectLabel);
      const bulkSummary = (await tab1.getByTestId('bulk-decision-summary').textContent()) ?? '';
      expect(bulkSummary).not.toMatch(/\b409\b/);
      await tab1.screenshot({ path: path.join(SHOTS, `task-words-${locale}-3-bulk.png`) });
      await tab1.getByTestId('bulk-decision-close').click();

      // ---- item 1: audit details word their keys
      const auditor = await newPage('supervisor', locale);
      await auditor.goto(`${c.base}/#/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'TASK_DECISION' }))}`);
      const row = auditor.locator('tbody tr').first();
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      const details = auditor.getByTestId('audit-details').first();
      await details.waitFor();
      const keys = await details.locator('dt').allTextContents();
      expect(keys).toContain(w.method);
      expect(keys).toContain(w.pathKey);
      expect(keys).not.toContain('method');
      expect(keys).not.toContain('path');

      // ---- item 1: the menu and the home page say the same word
      await auditor.goto(`${c.base}/#/`);
      const menuHome = auditor.locator('.RaMenuItemLink-root, [role="menuitem"]').first();
      await expect.poll(() => menuHome.textContent(), { timeout: 20_000 }).toBe(w.home);
      expect(await auditor.locator('.RaMenu-root, .RaSidebar-fixed').first().textContent()).not.toContain(locale === 'en' ? 'Dashboard' : '仪表盘');
      await expect.poll(() => auditor.locator('#react-admin-title').textContent(), { timeout: 20_000 }).toContain(w.home);

      // no raw API sentence, id or status code in any toast of the journey
      const everything = [...(await toasts(tab1)), ...(await toasts(tab2)), ...(await toasts(operator)), ...(await toasts(propose2))];
      expect(everything.length).toBeGreaterThanOrEqual(5);
      for (const text of everything) {
        expect(text).not.toMatch(API_ENGLISH);
        expect(text).not.toMatch(ID_LIKE);
        // in Chinese, no English word (a user is named with their username in brackets)
        if (locale === 'zh') expect(text.replace(/\([a-z.]+\)/g, '')).not.toMatch(/[A-Za-z]{3,}/);
      }
      // task B leaves the inbox, so the other language's "next task" is its own
      expect((await api('township.supervisor', 'POST', `/tasks/${taskB.id}/decision`, { decision: 'REJECT', comment: 'cleanup' })).status).toBe(200);
      await tab1.context().close();
      await operator.context().close();
      await auditor.context().close();
    }, 300_000);
  }
});
