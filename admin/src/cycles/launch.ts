/** What both launch forms share: the years offered and the regions the user may launch a cycle for. */
import { useEffect, useMemo, useState } from 'react';
import { useGetIdentity, useGetList } from 'react-admin';
import type { Region } from '../types.ts';

export const YEARS = { min: 2013, max: 2100 };
export const DEFAULT_YEAR = 2020;

/** The province and its cities, or the user's own city; the user's own region chosen first. */
export function useLaunchRegions(): { regions: Region[]; regionId: string; setRegionId: (id: string) => void } {
  const { identity } = useGetIdentity();
  const scope = typeof identity?.regionId === 'string' ? identity.regionId : null;
  const [regionId, setRegionId] = useState('');
  const provinceId = scope && scope.length === 2 ? scope : null;
  const { data: cities } = useGetList<Region>('regions', { filter: { level: 'CITY', parentId: provinceId ?? '' }, pagination: { page: 1, perPage: 100 }, sort: { field: 'code', order: 'ASC' } }, { enabled: provinceId !== null });
  const { data: own } = useGetList<Region>('regions', { filter: { id: scope ?? '' }, pagination: { page: 1, perPage: 1 }, sort: { field: 'code', order: 'ASC' } }, { enabled: scope !== null });
  const regions = useMemo(() => [...(own ?? []).filter((r) => r.level === 'PROVINCE' || r.level === 'CITY'), ...(cities ?? [])], [own, cities]);
  const ownRegion = (own ?? []).find((r) => r.level === 'PROVINCE' || r.level === 'CITY');
  useEffect(() => {
    if (!regionId && ownRegion) setRegionId(ownRegion.id);
  }, [ownRegion, regionId]);
  return { regions, regionId, setRegionId };
}
