import HomeIcon from '@mui/icons-material/Home';
import type { Household } from '../types.ts';
import { HouseholdList } from './HouseholdList.tsx';
import { HouseholdShow } from './HouseholdShow.tsx';

export default {
  list: HouseholdList,
  show: HouseholdShow,
  icon: HomeIcon,
  recordRepresentation: (record: Household) => `${record.headName}（${record.code}）`,
};
