/**
 * The user's unread notifications (催办 reminders, 升级督办 escalations):
 * GET /api/notifications/unread-count, polled every 45 s and again on every navigation. Its query
 * key starts with the resource name, so invalidating `['notifications']` (after marking read)
 * refreshes the list and the bell together.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useCanAccess, useDataProvider, useLocation } from 'react-admin';
import type { AppDataProvider } from '../providers/dataProvider.ts';

export const UNREAD_COUNT_KEY = ['notifications', 'unreadCount'] as const;
export const UNREAD_POLL_MS = 45_000;

export function useUnreadCount(): { count: number | undefined; enabled: boolean } {
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess } = useCanAccess({ resource: 'notifications', action: 'list' });
  const enabled = canAccess === true;
  const { data, refetch } = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: () => dataProvider.unreadNotificationCount(),
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    retry: false,
    staleTime: 5_000,
  });
  const location = useLocation();
  useEffect(() => {
    if (enabled) void refetch();
  }, [enabled, location.pathname, location.search, refetch]);
  return { count: data, enabled };
}
