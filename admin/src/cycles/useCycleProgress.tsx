/** The progress rows of the cycles on screen, from one GET /api/exit-progress for the whole page. */
import { createContext, useContext, type ReactNode } from 'react';
import { useGetList, useListContext } from 'react-admin';
import type { CycleProgress } from './types.ts';

const ProgressContext = createContext<Map<string, CycleProgress>>(new Map());

export function useCycleProgressRows(ids: string[]) {
  const { data } = useGetList<CycleProgress>(
    'exit-progress',
    { filter: { cycleId: ids }, pagination: { page: 1, perPage: Math.max(ids.length, 1) }, sort: { field: 'id', order: 'ASC' } },
    { enabled: ids.length > 0 },
  );
  return new Map((data ?? []).map((p) => [p.id, p]));
}

/** Inside a list of cycles: reads the progress of the listed cycles once. */
export const CycleProgressProvider = ({ children }: { children: ReactNode }) => {
  const { data } = useListContext();
  const ids = (data ?? []).filter((c) => c.type === 'EXIT_VERIFICATION').map((c) => String(c.id));
  const rows = useCycleProgressRows(ids);
  return <ProgressContext.Provider value={rows}>{children}</ProgressContext.Provider>;
};

export const useCycleProgress = (id: string | number | undefined) => {
  const rows = useContext(ProgressContext);
  return id === undefined ? undefined : rows.get(String(id));
};
