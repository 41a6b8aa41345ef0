/**
 * `npm run bench:console` — how long the console takes on a county's network. Builds nothing itself
 * (the npm script runs `npm run build:admin` first); starts the real stack the browser tests use
 * (Temporal CLI dev server, a throw-away seeded SQLite database, the worker, the API serving
 * admin/dist) and Debian's Chromium driven by playwright-core, with Chromium's own network
 * throttling (CDP `Network.emulateNetworkConditions`: 150 ms latency, 1.6 Mbps down and up).
 *
 * For the cold household list of a signed-in user (token in localStorage, empty HTTP cache) it prints
 * the console's bytes (uncompressed, gzip, brotli, and what went over the wire), the requests, and
 * the time from navigation start to the first rendered household row; the same for a bare
 * `/api/health` round trip on a fresh connection (the floor) and the ratio; then the warm load
 * (same browser cache, a new tab) to show what immutable caching saves.
 *
 *   npm run bench:console -- [--runs 5] [--user county.operator] [--scale test|demo] [--latency 150] [--mbps 1.6] [--dist admin/dist]
 *   CHROMIUM_PATH=/path/to/chromium npm run bench:console
 *
 * Not part of `npm test` (test/browser/console-delivery.test.ts asserts the delivery itself).
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../api/app.ts';
import { secretKey } from '../api/auth/tokens.ts';
import { ADMIN_DIST } from '../api/server.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { startDevServer } from '../lib/dev-server.ts';
import { migrate } from '../lib/migrate.ts';
import { seed, type SeedScale } from '../prisma/seed/index.ts';
import { createWorker } from '../worker/index.ts';
import { ensureSearchAttributes } from '../worker/search-attributes.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    user: { type: 'string', default: 'county.operator' },
    scale: { type: 'string', default: 'test' },
    latency: { type: 'string', default: '150' },
    mbps: { type: 'string', default: '1.6' },
    /** another build of the console to measure (e.g. an older commit's, for a before/after) */
    dist: { type: 'string', default: ADMIN_DIST },
  },
});
const RUNS = Number(args.runs);
const DIST = path.resolve(args.dist);
const LATENCY_MS = Number(args.latency);
/** CDP wants bytes per second */
const THROUGHPUT = (Number(args.mbps) * 1_000_000) / 8;
const PASSWORD = 'bench-console-password';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** the first data row of the household list (react-admin's DataTable) */
const FIRST_ROW = 'tbody tr.RaDataTable-row td';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (t: number) => `${Math.round(t)} ms`;

interface Sample {
  /** navigation start → first household row painted (or → response end for the floor) */
  time: number;
  requests: Array<{ url: string; type: string; status: number; encoding: string; wire: number; cached: boolean; sent: number; done: number }>;
}

/** Records every request of a page from CDP (what crossed the wire, its Content-Encoding, from cache or not). */
async function recorder(cdp: CDPSession) {
  const byId = new Map<string, Sample['requests'][number]>();
  const sentAt = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e) => {
    sentAt.set(e.requestId, e.timestamp);
  });
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    byId.set(e.requestId, {
      url: e.response.url,
      type: e.type ?? 'Other',
      status: e.response.status,
      encoding: headers['content-encoding'] ?? 'identity',
      wire: 0,
      cached: Boolean(e.response.fromDiskCache),
      sent: sentAt.get(e.requestId) ?? NaN,
      done: NaN,
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (r) {
      r.wire = e.encodedDataLength;
      r.done = e.timestamp;
    }
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.cached = true;
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY_MS, downloadThroughput: THROUGHPUT, uploadThroughput: THROUGHPUT });
  return () => [...byId.values()];
}

async function coldHouseholdList(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/#/households`, { waitUntil: 'commit' });
  // measured in the page: navigation start (performance's time origin) → the first row is in the DOM
  // and the browser has painted a frame with it
  const handle = await page.waitForFunction(
    (selector) => {
      const cell = document.querySelector(selector);
      return cell && cell.textContent && cell.textContent.trim() !== '' ? performance.now() : null;
    },
    FIRST_ROW,
    { timeout: 60_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

async function measure(browser: Browser, base: string, storage: Awaited<ReturnType<BrowserContext['storageState']>>, what: 'console' | 'health', warm = false): Promise<Sample & { warm?: Sample }> {
  const context = await browser.newContext({ storageState: storage, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = await recorder(cdp);
    let time: number;
    if (what === 'health') {
      await page.goto(`${base}/api/health`);
      time = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.responseEnd;
      });
    } else {
      time = await coldHouseholdList(page, base);
    }
    const sample: Sample & { warm?: Sample } = { time, requests: requests() };
    if (warm) {
      const again = await context.newPage();
      const cdp2 = await context.newCDPSession(again);
      const requests2 = await recorder(cdp2);
      const t = await coldHouseholdList(again, base);
      sample.warm = { time: t, requests: requests2() };
    }
    return sample;
  } finally {
    await context.close();
  }
}

/** Sizes of a dist file as stored, and of its precompressed siblings (computed here when there are none). */
function sizes(file: string): { raw: number; gzip: number | null; br: number | null } {
  const raw = statSync(file).size;
  const sib = (ext: string) => (existsSync(file + ext) ? statSync(file + ext).size : null);
  return { raw, gzip: sib('.gz'), br: sib('.br') };
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`no console build in ${DIST}: run npm run build:admin`);
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-console-'));
  const dev = await startDevServer({ port: 17_800 + Math.floor(Math.random() * 500) });
  const url = `file:${path.join(dir, 'app.db')}`;
  await migrate(url);
  const handle = createDb(url);
  await tuneSqlite(handle);
  await seed(handle, { scale: args.scale as SeedScale, demoPassword: PASSWORD });
  const connection = await Connection.connect({ address: dev.address });
  await ensureSearchAttributes(connection);
  const client = new Client({ connection });
  const taskQueue = `bench-console-${randomUUID()}`;
  const native = await NativeConnection.connect({ address: dev.address });
  const worker = await createWorker({ db: handle.db, connection: native, namespace: 'default', taskQueue });
  const running = worker.run();
  const app = createApp({
    db: handle.db,
    temporal: { client, taskQueue },
    logger: pino({ level: 'silent' }),
    tokenKey: secretKey(randomUUID() + randomUUID()),
    loginRateLimit: { windowMs: 60_000, limit: 1000 },
    adminDist: DIST,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (seed scale ${args.scale}); ${RUNS} runs, ${LATENCY_MS} ms latency, ${args.mbps} Mbps down/up, user ${args.user}`);

  try {
    // signed in once through the API: the console's localStorage as its login leaves it
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: args.user, password: PASSWORD }) });
    if (!login.ok) throw new Error(`login as ${args.user}: ${login.status} ${await login.text()}`);
    const { token, user } = (await login.json()) as { token: string; user: unknown };
    const me = await (await fetch(`${base}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const storage = {
      cookies: [],
      origins: [{ origin: base, localStorage: [{ name: 'pev.token', value: token }, { name: 'pev.user', value: JSON.stringify(user) }, { name: 'pev.me', value: JSON.stringify(me) }] }],
    };

    // one unthrottled load first, so the server side (SQLite pages, Node's JIT) is warm for every run
    await measure(browser, base, storage, 'console').catch(() => undefined);

    const consoleRuns: Array<Sample & { warm?: Sample }> = [];
    const healthRuns: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      healthRuns.push(await measure(browser, base, storage, 'health'));
      consoleRuns.push(await measure(browser, base, storage, 'console', true));
      console.log(`  run ${i + 1}: household list ${ms(consoleRuns[i].time)} (warm ${ms(consoleRuns[i].warm?.time ?? NaN)}), /api/health ${ms(healthRuns[i].time)}`);
    }

    const first = consoleRuns[consoleRuns.length - 1];
    const assets = first.requests.filter((r) => new URL(r.url).origin === base && !new URL(r.url).pathname.startsWith('/api/'));
    const api = first.requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
    let raw = 0;
    let gzip = 0;
    let br = 0;
    let missingSiblings = 0;
    const lines: string[] = [];
    for (const r of assets) {
      const pathname = new URL(r.url).pathname;
      const file = path.join(DIST, pathname === '/' ? 'index.html' : pathname);
      const s = existsSync(file) ? sizes(file) : { raw: 0, gzip: 0, br: 0 };
      if (s.gzip === null || s.br === null) missingSiblings++;
      // without precompressed siblings (an older build), what they would be: compressed here
      const body = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
      const g = s.gzip ?? gzipSync(body, { level: 9 }).length;
      const b = s.br ?? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      raw += s.raw;
      gzip += g;
      br += b;
      lines.push(`    ${pathname.padEnd(44)} ${kb(s.raw).padStart(11)} ${kb(g).padStart(11)} ${kb(b).padStart(11)}  wire ${kb(r.wire).padStart(10)}  ${r.encoding}`);
    }
    const wire = (rs: Sample['requests']) => rs.reduce((n, r) => n + r.wire, 0);
    const consoleMedian = median(consoleRuns.map((r) => r.time));
    const healthMedian = median(healthRuns.map((r) => r.time));
    const warmMedian = median(consoleRuns.map((r) => r.warm?.time ?? NaN));
    const warm = first.warm as Sample;

    console.log('');
    console.log(`cold household list (${args.user}, #/households), the console's own files:`);
    console.log(`    ${'file'.padEnd(44)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)} ${'brotli'.padStart(11)}`);
    for (const line of lines) console.log(line);
    console.log(`    ${'total'.padEnd(44)} ${kb(raw).padStart(11)} ${kb(gzip).padStart(11)} ${kb(br).padStart(11)}  wire ${kb(wire(assets)).padStart(10)}`);
    if (missingSiblings) console.log(`    (${missingSiblings} file(s) without precompressed .gz/.br siblings in ${DIST}: sizes compressed here)`);
    // when each request of the last cold run was sent and finished (from the document's request)
    const t0 = Math.min(...first.requests.map((r) => r.sent));
    console.log('waterfall of the last cold run (ms from the document request: sent → finished):');
    for (const r of [...first.requests].sort((a, b) => a.sent - b.sent)) {
      console.log(`    ${String(Math.round((r.sent - t0) * 1000)).padStart(5)} → ${String(Math.round((r.done - t0) * 1000)).padStart(5)}  ${new URL(r.url).pathname}`);
    }
    console.log(`requests: ${first.requests.length} (${assets.length} console files, ${api.length} API: ${api.map((r) => new URL(r.url).pathname).join(', ')}); API bytes on the wire ${kb(wire(api))}`);
    console.log(`cold load to the first household row: median ${ms(consoleMedian)} (runs: ${consoleRuns.map((r) => ms(r.time)).join(', ')})`);
    console.log(`/api/health round trip on a fresh connection (floor): median ${ms(healthMedian)}`);
    console.log(`ratio cold household list / floor: ${(consoleMedian / healthMedian).toFixed(1)}×`);
    console.log(`warm load (same cache, new tab): median ${ms(warmMedian)}, ${warm.requests.filter((r) => !r.cached).length} requests over the network (${kb(wire(warm.requests.filter((r) => !r.cached)))} on the wire), ${warm.requests.filter((r) => r.cached).length} from cache`);
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
    worker.shutdown();
    await running.catch(() => undefined);
    await native.close();
    await connection.close();
    await handle.db.$disconnect();
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
