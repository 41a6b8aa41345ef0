/**
 * The process kit's activities (tasks, reminders, escalation), built by one factory from their
 * dependencies so tests can pass real ones (a real database) or their own. Each process's own
 * activities live beside them (activities/<process>.ts) and are registered with the process
 * (processes/); the worker joins both (worker/index.ts).
 */
import type { Db } from '../lib/db.ts';
import { createTaskActivities, type ActivityLookup } from './tasks.ts';

export interface ActivityDeps {
  db: Db;
  /** the processes' own activities, for the eligibility checks their steps name */
  lookup?: ActivityLookup;
}

export function createKitActivities({ db, lookup }: ActivityDeps) {
  return { ...createTaskActivities(db, lookup) };
}
