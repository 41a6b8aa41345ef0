import HomeIcon from '@mui/icons-material/Home';
import type { Household } from '../types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['households/list'], (m) => m.HouseholdList),
  show: lazyPage(pages['households/show'], (m) => m.HouseholdShow),
  icon: HomeIcon,
  recordRepresentation: (record: Household) => `${record.headName}（${record.code}）`,
};
