import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';
import type { Ranking } from './types.ts';

export default {
  list: lazyPage(pages['rankings/list'], (m) => m.RankingList),
  show: lazyPage(pages['rankings/show'], (m) => m.RankingShow),
  icon: LeaderboardIcon,
  recordRepresentation: (record: Ranking) => `${record.year} v${record.version}`,
};
