import MenuBookIcon from '@mui/icons-material/MenuBook';
import ListAltIcon from '@mui/icons-material/ListAlt';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

/** The ledger per region (台账). */
export default {
  list: lazyPage(pages['ledgers/list'], (m) => m.LedgerPage),
  icon: MenuBookIcon,
};

/** The ledger's entries (台账明细). */
export const ledgerEntries = {
  list: lazyPage(pages['ledger-entries/list'], (m) => m.LedgerEntryList),
  icon: ListAltIcon,
};
