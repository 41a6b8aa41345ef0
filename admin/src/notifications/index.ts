import NotificationsIcon from '@mui/icons-material/Notifications';
import type { AppNotification } from '../types.ts';
import { NotificationList } from './NotificationList.tsx';

export default {
  list: NotificationList,
  icon: NotificationsIcon,
  recordRepresentation: (record: AppNotification) => record.message,
};
