/** The progress rows of the cycles on screen, from one GET /api/exit-progress for the whole page. */
import { createContext, useContext, type ReactNode } from 'react';
import { useGetList, useListContext } from 'react-admin';
import type { CycleProgress } from './types.ts';

const ProgressContext = createContext<Map<string, CycleProgress>>(new Map());

/**
 * How often a page showing a running cycle reads it again (ms). The workflows move a cycle in
 * seconds to days; 5 s keeps a watching office current without a reload, and the page stops
 * asking once the cycle has ended (react-query also pauses while the tab is hidden).
 */
export const LIVE_REFRESH_MS = 5_000;

/** The refetch interval of a query about cycles: LIVE_REFRESH_MS while any of them runs, else none. */
export const liveInterval = (running: boolean): number | false => (running ? LIVE_REFRESH_MS : false);

export function useCycleProgressRows(ids: string[], running = false) {
  const { data } = useGetList<CycleProgress>(
    'exit-progress',
    { filter: { cycleId: ids }, pagination: { page: 1, perPage: Math.max(ids.length, 1) }, sort: { field: 'id', order: 'ASC' } },
    { enabled: ids.length > 0, refetchInterval: liveInterval(running) },
  );
  return new Map((data ?? []).map((p) => [p.id, p]));
}

/** Inside a list of cycles: reads the progress of the listed cycles once. */
export const CycleProgressProvider = ({ children }: { children: ReactNode }) => {
  const { data } = useListContext();
  const exits = (data ?? []).filter((c) => c.type === 'EXIT_VERIFICATION');
  const rows = useCycleProgressRows(
    exits.map((c) => String(c.id)),
    exits.some((c) => c.status === 'RUNNING'),
  );
  return <ProgressContext.Provider value={rows}>{children}</ProgressContext.Provider>;
};

export const useCycleProgress = (id: string | number | undefined) => {
  const rows = useContext(ProgressContext);
  return id === undefined ? undefined : rows.get(String(id));
};
