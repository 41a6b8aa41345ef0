/**
 * The floor `npm run bench:exit` compares the yearly exit verification with: the same tree of child
 * workflows (1 cycle → the same counties → the same villages per county), each running, in the
 * order the real workflow ran them, the same number of no-op remote activities and no-op local
 * activities, the same notice sleeps, and waiting for the same number of update round trips (sent by
 * the benchmark's driver through the Temporal client). Each workflow's plan is compiled from the
 * real workflow's history (scripts/bench-exit.ts, `planOf`).
 *
 * A step is announced to the driver by the local activity the real step uses to write its task row
 * (here `announce`, which posts the workflow id to the driver instead of writing a row); the update's
 * handler runs as many local activities as the real decision's handler did.
 */
import { allHandlersFinished, ApplicationFailure, condition, defineUpdate, executeChild, proxyActivities, proxyLocalActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';

/** remote no-ops, local no-ops, a sleep (ms), a step (update; the handler's local activities), the children */
export type Op = ['A', number] | ['L', number] | ['S', number] | ['U', number] | ['C'];

export interface BaselineActivities {
  /** a no-op; with a tag, the worker tells the driver (one HTTP post) */
  baselineNoop(tag?: string): Promise<void>;
  /** the step is waiting: the worker tells the driver which workflow and which step */
  baselineAnnounce(workflowId: string, step: number): Promise<void>;
}

export interface BaselineVillage {
  id: string;
  plan: Op[];
}
export interface BaselineCounty {
  id: string;
  plan: Op[];
  villages: BaselineVillage[];
}
/** The cycle's input: plans by index (most villages share one), so that a province's tree stays small. */
export interface BaselineCycle {
  id: string;
  plans: Op[][];
  plan: number;
  counties: { id: string; plan: number; villages: { id: string; plan: number }[] }[];
}

/** A step's decision: the driver sends the step's number. */
export const baselineStepUpdate = defineUpdate<number, [number]>('baselineStep');

const remote = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

async function runPlan(plan: Op[], children: () => Promise<void>, tagAfterChildren?: string): Promise<void> {
  let waitingAt = 0;
  let decided = 0;
  let handlerLocals: number[] = [];
  setHandler(
    baselineStepUpdate,
    async (step) => {
      for (let i = 0; i < (handlerLocals[step] ?? 0); i++) await local.baselineNoop();
      decided = step;
      return step;
    },
    {
      validator: (step) => {
        if (step !== waitingAt || decided >= step) throw ApplicationFailure.create({ type: 'STEP_NOT_WAITING', message: `step ${step} is not waiting`, nonRetryable: true });
      },
    },
  );
  handlerLocals = [0];
  for (const op of plan) if (op[0] === 'U') handlerLocals.push(op[1]);
  let afterChildren = false;
  for (const op of plan) {
    switch (op[0]) {
      case 'A':
        for (let i = 0; i < op[1]; i++) {
          // the first activity after the children tells the driver (the real one is the county's eligibility)
          await remote.baselineNoop(afterChildren && i === 0 ? tagAfterChildren : undefined);
          afterChildren = false;
        }
        break;
      case 'L':
        for (let i = 0; i < op[1]; i++) await local.baselineNoop();
        break;
      case 'S':
        await sleep(op[1]);
        break;
      case 'U': {
        const step = ++waitingAt;
        await local.baselineAnnounce(workflowInfo().workflowId, step);
        // the real step waits with a due date (a timer, cancelled by the decision)
        await condition(() => decided >= step, '1 day');
        break;
      }
      case 'C':
        await children();
        afterChildren = true;
        break;
    }
  }
  await condition(allHandlersFinished);
}

export async function baselineVillageWorkflow(village: BaselineVillage): Promise<void> {
  await runPlan(village.plan, async () => undefined);
}

export async function baselineCountyWorkflow(county: BaselineCounty): Promise<void> {
  const id = workflowInfo().workflowId;
  await runPlan(
    county.plan,
    async () => {
      await Promise.all(county.villages.map((v) => executeChild(baselineVillageWorkflow, { workflowId: `${id}/village:${v.id}`, args: [v] })));
    },
    `villages-done:${county.id}`,
  );
}

export async function baselineCycleWorkflow(cycle: BaselineCycle): Promise<void> {
  const id = workflowInfo().workflowId;
  const county = (c: BaselineCycle['counties'][number]): BaselineCounty => ({ id: c.id, plan: cycle.plans[c.plan], villages: c.villages.map((v) => ({ id: v.id, plan: cycle.plans[v.plan] })) });
  await runPlan(cycle.plans[cycle.plan], async () => {
    await Promise.all(cycle.counties.map((c) => executeChild(baselineCountyWorkflow, { workflowId: `${id}/county:${c.id}`, args: [county(c)] })));
  });
}
