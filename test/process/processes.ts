/**
 * Real processes for the lifecycle tests: `npm start` / `npm run start:api` / `npm run start:worker`
 * spawned exactly as an operator or a process manager runs them, signals sent to the PID that was
 * started (never to its group), and the process tree read from /proc to prove that nothing is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface ProcInfo {
  pid: number;
  ppid: number;
  args: string;
}

function processTable(): ProcInfo[] {
  const rows: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      rows.push({ pid: Number(name), ppid, args });
    } catch {
      // gone meanwhile
    }
  }
  return rows;
}

/** Every process below `pid` (children, grandchildren …), whatever their process group. */
export function descendants(pid: number): ProcInfo[] {
  const table = processTable();
  const out: ProcInfo[] = [];
  const walk = (parent: number) => {
    for (const p of table) {
      if (p.ppid === parent) {
        out.push(p);
        walk(p.pid);
      }
    }
  };
  walk(pid);
  return out;
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  output: () => string;
  stderr: () => string;
  /** resolves with the first match of `pattern` in stdout+stderr */
  waitForOutput: (pattern: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** every process this one started, seen while it ran (for the final check and the cleanup) */
  seen: Set<number>;
  remember: () => ProcInfo[];
}

const running = new Set<Spawned>();

/** `npm <args>` in its own process group, as a process manager would start it. */
export function spawnNpm(args: string[], env: Record<string, string | undefined>): Spawned {
  const child = spawn('npm', args, {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = all.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on('data', (b: Buffer) => {
    all += b.toString();
    check();
  });
  child.stderr!.on('data', (b: Buffer) => {
    all += b.toString();
    err += b.toString();
    check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const seen = new Set<number>();
  const spawned: Spawned = {
    child,
    pid: child.pid!,
    output: () => all,
    stderr: () => err,
    waitForOutput: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const m = all.match(pattern);
        if (m) return resolve(m);
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${all.slice(-3000)}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (mm) => {
            clearTimeout(timer);
            resolve(mm);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`exited (${signal ?? code}) before ${pattern}; output:\n${all.slice(-3000)}`));
        });
      }),
    exited,
    seen,
    remember: () => {
      const list = descendants(child.pid!);
      for (const p of list) seen.add(p.pid);
      return list;
    },
  };
  running.add(spawned);
  void exited.then(() => running.delete(spawned));
  return spawned;
}

/** Kills whatever a test left running (its group and every process it was seen to start). */
export function killAll(): void {
  for (const s of running) {
    s.remember();
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      // group gone
    }
    for (const pid of s.seen) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Sends `signal` to the spawned PID only and checks the contract: it exits within 10 s with code 0,
 * every process it started is gone, the given ports are closed, and no stack trace was printed.
 */
export async function stopsCleanly(s: Spawned, signal: NodeJS.Signals, ports: number[]): Promise<{ ms: number; code: number | null }> {
  const tree = s.remember();
  if (tree.length === 0) throw new Error('nothing below the npm process: the test would prove nothing');
  const sent = Date.now();
  process.kill(s.pid, signal);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000).unref());
  const result = await Promise.race([s.exited, timeout]);
  if (!result) throw new Error(`PID ${s.pid} still running 10 s after ${signal}; output:\n${s.output().slice(-2000)}`);
  const left = () => [...s.seen].filter(alive);
  await waitUntil(() => left().length === 0, `every process started by PID ${s.pid} to end`, Math.max(10_000 - (Date.now() - sent), 0)).catch(() => {
    throw new Error(`still running after ${signal}: ${left().join(', ')}`);
  });
  for (const port of ports) if (await portOpen(port)) throw new Error(`port ${port} still open after ${signal}`);
  return { ms: Date.now() - sent, code: result.code };
}

/** A stack trace in the output ("    at fn (file:line:col)"). */
export const STACK_TRACE = /^\s+at .+[:(].*\d+:\d+\)?$/m;

/**
 * A POST whose body is still arriving: its headers and the first bytes of the body are sent now
 * (once the server has answered any later request, it has read them), `finish()` sends the rest.
 */
export function slowPost(port: number, url: string, body: string) {
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: url, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
  const answered = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
    });
    req.once('error', reject);
  });
  req.write(body.slice(0, 10));
  return { answered, finish: () => req.end(body.slice(10)) };
}
