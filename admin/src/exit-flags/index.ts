import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';
import type { ExitFlag } from './types.ts';

export default {
  list: lazyPage(pages['exit-flags/list'], (m) => m.ExitFlagList),
  show: lazyPage(pages['exit-flags/show'], (m) => m.ExitFlagShow),
  icon: ReportProblemIcon,
  recordRepresentation: (record: ExitFlag) => `${record.headName ?? ''}（${record.householdCode ?? record.householdId}）`,
};
