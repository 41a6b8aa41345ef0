/**
 * The console in Debian's Chromium (playwright-core) on the real stack: the built console served by
 * the API (admin/dist, as `npm start` serves it), a worker, a fresh seeded database. One per test file.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ADMIN_DIST } from '../../api/server.ts';
import { inject } from './env.ts';
import { startStack, TEST_PASSWORD, type Stack } from './stack.ts';

export type Locale = 'zh' | 'en';

export interface ConsoleStack {
  stack: Stack;
  base: string;
  browser: Browser;
  /** every request the server received, in order (method and URL) */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  /** a browser context signed in as `username` (token in localStorage, as the login leaves it), in `locale` */
  signedIn(username: string, opts: ContextOptions): Promise<BrowserContext>;
  /** a context with nobody signed in */
  anonymous(opts: ContextOptions): Promise<BrowserContext>;
  stop(): Promise<void>;
}

export interface ContextOptions {
  locale: Locale;
  width: number;
  height?: number;
  /** lets a test inject a script (axe-core) despite the console's Content-Security-Policy */
  bypassCSP?: boolean;
}

export const chromiumPath = (): string | null => inject('chromiumPath');

export async function startConsole(): Promise<ConsoleStack> {
  if (!existsSync(path.join(ADMIN_DIST, 'index.html'))) throw new Error(`no console build in ${ADMIN_DIST}: run npm run build:admin`);
  const stack = await startStack('sqlite', { adminDist: ADMIN_DIST });
  const requests: ConsoleStack['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
    stack.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath() as string,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const sessions = new Map<string, Array<{ name: string; value: string }>>();

  async function session(username: string) {
    const known = sessions.get(username);
    if (known) return known;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
    if (!login.ok) throw new Error(`login as ${username}: ${login.status} ${await login.text()}`);
    const { token, user } = (await login.json()) as { token: string; user: unknown };
    const me = await (await fetch(`${base}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const items = [
      { name: 'pev.token', value: token },
      { name: 'pev.user', value: JSON.stringify(user) },
      { name: 'pev.me', value: JSON.stringify(me) },
    ];
    sessions.set(username, items);
    return items;
  }

  // react-admin keeps the chosen language in its store (localStorage `RaStore.locale`)
  const localeItem = (locale: Locale) => ({ name: 'RaStore.locale', value: JSON.stringify(locale) });
  const contextOptions = (opts: ContextOptions) => ({
    bypassCSP: opts.bypassCSP ?? false,
    locale: opts.locale === 'zh' ? 'zh-CN' : 'en-GB',
    viewport: { width: opts.width, height: opts.height ?? (opts.width < 600 ? 844 : 900) },
    isMobile: opts.width < 600,
    hasTouch: opts.width < 600,
  });

  return {
    stack,
    base,
    browser,
    requests,
    async signedIn(username, opts) {
      const storage = { cookies: [], origins: [{ origin: base, localStorage: [...(await session(username)), localeItem(opts.locale)] }] };
      return browser.newContext({ ...contextOptions(opts), storageState: storage });
    },
    async anonymous(opts) {
      return browser.newContext({ ...contextOptions(opts), storageState: { cookies: [], origins: [{ origin: base, localStorage: [localeItem(opts.locale)] }] } });
    },
    async stop() {
      await browser?.close();
      await new Promise((r) => server.close(r));
      await stack.stop();
    },
  };
}

/** Proposes a return to poverty for an exited household of 沅陵县 (a request, a task, notifications). */
export async function proposeReturn(c: ConsoleStack, reason = '户主突发重病住院，医疗支出超过家庭收入，经村民代表评议拟纳入返贫监测并请求重新识别为贫困户'): Promise<{ householdId: string; workflowId: string }> {
  const household = await c.stack.db.household.findFirstOrThrow({ where: { status: 'EXITED', countyId: '431222' }, orderBy: { id: 'asc' } });
  const login = await fetch(`${c.base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'county.operator', password: TEST_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${c.base}/api/households/${household.id}/return-to-poverty`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ reason }),
  });
  if (res.status !== 201) throw new Error(`proposal: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { workflowId: string };
  return { householdId: household.id, workflowId: body.workflowId };
}
