/**
 * The floors the benchmarks compare the process kit with, measured on the same server in the same
 * run: a workflow that takes two updates and does nothing else (a bare update), and the same with
 * two no-op remote activities, or two no-op local activities, in each update.
 */
import { allHandlersFinished, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export interface BenchActivities {
  noop(): Promise<void>;
}

export const pingUpdate = defineUpdate<number, [number]>('ping');
const remote = proxyActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });

async function twoUpdates(work: () => Promise<void>): Promise<number> {
  let n = 0;
  setHandler(pingUpdate, async (x) => {
    await work();
    n += 1;
    return x;
  });
  await condition(() => n >= 2);
  await condition(allHandlersFinished);
  return n;
}

export function bareUpdateWorkflow(): Promise<number> {
  return twoUpdates(async () => undefined);
}

export function remoteActivityUpdateWorkflow(): Promise<number> {
  return twoUpdates(async () => {
    await remote.noop();
    await remote.noop();
  });
}

export function localActivityUpdateWorkflow(): Promise<number> {
  return twoUpdates(async () => {
    await local.noop();
    await local.noop();
  });
}
