/**
 * The console's pages that load on demand, each a chunk of its own, by route key (see `routeKey`):
 * opening the household list downloads neither the task forms nor the charts. main.tsx starts the
 * chunk of the page being opened at once, alongside the framework's chunks; each resource's
 * index.ts renders its pages through `lazyPage` (common/lazyPage.ts).
 *
 * This module stays free of static imports (main.tsx runs it before React has arrived). A page
 * not listed here is simply part of the main chunks.
 */

/** A chunk's loader, started once; `loaded()` is the module once it has arrived. */
export interface PageLoader<M> {
  (): Promise<M>;
  loaded(): M | undefined;
}

function page<M>(load: () => Promise<M>): PageLoader<M> {
  let pending: Promise<M> | null = null;
  let module: M | undefined;
  const loader = () =>
    (pending ??= load().then(
      (m) => (module = m),
      (error: unknown) => {
        pending = null; // a later visit tries again
        throw error;
      },
    ));
  return Object.assign(loader, { loaded: () => module });
}

export const pages = {
  dashboard: page(() => import('./dashboard/Dashboard.tsx')),
  'tasks/list': page(() => import('./tasks/TaskList.tsx')),
  'tasks/show': page(() => import('./tasks/TaskShow.tsx')),
  'households/list': page(() => import('./households/HouseholdList.tsx')),
  'households/show': page(() => import('./households/HouseholdShow.tsx')),
  'return-requests/list': page(() => import('./return-requests/ReturnRequestList.tsx')),
  'regions/list': page(() => import('./regions/RegionList.tsx')),
  'regions/show': page(() => import('./regions/RegionShow.tsx')),
  'cadres/list': page(() => import('./cadres/CadreList.tsx')),
  'cadres/show': page(() => import('./cadres/CadreShow.tsx')),
  'audit-events/list': page(() => import('./audit-events/AuditEventList.tsx')),
  'notifications/list': page(() => import('./notifications/NotificationList.tsx')),
  'cycles/list': page(() => import('./cycles/CycleList.tsx')),
  'cycles/show': page(() => import('./cycles/CycleShow.tsx')),
  'cycles/create': page(() => import('./cycles/CycleCreate.tsx')),
  'exit-counties/show': page(() => import('./exit-counties/ExitCountyShow.tsx')),
  'exit-villages/list': page(() => import('./exit-villages/ExitVillageList.tsx')),
  'exit-villages/show': page(() => import('./exit-villages/ExitVillageShow.tsx')),
  'exit-households/show': page(() => import('./exit-households/ExitHouseholdShow.tsx')),
  'exit-flags/list': page(() => import('./exit-flags/ExitFlagList.tsx')),
  'exit-flags/show': page(() => import('./exit-flags/ExitFlagList.tsx')),
  'rankings/list': page(() => import('./rankings/RankingList.tsx')),
  'rankings/show': page(() => import('./rankings/RankingShow.tsx')),
  'sample-entries/list': page(() => import('./samples/SampleEntryList.tsx')),
  'department-imports/list': page(() => import('./departments/DepartmentImportList.tsx')),
  'department-imports/show': page(() => import('./departments/DepartmentImportShow.tsx')),
  'ledgers/list': page(() => import('./ledgers/LedgerPage.tsx')),
  'ledger-entries/list': page(() => import('./ledgers/LedgerEntryList.tsx')),
};

/**
 * The route key of a react-admin hash route: `#/` → dashboard, `#/households` → households/list,
 * `#/households/create` → households/create, `#/households/:id/show` → households/show,
 * `#/households/:id` → households/edit.
 */
export function routeKey(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0];
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return 'dashboard';
  const [resource, second, third] = parts;
  if (!second) return `${resource}/list`;
  if (second === 'create') return `${resource}/create`;
  return third === 'show' ? `${resource}/show` : `${resource}/edit`;
}

/** Starts the chunk of the page a hash route opens; resolves when it is there (or failed, or unknown). */
export function preloadRoute(hash: string): Promise<void> {
  const loader = (pages as Record<string, PageLoader<unknown> | undefined>)[routeKey(hash)];
  return loader ? loader().then(() => undefined, () => undefined) : Promise.resolve();
}
