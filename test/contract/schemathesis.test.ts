/**
 * The contract test: schemathesis (a property-based API tester nobody here wrote) reads
 * /api/openapi.json of the real, started API and fuzzes every operation with `--checks all`,
 * once as an admin and once as a county operator. Any failure — a 500, a status or header the
 * document does not declare, a response not matching its schema, a bad input accepted, a good one
 * refused, a method that should answer 405 — fails the test.
 *
 * schemathesis is installed from PyPI into a virtualenv cached outside the repository (a pinned
 * version, reused when present). Under CI=true it is provisioned here and never skipped; elsewhere
 * the test is skipped when Python with venv/pip is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../api/server.ts';
import { requirePart } from '../helpers/env.ts';
import { startStack, TEST_PASSWORD, type Stack } from '../helpers/stack.ts';

export const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'poverty-exit-engine', `schemathesis-${SCHEMATHESIS_VERSION}`);
const BIN = path.join(VENV, 'bin', 'schemathesis');
/** Test cases per operation and a time budget per role: the whole file stays within about two minutes. */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 15);
const MAX_SECONDS = Number(process.env.SCHEMATHESIS_MAX_SECONDS ?? 50);
/** A fixed seed: CI runs the same cases every time (override to explore). */
const SEED = process.env.SCHEMATHESIS_SEED ?? '20261126';

/**
 * A Python to run schemathesis with: SCHEMATHESIS_PYTHON, else the newest found. CPython before
 * 3.11.8 / 3.12.1 raises a spurious `SystemError: AST constructor recursion depth mismatch` under
 * schemathesis's threads (python/cpython#106905), so a fixed one is preferred.
 */
function choosePython(): string | null {
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv');
  const pyenv = existsSync(path.join(pyenvRoot, 'versions'))
    ? readdirSync(path.join(pyenvRoot, 'versions')).map((v) => path.join(pyenvRoot, 'versions', v, 'bin', 'python3'))
    : [];
  const candidates = [process.env.SCHEMATHESIS_PYTHON, 'python3.13', 'python3.12', ...pyenv, 'python3', 'python'].filter((c): c is string => !!c);
  const usable: { python: string; version: number[] }[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import sys, venv, ensurepip; print(*sys.version_info[:3])'], { encoding: 'utf8' });
    if (r.status === 0) usable.push({ python, version: r.stdout.trim().split(' ').map(Number) });
  }
  const fixed = ([a, b, c]: number[]) => a === 3 && ((b === 11 && c >= 8) || (b === 12 && c >= 1) || b >= 13);
  if (process.env.SCHEMATHESIS_PYTHON && usable[0]?.python === process.env.SCHEMATHESIS_PYTHON) return usable[0].python;
  return (usable.find((u) => fixed(u.version)) ?? usable.find((u) => u.version[0] === 3 && u.version[1] >= 9))?.python ?? null;
}

/** The cached schemathesis, installing it from PyPI when absent; null when Python cannot provide it. */
function provisionSchemathesis(): string | null {
  if (existsSync(BIN)) return BIN;
  const python = choosePython();
  if (!python) return null;
  rmSync(VENV, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', VENV]],
    [path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) {
      rmSync(VENV, { recursive: true, force: true });
      throw new Error(`installing schemathesis failed: ${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    }
  }
  return BIN;
}

interface RoleResult {
  role: string;
  exitCode: number | null;
  output: string;
  operations: { total: number; tested: number };
  testCases: number;
  failures: number;
  errors: number;
  /** every event of the run (test/.tmp, kept until the next run) */
  report: string;
}

/** Runs schemathesis asynchronously (the API answers from this same process). */
function runSchemathesis(bin: string, role: string, baseUrl: string, token: string): Promise<RoleResult> {
  const report = path.resolve('test/.tmp', `schemathesis-${role}.ndjson`);
  const args = [
    '--config-file',
    path.join(import.meta.dirname, 'schemathesis.toml'),
    'run',
    `${baseUrl}/api/openapi.json`,
    '--checks', 'all',
    '--max-examples', String(MAX_EXAMPLES),
    '--max-time', String(MAX_SECONDS),
    '--seed', SEED,
    // no database of past failures: with the fixed seed, every run sends the same cases
    '--generation-database', 'none',
    '--workers', '2',
    '--request-timeout', '20',
    // generation being slow on a loaded CI machine is not a defect of the API
    '--suppress-health-check', 'too_slow',
    '--header', `Authorization: Bearer ${token}`,
    '--report', 'ndjson',
    '--report-ndjson-path', report,
    '--output-truncate', 'true',
  ];
  return new Promise((resolve, reject) => {
    // cwd test/.tmp: hypothesis keeps its crash cache (.schemathesis/) there, not in the repository
    const child = spawn(bin, args, { cwd: path.resolve('test/.tmp'), env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // a hard stop well past the budget: a hung run fails instead of blocking CI
    const killer = setTimeout(() => child.kill('SIGTERM'), (MAX_SECONDS + 60) * 1000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(killer);
      resolve({ role, exitCode, output, report, ...summarise(output) });
    });
  });
}

/** The figures of a run, from its printed summary. */
function summarise(output: string): Omit<RoleResult, 'role' | 'exitCode' | 'output' | 'report'> {
  const summary = output.slice(output.lastIndexOf('SUMMARY'));
  const num = (re: RegExp) => Number(re.exec(summary)?.[1] ?? 0);
  return {
    operations: { total: num(/Selected:\s*\d+\/(\d+)/), tested: num(/Tested:\s*(\d+)/) },
    testCases: num(/(\d+) generated/),
    failures: num(/(\d+) unique failures?/),
    errors: num(/(\d+) errors?\b/),
  };
}

describe('the OpenAPI document holds against schemathesis --checks all', () => {
  let bin: string | null = null;
  let stack: Stack;
  let api: Awaited<ReturnType<typeof listen>> | undefined;
  let baseUrl: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    bin = provisionSchemathesis();
    if (!requirePart(bin !== null, 'Python 3 with venv and pip (to install schemathesis from PyPI)')) return;
    stack = await startStack('sqlite');
    // the production listener (api/server.ts), with its handling of requests Node itself refuses
    api = await listen(stack.deps, 0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    for (const username of ['admin', 'county.operator']) {
      const res = await request(stack.app).post('/api/auth/login').send({ username, password: TEST_PASSWORD }).expect(200);
      tokens[username] = res.body.token as string;
    }
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  for (const role of ['admin', 'county.operator']) {
    it(`as ${role}: no failure`, async (t) => {
      if (!bin) return t.skip();
      const result = await runSchemathesis(bin, role, baseUrl, tokens[role]);
      console.log(
        `[schemathesis] ${role}: operations ${result.operations.tested}/${result.operations.total} tested, ` +
          `${result.testCases} test cases, ${result.failures} failures, ${result.errors} errors, exit ${result.exitCode}`,
      );
      // the whole report on failure; otherwise the phases and the summary
      if (result.exitCode !== 0) console.log(`${result.output}\n(events: ${result.report})`);
      else console.log(result.output.slice(result.output.indexOf('Examples')));
      expect(result.operations.tested, 'schemathesis tested no operation').toBeGreaterThan(0);
      expect(result.exitCode, `schemathesis found failures as ${role} (output above)`).toBe(0);
    }, (MAX_SECONDS + 90) * 1000);
  }
});
