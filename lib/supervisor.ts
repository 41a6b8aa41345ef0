/**
 * Supervised child processes for `npm run start:cluster`: each piece runs as a child process with
 * its output appended to `<logDir>/<name>.log`, is restarted with exponential backoff when it exits
 * without being asked to, and stops on its stop signal, killed when it outlasts its grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, renameSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export interface PieceSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** the signal that stops it cleanly (SIGTERM by default; PostgreSQL's fast shutdown is SIGINT) */
  stopSignal?: NodeJS.Signals;
  /** resolves once this start of the piece serves; called after every (re)start */
  ready: (piece: Piece) => Promise<void>;
  readyTimeoutMs?: number;
}

export interface SupervisorEvents {
  log: (line: string) => void;
}

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** a run this long counts as healthy: the next crash restarts after the first backoff again */
const HEALTHY_AFTER_MS = 60_000;

export class Piece {
  child: ChildProcess | null = null;
  /** how many times the process was started (1 after the first start) */
  starts = 0;
  /** restarts done by the supervisor after an unexpected exit */
  crashRestarts = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private startedAt = 0;
  private lineListeners = new Set<(line: string) => void>();
  /** the last lines printed, for an error message when a start fails */
  private tail: string[] = [];
  private exitListeners = new Set<(code: number | null, signal: NodeJS.Signals | null) => void>();
  private readonly log: WriteStream;
  private current: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: PieceSpec,
    logDir: string,
    private readonly say: (line: string) => void,
    private readonly changed: () => void = () => undefined,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(path.join(logDir, `${spec.name}.log`), { flags: 'a' });
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until it is ready (the spec's check, within its timeout). */
  start(): Promise<void> {
    this.stopping = false;
    this.current = this.spawnAndWait();
    return this.current;
  }

  /** Resolves when the current start is ready (after a crash restart: the new start). */
  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = this.current;
      await pending;
      if (pending === this.current && this.running) return;
      if (Date.now() > deadline) throw new Error(`${this.name} is not ready after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async spawnAndWait(): Promise<void> {
    const { spec } = this;
    this.starts += 1;
    this.startedAt = Date.now();
    this.tail = [];
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      uid: spec.uid,
      gid: spec.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: a Ctrl-C in the terminal reaches the supervisor only, which then
      // stops the pieces in order (API, workers, Temporal, PostgreSQL)
      detached: true,
    });
    this.child = child;
    this.changed();
    this.log.write(`\n=== ${new Date().toISOString()} start #${this.starts}: pid ${child.pid} ${spec.command} ${spec.args.join(' ')}\n`);
    let partial = '';
    const onData = (chunk: Buffer) => {
      this.log.write(chunk);
      partial += chunk.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.tail.push(line);
        if (this.tail.length > 12) this.tail.shift();
        for (const l of this.lineListeners) l(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => this.log.write(`=== spawn error: ${err.message}\n`));
    child.once('exit', (code, signal) => {
      this.log.write(`=== ${new Date().toISOString()} exit: code ${code} signal ${signal}\n`);
      for (const l of this.exitListeners) l(code, signal);
      if (this.child === child) this.onExit(code, signal);
      this.changed();
    });
    const timeout = spec.readyTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        spec.ready(this),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${spec.name} was not ready within ${timeout} ms (see its log)`)), timeout);
        }),
        new Promise<never>((_, reject) => {
          this.exitListeners.add((code, signal) => {
            const last = this.tail.filter((l) => l.trim()).slice(-6).map((l) => `  | ${l.slice(0, 400)}`);
            reject(new Error(`${spec.name} exited while starting (code ${code}, signal ${signal}); its last lines:\n${last.join('\n')}`));
          });
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.exitListeners.clear();
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null) {
    if (this.stopping) return;
    if (Date.now() - this.startedAt > HEALTHY_AFTER_MS) this.failures = 0;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.failures);
    this.failures += 1;
    this.say(`${this.name} exited (code ${code}, signal ${signal}): restarting in ${delay / 1000} s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.crashRestarts += 1;
      this.current = this.spawnAndWait().then(
        () => this.say(`${this.name} restarted (pid ${this.pid})`),
        (err: Error) => this.say(`${this.name} restart failed: ${err.message}`),
      );
    }, delay);
  }

  /** Calls `listener` with each line the current and later starts print. */
  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Resolves at the first line (of output still to come) that matches. */
  waitForLine(pattern: RegExp): Promise<string> {
    return new Promise((resolve) => {
      const off = this.onLine((line) => {
        if (pattern.test(line)) {
          off();
          resolve(line);
        }
      });
    });
  }

  /** Sends a signal as an outside event would (the supervisor restarts the piece if it exits). */
  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Stops the piece (no restart): its stop signal, then SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(this.spec.stopSignal ?? 'SIGTERM');
    const killer = setTimeout(() => {
      this.say(`${this.name} did not stop within ${graceMs} ms: SIGKILL`);
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(killer);
  }

  /** Stops and starts again, waiting until ready. */
  async restart(graceMs = 5_000): Promise<void> {
    await this.stop(graceMs);
    await this.start();
  }

  close(): void {
    this.log.end();
  }
}

export interface PieceStatus {
  pid: number | null;
  running: boolean;
  starts: number;
  crashRestarts: number;
}

/**
 * Pieces in start order; stopped in reverse order, by groups. With a status file, the pids and
 * restart counts of every piece are written there at each start and exit (for operators and tests).
 */
export class Supervisor {
  readonly pieces = new Map<string, Piece>();
  /** written into the status file beside the pieces (addresses, ...) */
  readonly info: Record<string, unknown> = {};
  private readonly killAll = () => {
    for (const p of this.pieces.values()) if (p.running) p.child?.kill('SIGKILL');
  };

  constructor(
    readonly logDir: string,
    readonly say: (line: string) => void,
    private readonly statusFile?: string,
  ) {
    // never leave children behind when this process dies of an error
    process.once('exit', this.killAll);
  }

  add(spec: PieceSpec): Piece {
    if (this.stopped) throw new Error(`stopping: ${spec.name} is not started`);
    if (this.pieces.has(spec.name)) throw new Error(`piece ${spec.name} exists`);
    const piece = new Piece(spec, this.logDir, this.say, () => this.writeStatus());
    this.pieces.set(spec.name, piece);
    return piece;
  }

  status(): Record<string, PieceStatus> {
    return Object.fromEntries(
      [...this.pieces.values()].map((p) => [p.name, { pid: p.pid ?? null, running: p.running, starts: p.starts, crashRestarts: p.crashRestarts }]),
    );
  }

  private writeStatus(): void {
    if (!this.statusFile) return;
    const tmp = `${this.statusFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ supervisorPid: process.pid, ...this.info, pieces: this.status() }, null, 2));
    renameSync(tmp, this.statusFile);
  }

  get(name: string): Piece {
    const p = this.pieces.get(name);
    if (!p) throw new Error(`no piece named ${name}`);
    return p;
  }

  /**
   * Stops groups of pieces one group after the other (each group at once), with a grace period
   * per group; pieces not named in any group stop last.
   */
  private stopped: Promise<void> | null = null;
  stop(groups: Array<{ names: string[]; graceMs: number }>): Promise<void> {
    this.stopped ??= this.stopGroups(groups);
    return this.stopped;
  }

  private async stopGroups(groups: Array<{ names: string[]; graceMs: number }>): Promise<void> {
    const named = new Set(groups.flatMap((g) => g.names));
    const rest = [...this.pieces.keys()].filter((n) => !named.has(n)).reverse();
    for (const g of [...groups, { names: rest, graceMs: 2_000 }]) {
      await Promise.all(g.names.filter((n) => this.pieces.has(n)).map((n) => this.get(n).stop(g.graceMs)));
    }
    for (const p of this.pieces.values()) p.close();
    process.removeListener('exit', this.killAll);
  }
}
