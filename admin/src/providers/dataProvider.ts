import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier } from 'react-admin';
import type { BulkDecisionResult, Decision, Task } from '../types.ts';
import { API_URL, httpClient, postJson } from './http.ts';

export interface ReturnToPovertyAnswer {
  workflowId: string;
  returnRequestId: string;
}

/** The workflow actions: plain POSTs, always pessimistic (a decision cannot be undone). */
export interface WorkflowActions {
  returnToPoverty(householdId: Identifier, reason: string): Promise<ReturnToPovertyAnswer>;
  decideTask(taskId: Identifier, decision: Decision, comment: string): Promise<Task>;
  decideTasks(ids: Identifier[], decision: Decision, comment: string): Promise<BulkDecisionResult[]>;
}

export type AppDataProvider = DataProvider & WorkflowActions;

const rest = simpleRestProvider(API_URL, httpClient);
const id = (value: Identifier) => encodeURIComponent(String(value));
/** `{"decision","comment"}`, the comment left out when there is none (it is optional to approve). */
const decisionBody = (decision: Decision, comment: string) => (comment ? { decision, comment } : { decision });

export const dataProvider: AppDataProvider = {
  ...rest,
  returnToPoverty: (householdId, reason) =>
    postJson<ReturnToPovertyAnswer>(`/households/${id(householdId)}/return-to-poverty`, { reason }),
  decideTask: (taskId, decision, comment) => postJson<Task>(`/tasks/${id(taskId)}/decision`, decisionBody(decision, comment)),
  decideTasks: async (ids, decision, comment) => {
    const answer = await postJson<{ results: BulkDecisionResult[] }>('/tasks/decisions', { ids, ...decisionBody(decision, comment) });
    return answer.results;
  },
};
