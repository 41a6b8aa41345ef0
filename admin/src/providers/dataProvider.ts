import simpleRestProvider from 'ra-data-simple-rest';
import { HttpError, type DataProvider, type Identifier } from 'react-admin';
import type { AppNotification, BulkDecisionResult, Task } from '../types.ts';
import { API_URL, httpClient, postJson } from './http.ts';
import { noteRecordReadError } from './recordErrors.ts';

/** 201 of POST /households/:id/return-to-poverty: the started process (the console reads its id). */
export interface ReturnToPovertyAnswer {
  workflowId: string;
}

/** 201 of POST /cases: the case its workflow wrote. */
export interface OpenedCase {
  id: string;
  kind: string;
  workflowId: string;
}

/** The workflow actions: plain POSTs, always pessimistic (a decision cannot be undone). */
export interface WorkflowActions {
  returnToPoverty(householdId: Identifier, reason: string): Promise<ReturnToPovertyAnswer>;
  /** POST /cases: an interview, recall, reward or accountability case for a cadre */
  openCase(cadreId: Identifier, kind: string, reason: string): Promise<OpenedCase>;
  /** `payload`: the values of the task's formSchema, when it has one */
  decideTask(taskId: Identifier, decision: string, comment: string, payload?: Record<string, unknown>): Promise<Task>;
  decideTasks(ids: Identifier[], decision: string, comment: string, payload?: Record<string, unknown>): Promise<BulkDecisionResult[]>;
  /** POST /notifications/:id/read → the notification, read */
  markNotificationRead(id: Identifier): Promise<AppNotification>;
  /** POST /notifications/read-all → how many were unread */
  markAllNotificationsRead(): Promise<{ updated: number }>;
  /** GET /notifications/unread-count */
  unreadNotificationCount(): Promise<number>;
}

export type AppDataProvider = DataProvider & WorkflowActions;

const rest = simpleRestProvider(API_URL, httpClient);
const id = (value: Identifier) => encodeURIComponent(String(value));
/** `{"decision","comment","payload"}`, the comment and the payload left out when there are none. */
const decisionBody = (decision: string, comment: string, payload?: Record<string, unknown>) => ({
  decision,
  ...(comment ? { comment } : {}),
  ...(payload ? { payload } : {}),
});

export const dataProvider: AppDataProvider = {
  ...rest,
  getOne: async (resource, params) => {
    try {
      return await rest.getOne(resource, params);
    } catch (error) {
      // react-admin words any failed read as "does not exist": the i18n provider rewords a 403
      if (error instanceof HttpError) noteRecordReadError({ resource, status: error.status, at: Date.now() });
      throw error;
    }
  },
  returnToPoverty: (householdId, reason) =>
    postJson<ReturnToPovertyAnswer>(`/households/${id(householdId)}/return-to-poverty`, { reason }),
  openCase: (cadreId, kind, reason) => postJson<OpenedCase>('/cases', { kind, cadreId, reason }),
  decideTask: (taskId, decision, comment, payload) =>
    postJson<Task>(`/tasks/${id(taskId)}/decision`, decisionBody(decision, comment, payload)),
  decideTasks: async (ids, decision, comment, payload) => {
    const answer = await postJson<{ results: BulkDecisionResult[] }>('/tasks/decisions', { ids, ...decisionBody(decision, comment, payload) });
    return answer.results;
  },
  markNotificationRead: (notificationId) => postJson<AppNotification>(`/notifications/${id(notificationId)}/read`, {}),
  markAllNotificationsRead: () => postJson<{ updated: number }>('/notifications/read-all', {}),
  unreadNotificationCount: async () => {
    const { json } = await httpClient(`${API_URL}/notifications/unread-count`);
    const count = (json as { count?: unknown } | null)?.count;
    return typeof count === 'number' ? count : 0;
  },
};
