/** Every process of the engine: registering a process is one line here. */
import type { ProcessDefinition } from './definition.ts';
import { cadreAccountabilityProcess } from './cadre-accountability.ts';
import { countyAssessmentProcess } from './county-assessment.ts';
import { exitVerificationProcess } from './exit-verification.ts';
import { returnToPovertyProcess } from './return-to-poverty.ts';

export const PROCESSES: readonly ProcessDefinition[] = [returnToPovertyProcess as ProcessDefinition, exitVerificationProcess as ProcessDefinition, countyAssessmentProcess as ProcessDefinition, cadreAccountabilityProcess as ProcessDefinition];

export type { ProcessDefinition } from './definition.ts';
