/**
 * The chain of regions from the top of the tree down to `id` (inclusive). `GET /api/regions/:id`
 * answers with the region's `ancestors` (top-down); when it does not, the chain is read by following
 * `parentId` (cached reads; the tree has five levels, so at most four more).
 */
import { useGetOne } from 'react-admin';
import type { Region } from '../types.ts';

type Crumb = Pick<Region, 'id' | 'name' | 'level'>;

export function useRegionAncestry(id: string | null | undefined): { chain: Crumb[]; isPending: boolean } {
  const r0 = useGetOne<Region>('regions', { id: id ?? '' }, { enabled: !!id });
  const given = r0.data?.ancestors;
  const walk = r0.data !== undefined && !Array.isArray(given);
  const p1 = walk ? (r0.data?.parentId ?? null) : null;
  const r1 = useGetOne<Region>('regions', { id: p1 ?? '' }, { enabled: !!p1 });
  const p2 = walk ? (r1.data?.parentId ?? null) : null;
  const r2 = useGetOne<Region>('regions', { id: p2 ?? '' }, { enabled: !!p2 });
  const p3 = walk ? (r2.data?.parentId ?? null) : null;
  const r3 = useGetOne<Region>('regions', { id: p3 ?? '' }, { enabled: !!p3 });
  const p4 = walk ? (r3.data?.parentId ?? null) : null;
  const r4 = useGetOne<Region>('regions', { id: p4 ?? '' }, { enabled: !!p4 });
  if (!id || r0.data === undefined) return { chain: [], isPending: r0.isFetching };
  if (Array.isArray(given)) return { chain: [...given, r0.data], isPending: false };
  const walked = [r4, r3, r2, r1].filter((r, i) => [p4, p3, p2, p1][i] !== null).map((r) => r.data);
  const chain = [...walked.filter((r): r is Region => r !== undefined), r0.data];
  return { chain, isPending: [r1, r2, r3, r4].some((r) => r.isFetching) };
}
