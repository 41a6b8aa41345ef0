import AssignmentReturnIcon from '@mui/icons-material/AssignmentReturn';
import type { ReturnRequest } from '../types.ts';
import { ReturnRequestList } from './ReturnRequestList.tsx';

export default {
  list: ReturnRequestList,
  icon: AssignmentReturnIcon,
  recordRepresentation: (record: ReturnRequest) => `${record.headName ?? ''}（${record.householdCode ?? record.householdId}）`,
};
