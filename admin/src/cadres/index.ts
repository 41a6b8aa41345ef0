import BadgeIcon from '@mui/icons-material/Badge';
import type { Cadre } from '../types.ts';
import { CadreList } from './CadreList.tsx';
import { CadreShow } from './CadreShow.tsx';

export default {
  list: CadreList,
  show: CadreShow,
  icon: BadgeIcon,
  recordRepresentation: (record: Cadre) => `${record.name}（${record.code}）`,
};
