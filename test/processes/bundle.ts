// Test bundle entry: every production workflow plus the test-only processes.
export * from '../../workflows/index.ts';
export { sampleReviewWorkflow } from './sample-review/workflow.ts';
