import FamilyRestroomIcon from '@mui/icons-material/FamilyRestroom';
import type { ExitHousehold } from '../cycles/types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  show: lazyPage(pages['exit-households/show'], (m) => m.ExitHouseholdShow),
  icon: FamilyRestroomIcon,
  recordRepresentation: (record: ExitHousehold) => `${record.headName ?? ''}（${record.householdCode ?? record.householdId}）`,
};
