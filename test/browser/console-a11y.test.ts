/**
 * Accessibility of every console page (issue 6, item 9): axe-core (the npm package, injected into
 * the page: @axe-core/playwright wants Node 22) over the login page, the dashboard, every list, a
 * show page of each resource that has one, the task page and the notifications, in Chinese and in
 * English, on the real stack in Debian's Chromium. Fails on any serious or critical violation and
 * prints the counts per impact.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskActivities } from '../../activities/tasks.ts';
import { chromiumPath, proposeReturn, startConsole, type ConsoleStack, type Locale } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';
import { insertRankings } from '../helpers/ranking-fixture.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;
type Impact = (typeof IMPACTS)[number];

interface Violation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: string[];
}

/** Waits until the page has settled: its marker is there and no loading indicator is. */
async function settled(page: Page, marker: string) {
  await page.locator(marker).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('.MuiLinearProgress-root, .RaLoading-root, .MuiSkeleton-root, .MuiCircularProgress-root') === null, undefined, { timeout: 30_000 });
}

async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact as Impact | null, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

describe.runIf(run)('console accessibility (axe-core)', () => {
  let c: ConsoleStack;
  let pages: Array<{ name: string; route: string; marker: string }>;
  const counts: Record<string, Record<Impact, number>> = {};
  /** rule ids seen, per impact, with their node counts (for the printout) */
  const rules: Record<Impact, Record<string, number>> = { minor: {}, moderate: {}, serious: {}, critical: {} };

  beforeAll(async () => {
    c = await startConsole();
    const { workflowId, householdId } = await proposeReturn(c);
    const task = await waitFor(() => c.stack.db.task.findFirst({ where: { workflowId, status: 'OPEN' } }), 'the first task');
    await createTaskActivities(c.stack.db).remindTask({ taskId: task.id });
    const cadre = await c.stack.db.cadre.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const { publishedId } = await insertRankings(c.stack.db);
    const row = 'tbody tr.RaDataTable-row, .RaList-noResults, .RaEmpty-message';
    pages = [
      { name: 'dashboard', route: '#/', marker: '[data-testid="dashboard-scope"]' },
      ...['tasks', 'households', 'return-requests', 'regions', 'cadres', 'audit-events', 'notifications'].map((r) => ({ name: `${r} list`, route: `#/${r}`, marker: row })),
      // the yearly exit verification's lists (empty before a cycle runs: their empty states count too)
      ...['cycles', 'sample-entries', 'department-imports', 'exit-flags', 'ledger-entries'].map((r) => ({ name: `${r} list`, route: `#/${r}`, marker: row })),
      { name: 'ledger page', route: '#/ledgers', marker: '[data-testid="ledger-page"]' },
      // the county assessment's rankings (a published one, as the console's tests write it)
      { name: 'rankings list', route: '#/rankings', marker: row },
      { name: 'ranking page', route: `#/rankings/${encodeURIComponent(publishedId)}/show`, marker: '[data-testid="ranking-chart"]' },
      { name: 'task page', route: `#/tasks/${encodeURIComponent(task.id)}/show`, marker: '[data-testid="task-process-tasks"]' },
      { name: 'household page', route: `#/households/${encodeURIComponent(householdId)}/show`, marker: '[data-testid="household-status"]' },
      { name: 'region page', route: `#/regions/431222/show`, marker: '.RaShow-main' },
      { name: 'cadre page', route: `#/cadres/${encodeURIComponent(cadre.id)}/show`, marker: '.RaShow-main' },
    ];
  });
  afterAll(async () => {
    const total = Object.fromEntries(IMPACTS.map((i) => [i, Object.values(counts).reduce((n, x) => n + x[i], 0)]));
    console.log(`axe-core violations (nodes) per impact:\n${Object.entries(counts).map(([k, v]) => `  ${k}: ${IMPACTS.map((i) => `${i} ${v[i]}`).join(', ')}`).join('\n')}\n  total: ${IMPACTS.map((i) => `${i} ${total[i]}`).join(', ')}\n  rules: ${IMPACTS.map((i) => `${i}: ${Object.entries(rules[i]).map(([id, n]) => `${id} ×${n}`).join(', ') || '—'}`).join('; ')}`);
    await c?.stop();
  });

  for (const locale of ['zh', 'en'] as Locale[]) {
    it(`has no serious or critical violation on any page (${locale})`, async () => {
      const failures: string[] = [];
      const record = (name: string, violations: Violation[]) => {
        const key = `${name} (${locale})`;
        counts[key] = { minor: 0, moderate: 0, serious: 0, critical: 0 };
        for (const v of violations) {
          counts[key][v.impact ?? 'minor'] += v.nodes.length;
          rules[v.impact ?? 'minor'][v.id] = (rules[v.impact ?? 'minor'][v.id] ?? 0) + v.nodes.length;
          if (v.impact === 'serious' || v.impact === 'critical') failures.push(`${key}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 4).join(' | ')}`);
        }
      };

      const anonymous = await c.anonymous({ locale, width: 1440, bypassCSP: true });
      const login = await anonymous.newPage();
      await login.goto(`${c.base}/#/login`);
      await settled(login, 'input[name="username"]');
      record('login', await axe(login));
      await anonymous.close();

      const context = await c.signedIn('supervisor', { locale, width: 1440, bypassCSP: true });
      const page = await context.newPage();
      try {
        for (const p of pages) {
          await page.goto(`${c.base}/${p.route}`);
          await settled(page, p.marker);
          record(p.name, await axe(page));
        }
      } finally {
        await context.close();
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('makes a table that scrolls sideways reachable by keyboard (a phone-wide window), and one that fits not', async () => {
    const household = pages.find((p) => p.name === 'household page')!;
    for (const width of [390, 1920]) {
      const context = await c.signedIn('supervisor', { locale: 'en', width, bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(`${c.base}/${household.route}`);
        await settled(page, household.marker);
        const wrapper = page.locator('[data-testid="household-records"] .RaDataTable-tableWrapper');
        await wrapper.waitFor();
        const scrolls = await wrapper.evaluate((el) => el.scrollWidth > el.clientWidth);
        expect(scrolls, `the records table at ${width} px`).toBe(width === 390);
        if (scrolls) {
          await page.waitForFunction(() => document.querySelector('[data-testid="household-records"] .RaDataTable-tableWrapper')?.getAttribute('tabindex') === '0');
          expect(await wrapper.getAttribute('role')).toBe('region');
          expect(await wrapper.getAttribute('aria-label')).toBe('Yearly income and guarantees');
        } else {
          expect(await wrapper.getAttribute('tabindex')).toBeNull();
        }
        expect((await axe(page)).filter((v) => v.id === 'scrollable-region-focusable')).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 60_000);
});
