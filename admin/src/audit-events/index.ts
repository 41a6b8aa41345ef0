import HistoryIcon from '@mui/icons-material/History';
import type { AuditEvent } from '../types.ts';
import { AuditEventList } from './AuditEventList.tsx';

export default {
  list: AuditEventList,
  icon: HistoryIcon,
  recordRepresentation: (record: AuditEvent) => `${record.action} · ${record.targetType}`,
};
