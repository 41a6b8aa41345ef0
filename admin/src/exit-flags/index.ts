import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { ExitFlagList, ExitFlagShow } from './ExitFlagList.tsx';
import type { ExitFlag } from './types.ts';

export default {
  list: ExitFlagList,
  show: ExitFlagShow,
  icon: ReportProblemIcon,
  recordRepresentation: (record: ExitFlag) => `${record.headName ?? ''}（${record.householdCode ?? record.householdId}）`,
};
