import MenuBookIcon from '@mui/icons-material/MenuBook';
import ListAltIcon from '@mui/icons-material/ListAlt';
import { LedgerEntryList } from './LedgerEntryList.tsx';
import { LedgerPage } from './LedgerPage.tsx';

/** The ledger per region (台账). */
export default {
  list: LedgerPage,
  icon: MenuBookIcon,
};

/** The ledger's entries (台账明细). */
export const ledgerEntries = {
  list: LedgerEntryList,
  icon: ListAltIcon,
};
