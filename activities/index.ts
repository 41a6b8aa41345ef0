/**
 * All I/O the workflows need, built by one factory from its dependencies so tests can pass real
 * ones (a real database) or their own.
 */
import type { Db } from '../lib/db.ts';
import { createRegistryActivities } from './registry.ts';
import { createTaskActivities } from './tasks.ts';

export interface ActivityDeps {
  db: Db;
}

export function createActivities({ db }: ActivityDeps) {
  return {
    ...createTaskActivities(db),
    ...createRegistryActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
