/**
 * How the console reaches a browser (issue 6, item 7), on the real stack and Debian's Chromium:
 * precompressed files (brotli, else gzip, chosen by Accept-Encoding), a year and `immutable` for the
 * hashed files under /assets, `no-cache` for index.html; the household list's cold load downloads
 * neither the chart chunk nor the task pages, and a second visit takes every asset from the cache.
 * (The throttled timing is `npm run bench:console`.)
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_DIST } from '../../api/server.ts';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { requirePart } from '../helpers/env.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const IMMUTABLE = 'public, max-age=31536000, immutable';
const ROW = 'tbody tr.RaDataTable-row td';

/** The built chunk whose name starts with `prefix` (rolldown names a chunk after its module). */
function chunk(prefix: string): string {
  const file = readdirSync(path.join(ADMIN_DIST, 'assets')).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`no ${prefix}-*.js in admin/dist/assets (run npm run build:admin)`);
  return `/assets/${file}`;
}

describe.runIf(run)('console delivery', () => {
  let c: ConsoleStack;

  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => {
    await c?.stop();
  });

  const get = (p: string, encoding?: string) => fetch(c.base + p, { headers: encoding === undefined ? {} : { 'Accept-Encoding': encoding } });

  it('sends brotli, else gzip, else the file, by Accept-Encoding, with the right caching', async () => {
    const index = await get('/', 'gzip, deflate, br');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-encoding')).toBe('br');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('vary')).toMatch(/Accept-Encoding/i);
    const html = await index.text(); // fetch decodes it: the real page
    expect(html).toContain('<div id="root">');
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();

    for (const [accept, expected] of [['br', 'br'], ['gzip, deflate, br', 'br'], ['gzip, deflate', 'gzip'], ['identity', null], ['', null]] as const) {
      const res = await get(script as string, accept);
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-encoding'), accept).toBe(expected);
      expect(res.headers.get('cache-control'), accept).toBe(IMMUTABLE);
      expect(res.headers.get('content-type'), accept).toMatch(/^text\/javascript|^application\/javascript/);
      expect(await res.text(), accept).toMatch(/import|export|function/);
    }
    // a route of the single-page app is index.html, not cached either
    const route = await get('/households', 'gzip');
    expect(route.headers.get('content-encoding')).toBe('gzip');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toContain('<div id="root">');
    // a chunk that is not there (an older release's) is a 404, not index.html served as JavaScript
    const gone = await get('/assets/HouseholdList-0ld0ld.js', 'br');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  /** Opens a route in `page` and waits for its first rendered row; the console's responses, by path. */
  async function load(page: Page, route: string, ready: string): Promise<Map<string, Response>> {
    const responses = new Map<string, Response>();
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin === c.base && !url.pathname.startsWith('/api/')) responses.set(url.pathname, r);
    });
    await page.goto(`${c.base}/${route}`);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    return responses;
  }

  it('loads the household list compressed, without the chart or the task pages, and from the cache the second time', async () => {
    const context = await c.signedIn('supervisor', { locale: 'zh', width: 1440 });
    const page = await context.newPage();
    const cold = await load(page, '#/households', ROW);

    const assets = [...cold.keys()].filter((p) => p.startsWith('/assets/'));
    expect(assets.length).toBeGreaterThan(3);
    for (const p of assets) {
      const headers = await cold.get(p)!.allHeaders();
      expect(headers['content-encoding'], p).toBe('br'); // Chromium accepts brotli from 127.0.0.1
      expect(headers['cache-control'], p).toBe(IMMUTABLE);
    }
    expect((await cold.get('/')!.allHeaders())['cache-control']).toBe('no-cache');
    // the page's own chunk came, the charts and the task pages did not
    expect(assets).toContain(chunk('HouseholdList'));
    for (const other of ['HouseholdChart', 'TaskShow', 'TaskList', 'Dashboard']) expect(assets, other).not.toContain(chunk(other));

    // a second visit: index.html is revalidated (304), every hashed file comes from the cache
    const before = c.requests.length;
    const again = await context.newPage();
    await load(again, '#/households', ROW);
    const second = c.requests.slice(before).filter((r) => !r.url.startsWith('/api/'));
    expect(second.map((r) => r.url)).toEqual(['/']);
    expect(second[0].headers['if-none-match'] ?? second[0].headers['if-modified-since']).toBeTruthy();

    // the dashboard does load the chart chunk (so the check above can see a chart download)
    const dashboard = await context.newPage();
    const charted = await load(dashboard, '#/', '[data-testid="household-chart"]');
    expect([...charted.keys()]).toContain(chunk('HouseholdChart'));
    await context.close();
  });
});
