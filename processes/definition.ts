/**
 * What the API and the worker know of a process (the process kit's registration): its type, its
 * workflow, the business key that makes its workflow id, its versioned config, and its activities.
 * A process is its own files (rules/, workflows/, activities/, processes/<name>.ts) plus one line in
 * processes/index.ts (and the re-export of its workflow in workflows/index.ts, the bundle entry).
 */
import type { z } from 'zod';
import type { Db } from '../lib/db.ts';
import { versionedConfig } from '../lib/versioned-config.ts';

export interface ProcessDefinition<Input = unknown, Config = unknown> {
  /** e.g. RETURN_TO_POVERTY: task rows, the `ProcessType` search attribute, audit */
  type: string;
  /** the workflow function's name (exported by workflows/index.ts) */
  workflowType: string;
  /** the deterministic workflow id of a business key (one running process per key) */
  workflowId(businessKey: string): string;
  /** the versioned config (ConfigVersion rows of this kind; the defaults when none was saved) */
  config: { kind: string; schema: z.ZodType<Config>; defaults: Config };
  /** the workflow input, given what the API prepared and the config in force */
  input(prepared: Record<string, unknown>, config: { body: Config; version: number }): Input;
  /** the activities the process's workflow calls besides the kit's */
  activities(deps: { db: Db }): Record<string, (...args: never[]) => Promise<unknown>>;
  /** names the business record of a running process, for the 409 of a second start */
  describeRunning?(db: Db, workflowId: string): Promise<Record<string, unknown>>;
}

export function defineProcess<Input, Config>(def: ProcessDefinition<Input, Config>): ProcessDefinition<Input, Config> {
  return def;
}

/** The config in force of a process for a year (lib/versioned-config.ts). */
export function processConfig<C>(db: Db, def: ProcessDefinition<unknown, C>, year: number): Promise<{ body: C; version: number }> {
  return versionedConfig(db, def.config, year);
}
