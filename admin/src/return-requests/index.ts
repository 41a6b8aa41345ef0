import AssignmentReturnIcon from '@mui/icons-material/AssignmentReturn';
import type { ReturnRequest } from '../types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['return-requests/list'], (m) => m.ReturnRequestList),
  icon: AssignmentReturnIcon,
  recordRepresentation: (record: ReturnRequest) => `${record.headName ?? ''}（${record.householdCode ?? record.householdId}）`,
};
