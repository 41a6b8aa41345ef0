/** The embedded Temporal dev server (Temporal CLI), persisted under DATA_DIR. */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { resolveServer } from './temporal-servers.ts';

export interface RunningDevServer {
  address: string;
  uiUrl: string | null;
  stop: () => Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Temporal dev server did not open port ${port} within ${timeoutMs} ms`);
}

export async function startDevServer(opts: { dataDir?: string; port: number; uiPort?: number; log?: (line: string) => void }): Promise<RunningDevServer> {
  const exe = resolveServer('cli');
  if (exe.type !== 'existing-path') {
    // no binary here: the SDK downloads the CLI (needs internet)
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: { ip: '127.0.0.1', port: opts.port, ui: opts.uiPort !== undefined, uiPort: opts.uiPort, dbFilename: opts.dataDir ? path.join(opts.dataDir, 'temporal.db') : undefined },
    });
    return { address: env.address, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null, stop: () => env.teardown() };
  }
  if (await portOpen(opts.port)) throw new Error(`port ${opts.port} is already in use (set TEMPORAL_ADDRESS to use a running server)`);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'warn', '--namespace', 'default'];
  if (opts.dataDir) args.push('--db-filename', path.join(opts.dataDir, 'temporal.db'));
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  const child = spawn(exe.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // never outlive the process that started it (a killed test run, a crashed start)
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.removeListener('exit', killChild));
  child.stdout?.on('data', (b: Buffer) => opts.log?.(b.toString()));
  child.stderr?.on('data', (b: Buffer) => opts.log?.(b.toString()));
  await waitForPort(opts.port, child, 60_000);
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
