/**
 * One `npm start` per data folder. The lock is an exclusive SQLite lock on DATA_DIR/instance.lock
 * (an fcntl lock the kernel releases when the process ends, however it ends: no stale lock after a
 * crash or `kill -9`, no PID reuse to guess about in containers). Beside it, DATA_DIR/instance.json
 * says who holds it (PID, ports, start time), so a second start is refused at once with a message
 * naming the first.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface InstanceInfo {
  pid: number;
  host: string;
  startedAt: string;
  /** the API's address (HOST:PORT) */
  api: string;
  /** the Temporal server used (the embedded dev server's address, or TEMPORAL_ADDRESS) */
  temporal: string | null;
  /** the embedded dev server's PID, kept up to date across restarts */
  temporalPid?: number | null;
  temporalUi?: string | null;
}

export interface InstanceLock {
  /** what the previous holder wrote (it ended without cleaning up when its dev server PID is still alive) */
  readonly previous: InstanceInfo | null;
  update(info: Partial<InstanceInfo>): void;
  release(): void;
}

export class InstanceLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: InstanceInfo | null,
  ) {
    super(
      holder
        ? `DATA_DIR ${dataDir} is in use by another npm start (PID ${holder.pid} on ${holder.host}, API ${holder.api}, Temporal ${holder.temporal ?? 'unknown'}, started ${holder.startedAt}). Stop it first (kill -TERM ${holder.pid}) or set another DATA_DIR.`
        : `DATA_DIR ${dataDir} is in use by another npm start (it has not written its PID yet). Stop it first or set another DATA_DIR.`,
    );
  }
}

function readInfo(file: string): InstanceInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstanceInfo;
  } catch {
    return null;
  }
}

export function acquireInstanceLock(dataDir: string, info: Omit<InstanceInfo, 'pid' | 'host' | 'startedAt'>): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  const infoFile = path.join(dataDir, 'instance.json');
  const db = new Database(path.join(dataDir, 'instance.lock'), { timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('locking_mode = EXCLUSIVE');
    // the first write takes the EXCLUSIVE lock; with locking_mode EXCLUSIVE it is kept until close
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, started_at TEXT NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, started_at) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    db.exec('COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new InstanceLockedError(dataDir, readInfo(infoFile));
    throw err;
  }
  const previous = readInfo(infoFile);
  let current: InstanceInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), ...info };
  const write = () => writeFileSync(infoFile, JSON.stringify(current, null, 2) + '\n');
  write();
  let released = false;
  return {
    previous: previous && previous.pid !== process.pid ? previous : null,
    update(more) {
      if (released) return;
      current = { ...current, ...more };
      write();
    },
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}
