import MapIcon from '@mui/icons-material/Map';
import type { ExitCounty } from '../cycles/types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  show: lazyPage(pages['exit-counties/show'], (m) => m.ExitCountyShow),
  icon: MapIcon,
  recordRepresentation: (record: ExitCounty) => record.countyName ?? record.countyId,
};
