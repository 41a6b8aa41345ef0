import MapIcon from '@mui/icons-material/AccountTree';
import type { Region } from '../types.ts';
import { RegionList } from './RegionList.tsx';
import { RegionShow } from './RegionShow.tsx';

export default {
  list: RegionList,
  show: RegionShow,
  icon: MapIcon,
  recordRepresentation: (record: Region) => `${record.name}（${record.code}）`,
};
