/**
 * Business rules of the county assessment cycle (贫困县扶贫开发工作成效考核), seed items 20-22, 25,
 * 26: the versioned indicator framework, scoring and ranking with every point traced to its value
 * and source, and how a published ranking is applied (rewards, interviews, excellence blocks,
 * accountability). Pure functions only: workflows, activities and the API share them.
 */
export * from './county-assessment/config.ts';
export * from './county-assessment/scoring.ts';
export * from './county-assessment/results.ts';
export * from './county-assessment/computed.ts';
