import { createElement } from 'react';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';
import InboxIcon from '@mui/icons-material/Inbox';
import { TaskTitleField } from './fields.tsx';

export default {
  list: lazyPage(pages['tasks/list'], (m) => m.TaskList),
  show: lazyPage(pages['tasks/show'], (m) => m.TaskShow),
  icon: InboxIcon,
  // composed from the task's labels in the console's language (the stored title is a fallback)
  recordRepresentation: createElement(TaskTitleField),
};
