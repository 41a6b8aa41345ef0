/**
 * Finds the Temporal servers, the same way everywhere:
 *   1. an explicit path in an environment variable (TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH);
 *   2. the binary on PATH (`temporal`, `temporal-test-server`);
 *   3. what scripts/provision-temporal.sh built and cached (run on demand when Go / Maven exist);
 *   4. the SDK's own download (works wherever internet access exists).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEST_SERVER_VERSION = '1.38.0';

function cacheDir(): string {
  return process.env.TEMPORAL_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'poverty-exit-engine');
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function hasTool(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0 || onPath(name) !== null;
}

function find(kind: 'cli' | 'test-server'): string | null {
  const envPath = kind === 'cli' ? process.env.TEMPORAL_CLI_PATH : process.env.TEMPORAL_TEST_SERVER_PATH;
  if (envPath) {
    if (!executable(envPath)) throw new Error(`${kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH'}=${envPath} is not an executable file`);
    return envPath;
  }
  const fromPath = onPath(kind === 'cli' ? 'temporal' : 'temporal-test-server');
  if (fromPath) return fromPath;
  const cached =
    kind === 'cli'
      ? path.join(cacheDir(), 'bin', 'temporal')
      : path.join(cacheDir(), `temporal-test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server');
  return executable(cached) ? cached : null;
}

let provisioned = false;
/** Runs the provisioning script once per process when a server is missing and the toolchains exist. */
function provision(kind: 'cli' | 'test-server'): void {
  if (provisioned) return;
  const tools = kind === 'cli' ? hasTool('go') : hasTool('mvn') && hasTool('java');
  if (!tools) return;
  provisioned = true;
  console.error(`[temporal] no ${kind === 'cli' ? 'Temporal CLI' : 'test server'} found: provisioning (cached in ${cacheDir()})`);
  execFileSync('bash', [path.join(root, 'scripts', 'provision-temporal.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

export function resolveServer(kind: 'cli' | 'test-server'): ServerExecutable {
  let found = find(kind);
  if (!found) {
    provision(kind);
    found = find(kind);
  }
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}
