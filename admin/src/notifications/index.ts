import NotificationsIcon from '@mui/icons-material/Notifications';
import type { AppNotification } from '../types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['notifications/list'], (m) => m.NotificationList),
  icon: NotificationsIcon,
  recordRepresentation: (record: AppNotification) => record.message,
};
