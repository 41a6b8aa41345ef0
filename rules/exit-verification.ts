/**
 * Business rules of the yearly exit verification (年度脱贫退出核查), seed items 18-19: the
 * versioned config, the household standard (两不愁三保障) with department facts, village and
 * county incidence, the county's 三率一度, fake-exit flags and the after-exit periods. Pure
 * functions only (no Node built-ins, database or HTTP): workflows, activities and the API share them.
 * Sampling lives in rules/sampling.ts.
 */
export * from './exit-verification/config.ts';
export * from './exit-verification/rate-test.ts';
export * from './exit-verification/department-facts.ts';
export * from './exit-verification/household.ts';
export * from './exit-verification/incidence.ts';
export * from './exit-verification/county-tests.ts';
export * from './exit-verification/fake-exits.ts';
export * from './exit-verification/after-exit.ts';
