import FactCheckIcon from '@mui/icons-material/FactCheck';
import { DepartmentImportList } from './DepartmentImportList.tsx';
import { DepartmentImportShow } from './DepartmentImportShow.tsx';
import type { DepartmentImport } from './types.ts';

export default {
  list: DepartmentImportList,
  show: DepartmentImportShow,
  icon: FactCheckIcon,
  recordRepresentation: (record: DepartmentImport) => record.fileName,
};
