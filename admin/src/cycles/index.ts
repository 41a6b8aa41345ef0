import { createElement, lazy, Suspense } from 'react';
import EventNoteIcon from '@mui/icons-material/EventNote';
import { Loading } from 'react-admin';
import type { Cycle } from './types.ts';
import { CycleList } from './CycleList.tsx';
import { CycleShow } from './CycleShow.tsx';

// the launch form, with the config rules it imports, loads only when opened
const LazyCreate = lazy(() => import('./CycleCreate.tsx'));
const CycleCreate = () => createElement(Suspense, { fallback: createElement(Loading) }, createElement(LazyCreate));

export default {
  list: CycleList,
  show: CycleShow,
  create: CycleCreate,
  icon: EventNoteIcon,
  recordRepresentation: (record: Cycle) => `${record.year} · ${record.type}`,
};
