import FactCheckIcon from '@mui/icons-material/FactCheck';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';
import type { SampleEntry } from './api.ts';

export default {
  list: lazyPage(pages['sample-entries/list'], (m) => m.SampleEntryList),
  icon: FactCheckIcon,
  recordRepresentation: (record: SampleEntry) => `#${record.ordinal} ${record.householdCode ?? record.villageName ?? ''}`,
};
