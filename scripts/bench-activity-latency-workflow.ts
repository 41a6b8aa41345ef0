/**
 * The workflow of scripts/bench-activity-latency.ts: it waits for updates; `bare` answers at once,
 * `twoActivities` runs two no-op remote activities first (the shape of a decision that checks and
 * writes through activities).
 */
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export const bareUpdate = defineUpdate<number, [number]>('bare');
export const twoActivitiesUpdate = defineUpdate<number, [number]>('twoActivities');
export const stopSignal = defineSignal('stop');

export async function latencyWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(bareUpdate, (n) => n);
  setHandler(twoActivitiesUpdate, async (n) => {
    await noop();
    await noop();
    return n;
  });
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
}
