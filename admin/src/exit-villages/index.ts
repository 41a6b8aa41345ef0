import HolidayVillageIcon from '@mui/icons-material/HolidayVillage';
import type { ExitVillage } from '../cycles/types.ts';
import { ExitVillageList } from './ExitVillageList.tsx';
import { ExitVillageShow } from './ExitVillageShow.tsx';

export default {
  list: ExitVillageList,
  show: ExitVillageShow,
  icon: HolidayVillageIcon,
  recordRepresentation: (record: ExitVillage) => record.villageName ?? record.villageId,
};
