import EventNoteIcon from '@mui/icons-material/EventNote';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';
import type { Cycle } from './types.ts';

export default {
  list: lazyPage(pages['cycles/list'], (m) => m.CycleList),
  show: lazyPage(pages['cycles/show'], (m) => m.CycleShow),
  // the launch form, with the config rules it imports, loads only when opened
  create: lazyPage(pages['cycles/create'], (m) => m.CycleCreate),
  icon: EventNoteIcon,
  recordRepresentation: (record: Cycle) => `${record.year} · ${record.type}`,
};
