/**
 * Starting a process (the process kit's one start service): the versioned config in force, the
 * workflow started with a deterministic id from the business key (the same key twice while it runs:
 * 409 naming the running process), the search attributes operators filter by, and nothing else —
 * the workflow writes its own business rows, so no row can exist without its process.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { processConfig, type ProcessDefinition } from '../../processes/definition.ts';
import { PROCESS_STEP, PROCESS_TYPE, PROCESS_YEAR, REGION_CODE } from '../../workflows/kit/search-attributes.ts';
import type { AppDeps, SessionUser } from '../context.ts';
import { conflict } from '../http.ts';
import { callTemporal, isTemporalUnavailable, ServiceUnavailable, TEMPORAL_CHECK_TIMEOUT_MS } from '../temporal.ts';

export interface StartRequest {
  /** one running process per business key (e.g. the household of a return to poverty) */
  businessKey: string;
  /** the region the process concerns (search attribute `RegionCode`) */
  regionCode: string;
  year: number;
  /** what the route prepared for the workflow input (the config is added here) */
  prepared: Record<string, unknown>;
}

export interface StartedProcess {
  workflowId: string;
  runId: string;
  configVersion: number;
}

export async function startProcess(deps: Pick<AppDeps, 'db' | 'temporal'>, def: ProcessDefinition, req: StartRequest, actor: SessionUser): Promise<StartedProcess> {
  const config = await processConfig(deps.db, def, req.year);
  const workflowId = def.workflowId(req.businessKey);
  const { client, taskQueue } = deps.temporal;
  try {
    const handle = await callTemporal(deps.temporal, () =>
      client.workflow.start(def.workflowType, {
        taskQueue,
        workflowId,
        args: [def.input(req.prepared, config)],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: PROCESS_TYPE, value: def.type },
          { key: REGION_CODE, value: req.regionCode },
          { key: PROCESS_YEAR, value: req.year },
          { key: PROCESS_STEP, value: [] },
        ],
        memo: { processType: def.type, businessKey: req.businessKey, startedBy: actor.username, configVersion: config.version },
      }),
    );
    return { workflowId, runId: handle.firstExecutionRunId, configVersion: config.version };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const running = (await def.describeRunning?.(deps.db, workflowId)) ?? {};
      throw conflict('ALREADY_IN_PROGRESS', `a ${def.type} process for ${req.businessKey} is already running (${workflowId})`, [{ workflowId, ...running }]);
    }
    if (isTemporalUnavailable(err)) {
      // the start may have reached the server before the bound ran out: say which
      const started = await callTemporal(deps.temporal, () => client.workflow.getHandle(workflowId).describe(), TEMPORAL_CHECK_TIMEOUT_MS).then(
        (d) => d.status.name === 'RUNNING',
        () => false,
      );
      if (started) throw new ServiceUnavailable(`the process ${workflowId} was started, but the workflow service answered late`, [{ workflowId }]);
      throw new ServiceUnavailable('the workflow service did not answer; nothing was started, try again', [{ workflowId }]);
    }
    throw err;
  }
}
