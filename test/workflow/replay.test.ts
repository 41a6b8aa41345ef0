/**
 * Determinism: every saved history of every process (test/histories/, all generations) replays
 * with the current workflow code. A change that alters the commands of a running process without
 * `patched()` fails here.
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from '../helpers/env.ts';

const HISTORIES = path.resolve('test/histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.history.bin')).sort();

describe('replay of saved histories', () => {
  it('has the histories of every generation', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });
  it.each(files)('%s replays with the current code', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(path.join(HISTORIES, file)));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file);
  });
});
