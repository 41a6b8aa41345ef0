/**
 * What every process does around its steps: on cancellation (e.g. by the office) close the tasks it
 * left open and let the process close its own business record, then end as cancelled. Decisions
 * already recorded stay.
 */
import { CancellationScope, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { TaskActivities } from '../../activities/tasks.ts';
import { DEFAULT_ACTIVITY_OPTIONS } from '../options.ts';

const acts = proxyActivities<TaskActivities>(DEFAULT_ACTIVITY_OPTIONS);

export async function cancellable<T>(body: () => Promise<T>, onCancel: () => Promise<void>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        await acts.cancelOpenTasks({ workflowId: workflowInfo().workflowId, reason: 'process cancelled' });
        await onCancel();
      });
    }
    throw err;
  }
}
