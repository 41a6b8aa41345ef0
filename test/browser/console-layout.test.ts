/**
 * The console's layout holds at the widths its users have (issue 6, item 8): 1366, 1440 and 1920
 * wide desktops and a 390-wide phone, in Chinese and in English, on every list page, measured in
 * Debian's Chromium on the real stack:
 * - the page does not scroll sideways (document scrollWidth within the viewport); a wide table
 *   scrolls inside its own box instead;
 * - the list's pagination is inside the viewport;
 * - no text wraps one character per line (a squeezed column);
 * - no button or chip label is cut off, by its box or by the edge of the screen (e.g. "ADD FILTER").
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, proposeReturn, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';
import { createTaskActivities } from '../../activities/tasks.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');
const WIDTHS = [1366, 1440, 1920, 390];
const LOCALES: Locale[] = ['zh', 'en'];
const LISTS = ['tasks', 'households', 'return-requests', 'regions', 'cadres', 'audit-events', 'notifications'];

interface Measure {
  wide: string[];
  viewport: number;
  scrollWidth: number;
  pagination: { left: number; right: number; bottom: number } | null;
  oneCharPerLine: string[];
  clipped: string[];
}

/** Runs in the page: what the checks above read. */
function measure(): Measure {
  const viewport = document.documentElement.clientWidth;
  const pag = document.querySelector('.MuiTablePagination-root');
  const r = pag?.getBoundingClientRect();
  const visible = (el: Element) => {
    const box = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && cs.visibility !== 'hidden' && !el.closest('[aria-hidden="true"]');
  };
  const oneCharPerLine: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode as Text;
    const text = (node.textContent ?? '').replace(/\s+/g, '');
    const parent = node.parentElement;
    if (text.length < 2 || !parent || !visible(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].filter((b) => b.width > 0 && b.height > 0).map((b) => Math.round(b.top))).size;
    if (lines >= 2 && text.length / lines < 2) oneCharPerLine.push(`${text} (${lines} lines)`);
  }
  const clipped: string[] = [];
  for (const el of document.querySelectorAll('button, a.MuiButton-root, .MuiChip-label, .MuiTab-root')) {
    if (!visible(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.textOverflow === 'ellipsis') continue; // cut on purpose, with "…"
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      if (cs.overflow !== 'visible' || cs.overflowX !== 'visible') clipped.push(`${(el.textContent ?? '').trim()} (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
    }
    // a button past the edge of the screen (outside a table, which scrolls in its own box) is cut off too
    const box = el.getBoundingClientRect();
    if (!el.closest('.RaDataTable-tableWrapper') && (box.right > viewport + 1 || box.left < -1)) clipped.push(`${(el.textContent ?? '').trim() || el.getAttribute('aria-label')} (at ${Math.round(box.left)}–${Math.round(box.right)} of ${viewport} px)`);
    // a label wider than its button spills over its neighbours even when not hidden
    const label = el.querySelector(':scope > span:not(.MuiTouchRipple-root):not(.MuiButton-startIcon):not(.MuiButton-endIcon)');
    if (label && label.getBoundingClientRect().right > el.getBoundingClientRect().right + 1) clipped.push(`${(el.textContent ?? '').trim()} (label wider than its button)`);
  }
  // the outermost elements that reach past the viewport (what to fix when the page scrolls sideways)
  const wide: string[] = [];
  const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].filter((k) => k.startsWith('Ra') || k.startsWith('Mui')).join('.')}`;
  for (const el of document.querySelectorAll('body *')) {
    const b = el.getBoundingClientRect();
    const parent = el.parentElement?.getBoundingClientRect();
    if (b.width > 0 && b.right > viewport + 1 && parent && parent.right <= viewport + 1) wide.push(`${describe(el.parentElement as Element)} > ${describe(el)} ${Math.round(b.left)}–${Math.round(b.right)}`);
  }
  return {
    wide: wide.slice(0, 30),
    viewport,
    scrollWidth: document.documentElement.scrollWidth,
    pagination: r ? { left: Math.round(r.left), right: Math.round(r.right), bottom: Math.round(r.bottom) } : null,
    oneCharPerLine,
    clipped,
  };
}

/** Waits for a list page to have settled: rows, or its empty state, and no loading indicator. */
async function listReady(page: Page) {
  await page.waitForFunction(
    () =>
      (document.querySelector('tbody tr.RaDataTable-row') !== null || document.querySelector('.RaEmpty-message, .RaList-noResults, .RaList-main .MuiCardContent-root') !== null) &&
      document.querySelector('.MuiLinearProgress-root, .RaLoading-root') === null,
    undefined,
    { timeout: 30_000 },
  );
}

describe.runIf(run)('console layout at common widths', () => {
  let c: ConsoleStack;

  beforeAll(async () => {
    c = await startConsole();
    // a return request with a long reason and its open task, so those lists have their widest rows
    const { workflowId } = await proposeReturn(c);
    const task = await waitFor(() => c.stack.db.task.findFirst({ where: { workflowId, status: 'OPEN' } }), 'the first task');
    // and a reminder and an escalation (what the workflow sends for an overdue task), for the notifications list
    const activities = createTaskActivities(c.stack.db);
    await activities.remindTask({ taskId: task.id });
    await activities.escalateTask({ taskId: task.id });
  });
  afterAll(async () => {
    await c?.stop();
  });

  for (const locale of LOCALES) {
    for (const width of WIDTHS) {
      it(`every list fits ${width} px wide (${locale})`, async () => {
        const context = await c.signedIn('supervisor', { locale, width });
        const page = await context.newPage();
        const problems: string[] = [];
        try {
          for (const resource of LISTS) {
            await page.goto(`${c.base}/#/${resource}`);
            await listReady(page);
            const m = await page.evaluate(measure);
            const where = `${resource} at ${width} px (${locale})`;
            if (m.scrollWidth > m.viewport + 1) problems.push(`${where}: the page scrolls sideways (${m.scrollWidth} px in ${m.viewport} px), past the right edge:\n${m.wide.join('\n')}`);
            if (!m.pagination) problems.push(`${where}: no pagination`);
            else if (m.pagination.right > m.viewport + 1 || m.pagination.left < 0) problems.push(`${where}: pagination off-screen (${m.pagination.left}–${m.pagination.right} of ${m.viewport} px)`);
            for (const t of m.oneCharPerLine) problems.push(`${where}: one character per line: ${t}`);
            for (const t of m.clipped) problems.push(`${where}: clipped: ${t}`);
            if (problems.some((p) => p.startsWith(where))) await page.screenshot({ path: path.join(SHOTS, `layout-${resource}-${width}-${locale}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
        expect(problems).toEqual([]);
      }, 90_000);
    }
  }
});
