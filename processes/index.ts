/** Every process of the engine: registering a process is one line here. */
import type { ProcessDefinition } from './definition.ts';
import { returnToPovertyProcess } from './return-to-poverty.ts';

export const PROCESSES: readonly ProcessDefinition[] = [returnToPovertyProcess as ProcessDefinition];

export type { ProcessDefinition } from './definition.ts';
