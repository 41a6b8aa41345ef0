import { createElement } from 'react';
import InboxIcon from '@mui/icons-material/Inbox';
import { TaskTitleField } from './fields.tsx';
import { TaskList } from './TaskList.tsx';
import { TaskShow } from './TaskShow.tsx';

export default {
  list: TaskList,
  show: TaskShow,
  icon: InboxIcon,
  // composed from the task's labels in the console's language (the stored title is a fallback)
  recordRepresentation: createElement(TaskTitleField),
};
