import HolidayVillageIcon from '@mui/icons-material/HolidayVillage';
import type { ExitVillage } from '../cycles/types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['exit-villages/list'], (m) => m.ExitVillageList),
  show: lazyPage(pages['exit-villages/show'], (m) => m.ExitVillageShow),
  icon: HolidayVillageIcon,
  recordRepresentation: (record: ExitVillage) => record.villageName ?? record.villageId,
};
