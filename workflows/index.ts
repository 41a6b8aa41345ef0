// Bundle entry: re-exports the workflows only.
export { returnToPovertyWorkflow } from './return-to-poverty.ts';
export { exitCountyWorkflow, exitVerificationWorkflow, exitVillageWorkflow } from './exit-verification.ts';
export { countyAssessmentWorkflow } from './county-assessment.ts';
export { cadreCaseWorkflow } from './cadre-accountability.ts';
