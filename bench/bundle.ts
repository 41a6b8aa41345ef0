// Bench bundle entry: every production workflow plus the floors of bench/workflows.ts.
export * from '../workflows/index.ts';
export { bareUpdateWorkflow, localActivityUpdateWorkflow, remoteActivityUpdateWorkflow } from './workflows.ts';
