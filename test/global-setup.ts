/**
 * Once per test run: the Temporal dev server (real, shared by the API and browser tests), the
 * time-skipping test server's path (each workflow test file starts its own, since time skipping
 * is global to a server), the workflow bundle built once, and migrated database templates
 * (SQLite file; PostgreSQL template database when TEST_PG_URL is set).
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startDevServer, type RunningDevServer } from '../lib/dev-server.ts';
import { migrate } from '../lib/migrate.ts';
import { resolveServer } from '../lib/temporal-servers.ts';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../worker/search-attributes.ts';

const TMP = path.resolve('test/.tmp');
/** Databases of this run are named pee_<RUN>_…, so runs sharing a PostgreSQL server never touch each other's. */
const RUN = `${process.pid}${Date.now().toString(36)}`;
let devServer: RunningDevServer | null = null;
let pgTemplate: { url: string; name: string } | null = null;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Without TEST_PG_URL, a throw-away cluster is started when Debian's PostgreSQL server is installed. */
function startLocalPostgres(): string | null {
  const initdb = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/initdb`).find((p) => existsSync(p)) : undefined;
  if (!initdb) return null;
  const url = execFileSync('bash', [path.resolve('scripts/start-postgres.sh')], { encoding: 'utf8' }).trim();
  console.log(`[setup] PostgreSQL test cluster at ${url}`);
  return url;
}

export default async function setup(project: TestProject) {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });

  const testServer = resolveServer('test-server');
  project.provide('timeSkippingServer', testServer.type === 'existing-path' ? testServer.path : null);

  const t0 = Date.now();
  devServer = await startDevServer({ port: await freePort() });
  project.provide('temporalAddress', devServer.address);
  console.log(`[setup] Temporal dev server at ${devServer.address} (${Date.now() - t0} ms)`);

  const t1 = Date.now();
  const connection = await Connection.connect({ address: devServer.address });
  await ensureSearchAttributes(connection);
  await connection.close();
  // every production workflow plus the test-only processes (test/processes/)
  const { code } = await bundleWorkflowCode({ workflowsPath: path.resolve('test/processes/bundle.ts'), logger: undefined });
  const bundlePath = path.join(TMP, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);
  project.provide('workflowBundlePath', bundlePath);
  console.log(`[setup] workflow bundle built once (${Date.now() - t1} ms)`);

  const sqliteTemplate = path.join(TMP, 'template.db');
  await migrate(`file:${sqliteTemplate}`);
  project.provide('sqliteTemplate', sqliteTemplate);

  const pgUrl = process.env.TEST_PG_URL ?? startLocalPostgres();
  project.provide('pgUrl', pgUrl);
  project.provide('pgTemplateDb', null);
  project.provide('pgRun', RUN);
  if (pgUrl) {
    const name = `pee_${RUN}_template`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    pgTemplate = { url: pgUrl, name };
    project.provide('pgTemplateDb', name);
  }

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  project.provide('chromiumPath', existsSync(chromium) ? chromium : null);

  return async () => {
    await devServer?.stop();
    if (pgTemplate) {
      const admin = new pg.Client({ connectionString: pgTemplate.url });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`pee\\_${RUN}\\_%`]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    }
  };
}
