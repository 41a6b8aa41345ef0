/** The test-only process registered with the kit. */
import { z } from 'zod';
import { defineProcess } from '../../../processes/definition.ts';
import type { SampleReviewInput } from './workflow.ts';

const Config = z.object({ dueInMs: z.number().positive(), escalateAfterMs: z.number().positive(), passScore: z.number().min(0).max(100) }).strict();
type Config = z.infer<typeof Config>;

export const sampleReviewProcess = defineProcess<SampleReviewInput, Config>({
  type: 'SAMPLE_REVIEW',
  workflowType: 'sampleReviewWorkflow',
  workflowId: (key) => `sample-review:${key}`,
  config: { kind: 'SAMPLE_REVIEW', schema: Config, defaults: { dueInMs: 86_400_000, escalateAfterMs: 86_400_000, passScore: 60 } },
  input: (p, config) => ({ ...(p as Pick<SampleReviewInput, 'subjectId' | 'regionCode' | 'objections' | 'proposer' | 'fourEyes'>), ...config.body }),
  activities: () => ({}),
});
