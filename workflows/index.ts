// Bundle entry: re-exports the workflows only.
export { returnToPovertyWorkflow } from './return-to-poverty.ts';
