/**
 * The process kit's activities (tasks, reminders, escalation), built by one factory from their
 * dependencies so tests can pass real ones (a real database) or their own. Each process's own
 * activities live beside them (activities/<process>.ts) and are registered with the process
 * (processes/); the worker joins both (worker/index.ts).
 */
import type { Db } from '../lib/db.ts';
import { createTaskActivities } from './tasks.ts';

export interface ActivityDeps {
  db: Db;
}

export function createKitActivities({ db }: ActivityDeps) {
  return { ...createTaskActivities(db) };
}
