import InboxIcon from '@mui/icons-material/Inbox';
import type { Task } from '../types.ts';
import { TaskList } from './TaskList.tsx';
import { TaskShow } from './TaskShow.tsx';

export default {
  list: TaskList,
  show: TaskShow,
  icon: InboxIcon,
  recordRepresentation: (record: Task) => record.title,
};
