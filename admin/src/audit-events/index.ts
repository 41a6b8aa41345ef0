import HistoryIcon from '@mui/icons-material/History';
import type { AuditEvent } from '../types.ts';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';

export default {
  list: lazyPage(pages['audit-events/list'], (m) => m.AuditEventList),
  icon: HistoryIcon,
  recordRepresentation: (record: AuditEvent) => `${record.action} · ${record.targetType}`,
};
