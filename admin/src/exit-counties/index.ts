import MapIcon from '@mui/icons-material/Map';
import type { ExitCounty } from '../cycles/types.ts';
import { ExitCountyShow } from './ExitCountyShow.tsx';

export default {
  show: ExitCountyShow,
  icon: MapIcon,
  recordRepresentation: (record: ExitCounty) => record.countyName ?? record.countyId,
};
