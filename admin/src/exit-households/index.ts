import FamilyRestroomIcon from '@mui/icons-material/FamilyRestroom';
import type { ExitHousehold } from '../cycles/types.ts';
import { ExitHouseholdShow } from './ExitHouseholdShow.tsx';

export default {
  show: ExitHouseholdShow,
  icon: FamilyRestroomIcon,
  recordRepresentation: (record: ExitHousehold) => `${record.headName ?? ''}（${record.householdCode ?? record.householdId}）`,
};
