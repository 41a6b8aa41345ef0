import FactCheckIcon from '@mui/icons-material/FactCheck';
import type { SampleEntry } from './api.ts';
import { SampleEntryList } from './SampleEntryList.tsx';

export default {
  list: SampleEntryList,
  icon: FactCheckIcon,
  recordRepresentation: (record: SampleEntry) => `#${record.ordinal} ${record.householdCode ?? record.villageName ?? ''}`,
};
