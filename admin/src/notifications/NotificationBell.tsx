/** The app bar's bell: the unread count; a click opens the unread notifications. */
import { Badge, IconButton, Tooltip } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { LinkBase, useTranslate } from 'react-admin';
import { useUnreadCount } from './useUnreadCount.ts';

const UNREAD = `/notifications?filter=${encodeURIComponent(JSON.stringify({ read: false }))}`;

export const NotificationBell = () => {
  const translate = useTranslate();
  const { count, enabled } = useUnreadCount();
  if (!enabled) return null;
  const label = count ? translate('app.notifications.unreadCount', { smart_count: count }) : translate('app.notifications.bell');
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" component={LinkBase} to={UNREAD} aria-label={label} data-testid="notification-bell" data-count={count ?? 0}>
        <Badge badgeContent={count ?? 0} color="error" max={99}>
          <NotificationsIcon />
        </Badge>
      </IconButton>
    </Tooltip>
  );
};
