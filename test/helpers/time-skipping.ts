/**
 * A process's workflow tests on the time-skipping test server with a real database: the server, a
 * fresh SQLite database built by the test, a worker with every activity on its own task queue, and
 * the helpers each such test uses (a decision sent as the API sends it, a refused one read back,
 * a saved history for the replay test). Register `useTimeSkipping()` inside a describe block; its
 * beforeAll and afterAll start and stop everything.
 */
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db, DbHandle } from '../../lib/db.ts';
import { createActivities } from '../../worker/index.ts';
import { decideUpdate, type DecisionInput } from '../../workflows/kit/human-steps.ts';
import { freshDb } from './db.ts';
import { inject, requirePart } from './env.ts';

const serverPath = inject('timeSkippingServer');
/** whether the time-skipping server is there (under CI=true a missing one fails instead) */
export const timeSkippingAvailable = requirePart(serverPath !== null, 'the Temporal time-skipping test server');

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  client: Client;
  db: Db;
  taskQueue: string;
}

/** Starts the server, the database (built by `build`) and a worker before the block's tests; stops them after. */
export function useTimeSkipping(prefix: string, build: (db: Db) => Promise<void>): TimeSkipping {
  const ctx = { taskQueue: `${prefix}-${randomUUID()}` } as TimeSkipping;
  let handle: DbHandle & { drop: () => Promise<void> };
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    ctx.env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: serverPath as string } } });
    ctx.client = ctx.env.client;
    handle = await freshDb('sqlite');
    ctx.db = handle.db;
    await build(handle.db);
    worker = await Worker.create({ connection: ctx.env.nativeConnection, taskQueue: ctx.taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities: createActivities({ db: handle.db }) });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await handle?.drop();
    await ctx.env?.teardown();
  });
  return ctx;
}

/** A decision sent to the workflow as the API sends it (the kit's `decide` update). */
export const decide = (wf: WorkflowHandle, input: DecisionInput) => wf.executeUpdate(decideUpdate, { args: [input] });

/** A decision the workflow refused: its domain error type and message. */
export async function refusal(p: Promise<unknown>): Promise<{ type?: string; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
}

/** UPDATE_HISTORIES=1 saves the run's history for the replay test (test/workflow/replay.test.ts). */
export async function saveHistory(wf: WorkflowHandle, name: string, generation = 'v1'): Promise<void> {
  if (process.env.UPDATE_HISTORIES !== '1') return;
  const history = await wf.fetchHistory();
  writeFileSync(path.resolve('test/histories', `${name}.${generation}.history.bin`), temporal.api.history.v1.History.encode(history).finish());
}
