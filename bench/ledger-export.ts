/**
 * How the streamed ledger download behaves at size: seeds a SQLite database (test scale) with N
 * extra ledger entries, then for CSV and XLSX starts the API in its own process, downloads
 * `GET /api/ledger-entries?format=…` as the province office and prints the time to the first byte,
 * the total time, the size and the API process's peak RSS (VmHWM) against its RSS before the export.
 *
 *   node --import tsx bench/ledger-export.ts [--rows 200000] [--keep <dir>: seed once, reuse after] [--heap <MB>: the API's old-space limit]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { createApp } from '../api/app.ts';
import { secretKey, signToken } from '../api/auth/tokens.ts';
import { createDb, tuneSqlite } from '../lib/db.ts';
import { migrate } from '../lib/migrate.ts';
import { seed } from '../prisma/seed/index.ts';

const KEY = 'a-bench-only-signing-key-of-32-characters!!';

async function serve(url: string): Promise<void> {
  const handle = createDb(url);
  await tuneSqlite(handle);
  // no Temporal call is made by these routes: a lazy client that never connects
  const app = createApp({ db: handle.db, temporal: { client: new Client(), taskQueue: 'bench' }, logger: pino({ level: 'silent' }), tokenKey: secretKey(KEY) });
  const server = app.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as { port: number }).port}`));
  const stop = () => server.close(() => void handle.db.$disconnect().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const kb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const heapArg = process.argv.indexOf('--heap');
  const heap = heapArg > 0 ? [`--max-old-space-size=${process.argv[heapArg + 1]}`] : [];
  const child = spawn(process.execPath, [...heap, '--import', 'tsx', import.meta.filename, '--serve', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith('PORT ') && resolve(Number(line.slice(5))));
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, port };
}

function download(port: number, pathAndQuery: string, token: string): Promise<{ firstByteMs: number; totalMs: number; bytes: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathAndQuery, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let firstByteMs = -1;
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = performance.now() - started;
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ firstByteMs, totalMs: performance.now() - started, bytes, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const rowsArg = process.argv.indexOf('--rows');
  const N = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 200_000;
  const keepArg = process.argv.indexOf('--keep');
  const kept = keepArg > 0 ? process.argv[keepArg + 1] : null;
  const dir = kept ?? mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  const url = `file:${path.join(dir, 'app.db')}`;
  const reuse = kept !== null && existsSync(path.join(dir, 'app.db'));
  try {
    if (!reuse) await seedDatabase(url, N);
    const handle = createDb(url);
    const db = handle.db;
    const total = await db.ledgerEntry.count();
    const office = await db.user.findUniqueOrThrow({ where: { username: 'office' } });
    await db.$disconnect();
    const token = await signToken({ sub: office.id, username: office.username, role: 'OFFICE', regionId: office.regionId }, secretKey(KEY));

    for (const format of ['csv', 'xlsx'] as const) {
      const { child, port } = await startServer(url);
      try {
        await download(port, '/api/ledgers?level=COUNTY', token); // warm the process (modules, first queries)
        const before = kb(child.pid!, 'VmRSS');
        const result = await download(port, `/api/ledger-entries?format=${format}`, token);
        const peak = kb(child.pid!, 'VmHWM');
        console.log(
          `${format}: HTTP ${result.status}, ${total} rows, ${(result.bytes / 1e6).toFixed(1)} MB, first byte ${result.firstByteMs.toFixed(0)} ms, ` +
            `total ${(result.totalMs / 1000).toFixed(1)} s (${Math.round(total / (result.totalMs / 1000))} rows/s); API RSS before ${Math.round(before / 1024)} MB, peak ${Math.round(peak / 1024)} MB`,
        );
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

async function seedDatabase(url: string, N: number): Promise<void> {
  mkdirSync(path.dirname(url.slice('file:'.length)), { recursive: true });
  await migrate(url);
  const handle = createDb(url);
  await tuneSqlite(handle);
  await seed(handle, { scale: 'test', demoPassword: 'bench-password-not-used' });
  const db = handle.db;
  const households = (await db.household.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((h) => h.id);
  const reason = '入户核实：家庭人均纯收入稳定超过国家扶贫标准，两不愁三保障均已实现。';
  const t0 = performance.now();
  for (let i = 0; i < N; i += 5000) {
    await db.ledgerEntry.createMany({
      data: Array.from({ length: Math.min(5000, N - i) }, (_, k) => ({ householdId: households[(i + k) % households.length], kind: 'EXITED' as const, year: 2019, at: new Date(Date.UTC(2019, 11, 1)), reason, processId: `bench-${i + k}`, workflowId: 'bench' })),
    });
  }
  console.log(`seeded ${N} extra ledger entries in ${((performance.now() - t0) / 1000).toFixed(1)} s (${households.length} households)`);
  await db.$disconnect();
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else await main();
