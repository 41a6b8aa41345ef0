/**
 * The embedded Temporal dev server (Temporal CLI), persisted under DATA_DIR.
 *
 * With `supervise`, a server that dies is started again on the same port and database file, with
 * exponential backoff (0.5 s, 1 s, 2 s … at most 30 s; back to 0.5 s once it has run for a minute),
 * one log line per attempt. Workflows survive: their state is in DATA_DIR/temporal.db. Clients and
 * workers reconnect by themselves once the port answers again.
 *
 * The server runs in its own process group, so a Ctrl-C in the terminal reaches only our process,
 * which stops the server last, after the API and the worker have drained.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { SHUTDOWN_LIMITS } from './shutdown.ts';
import { resolveServer } from './temporal-servers.ts';

export interface RunningDevServer {
  address: string;
  uiUrl: string | null;
  /** PID of the server process running now (null while it is being restarted, or when the SDK runs it) */
  readonly pid: number | null;
  stop: () => Promise<void>;
}

export interface DevServerOptions {
  dataDir?: string;
  port: number;
  uiPort?: number | null;
  /** the server's own output */
  log?: (text: string) => void;
  /** restart the server when it dies (npm start) */
  supervise?: boolean;
  /** one line per supervision event (exit, restart attempt, back up) */
  report?: (line: string) => void;
}

export const RESTART_BACKOFF = { firstMs: 500, maxMs: 30_000, stableAfterMs: 60_000 } as const;

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
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Temporal dev server exited with ${child.signalCode ?? `code ${child.exitCode}`}`);
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Temporal dev server did not open port ${port} within ${timeoutMs} ms`);
}

export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const exe = resolveServer('cli');
  if (exe.type !== 'existing-path') {
    // no binary here: the SDK downloads the CLI (needs internet); the SDK runs it, unsupervised
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: { ip: '127.0.0.1', port: opts.port, ui: !!opts.uiPort, uiPort: opts.uiPort ?? undefined, dbFilename: opts.dataDir ? path.join(opts.dataDir, 'temporal.db') : undefined },
    });
    return { address: env.address, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null, pid: null, stop: () => env.teardown() };
  }
  if (await portOpen(opts.port)) throw new Error(`port ${opts.port} is already in use (set TEMPORAL_PORT, or TEMPORAL_ADDRESS to use a running server)`);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'warn', '--namespace', 'default'];
  // The CLI v1.5.1 embeds server 1.29, where eager activity execution is off by default (1.32 turns it
  // on): without it every activity takes an extra trip through task matching, about 180 ms against
  // 60 ms for an update running two activities (scripts/bench-activity-latency.ts).
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  if (opts.dataDir) args.push('--db-filename', path.join(opts.dataDir, 'temporal.db'));
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  const report = opts.report ?? ((line: string) => console.error(line));

  let stopping = false;
  let attempt = 0;
  let upSince = Date.now();
  let restartTimer: NodeJS.Timeout | undefined;
  let lastOutput = '';

  const spawnServer = (): ChildProcess => {
    const child = spawn(exe.path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const keep = (b: Buffer) => {
      const text = b.toString();
      lastOutput = (lastOutput + text).slice(-2000);
      opts.log?.(text);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (stopping || !opts.supervise || child !== current) return;
      scheduleRestart(signal ?? `code ${code}`, signal === null);
    });
    return child;
  };

  const scheduleRestart = (how: string, crashed: boolean) => {
    if (Date.now() - upSince > RESTART_BACKOFF.stableAfterMs) attempt = 0;
    attempt += 1;
    const delay = Math.min(RESTART_BACKOFF.firstMs * 2 ** (attempt - 1), RESTART_BACKOFF.maxMs);
    // a server that failed says why in its last line; one that was killed has nothing to add
    const said = crashed ? lastOutput.trim().split('\n').pop()?.slice(0, 200) : undefined;
    report(`[temporal] dev server exited (${how})${said ? ` after: ${said}` : ''}; restart attempt ${attempt} in ${(delay / 1000).toFixed(1)} s`);
    restartTimer = setTimeout(() => {
      if (stopping) return;
      lastOutput = '';
      current = spawnServer();
      const child = current;
      waitForPort(opts.port, child, 30_000).then(
        () => {
          upSince = Date.now();
          if (!stopping) report(`[temporal] dev server is back on 127.0.0.1:${opts.port} (PID ${child.pid})`);
        },
        () => {
          // exited: its exit handler schedules the next attempt; alive but deaf: kill it, same result
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      );
    }, delay);
  };

  let current = spawnServer();
  // never outlive the process that started it (a crashed start, a test run that was killed)
  const killOnExit = () => {
    if (current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  try {
    await waitForPort(opts.port, current, 60_000);
  } catch (err) {
    stopping = true;
    killOnExit();
    throw new Error(`${(err as Error).message}${lastOutput ? `: ${lastOutput.trim().split('\n').pop()}` : ''}`, { cause: err });
  }
  upSince = Date.now();

  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    get pid() {
      return current.exitCode === null && current.signalCode === null ? (current.pid ?? null) : null;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearTimeout(restartTimer);
        const child = current;
        const done = () => {
          process.removeListener('exit', killOnExit);
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_LIMITS.temporalStopMs).unref();
      }),
  };
}
