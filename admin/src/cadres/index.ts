import BadgeIcon from '@mui/icons-material/Badge';
import type { Cadre } from '../types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['cadres/list'], (m) => m.CadreList),
  show: lazyPage(pages['cadres/show'], (m) => m.CadreShow),
  icon: BadgeIcon,
  recordRepresentation: (record: Cadre) => `${record.name}（${record.code}）`,
};
