import MapIcon from '@mui/icons-material/AccountTree';
import type { Region } from '../types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['regions/list'], (m) => m.RegionList),
  show: lazyPage(pages['regions/show'], (m) => m.RegionShow),
  icon: MapIcon,
  recordRepresentation: (record: Region) => `${record.name}（${record.code}）`,
};
