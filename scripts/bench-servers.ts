/**
 * Temporal servers for the benchmarks, started and stopped by the benchmark itself: the Temporal
 * CLI's dev server (as `npm start` runs it, or with other dynamic config values) and the production
 * server (go.temporal.io/server, deploy/temporal/, on PostgreSQL or on SQLite in memory).
 */
import { Connection } from '@temporalio/client';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { resolveServer } from '../lib/temporal-servers.ts';
import {
  freeTemporalPort,
  pgServerOf,
  resolveClusterBinaries,
  setupTemporalSchema,
  TEMPORAL_CONFIG,
  TEMPORAL_DYNAMIC_CONFIG,
  temporalPorts,
  temporalServerEnv,
  temporalServes,
} from './cluster.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Server {
  address: string;
  /** the server's process, to read the CPU it used */
  pid: number | null;
  stop: () => Promise<void>;
}

/** CPU seconds a process has used so far (user + system, every thread), from /proc; null where it cannot be read. */
export function cpuSeconds(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

async function waitServing(address: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await temporalServes({}, address))) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${address} did not serve within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function devServer(dynamic: string[]): Promise<Server> {
  const exe = resolveServer('cli');
  if (exe.type !== 'existing-path') throw new Error('no Temporal CLI: run npm run provision');
  const port = await freeTemporalPort();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'warn', '--namespace', 'default'];
  for (const kv of dynamic) args.push('--dynamic-config-value', kv);
  const child = spawn(exe.path, args, { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  await waitServing(address, child);
  return { address, pid: child.pid ?? null, stop: () => stopChild(child) };
}

/** deploy/temporal/config.yaml with SQLite in memory for persistence, as the dev server has it */
function sqliteConfig(file: string): string {
  const yaml = readFileSync(TEMPORAL_CONFIG, 'utf8');
  const start = yaml.indexOf('\npersistence:');
  const end = yaml.indexOf('\nglobal:');
  const store = (name: string) =>
    `    ${name}:\n      sql:\n        pluginName: "sqlite"\n        databaseName: "bench${process.pid}"\n        connectAddr: "localhost"\n        connectProtocol: "tcp"\n` +
    `        connectAttributes:\n          mode: "memory"\n          cache: "shared"\n        maxConns: 1\n        maxIdleConns: 1\n`;
  const persistence = `\npersistence:\n  defaultStore: sqlite-default\n  visibilityStore: sqlite-default\n  numHistoryShards: 1\n  datastores:\n${store('sqlite-default')}`;
  writeFileSync(file, yaml.slice(0, start) + persistence + yaml.slice(end));
  return file;
}

export async function realServer(opts: { dynamicYaml?: string; sqlite?: boolean } = {}): Promise<Server> {
  const binaries = await resolveClusterBinaries(console.error, path.join(os.tmpdir(), 'pee-provision.log'));
  const tag = `bench_${process.pid}_${Date.now().toString(36)}`;
  const url = opts.sqlite ? '' : (process.env.TEST_PG_URL ?? execFileSync('bash', [path.join(ROOT, 'scripts', 'start-postgres.sh')], { encoding: 'utf8' }).trim());
  const server = opts.sqlite ? { host: '', port: 0, user: '', password: '' } : pgServerOf(url);
  const dbs = { temporal: `${tag}_temporal`, visibility: `${tag}_visibility` };
  if (!opts.sqlite) await setupTemporalSchema(binaries, server, dbs, () => undefined);
  const configFile = opts.sqlite ? sqliteConfig(path.join(os.tmpdir(), `${tag}-config.yaml`)) : TEMPORAL_CONFIG;
  const dynamicYaml = opts.dynamicYaml;
  const ports = temporalPorts(await freeTemporalPort());
  let dynamicFile = TEMPORAL_DYNAMIC_CONFIG;
  if (dynamicYaml) {
    dynamicFile = path.join(os.tmpdir(), `${tag}-dynamicconfig.yaml`);
    writeFileSync(dynamicFile, dynamicYaml);
  }
  const child = spawn(binaries.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...temporalServerEnv(server, dbs, ports, { TEMPORAL_DYNAMIC_CONFIG_FILE: dynamicFile }) },
    stdio: 'ignore',
  });
  const address = `127.0.0.1:${ports.frontend}`;
  await waitServing(address, child);
  const connection = await Connection.connect({ address });
  await connection.workflowService.registerNamespace({ namespace: 'default', workflowExecutionRetentionPeriod: { seconds: 86_400 } as never }).catch((e: { code?: number }) => {
    if (e.code !== 6) throw e;
  });
  for (let i = 0; i < 100; i++) {
    const ok = await connection.workflowService.describeNamespace({ namespace: 'default' }).then(() => true, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await connection.close();
  return {
    address,
    pid: child.pid ?? null,
    stop: async () => {
      await stopChild(child);
      if (opts.sqlite) return;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      for (const db of Object.values(dbs)) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    },
  };
}
