import FactCheckIcon from '@mui/icons-material/FactCheck';
import { lazyPage } from '../common/lazyPage.ts';
import { pages } from '../pages.ts';
import type { DepartmentImport } from './types.ts';

export default {
  list: lazyPage(pages['department-imports/list'], (m) => m.DepartmentImportList),
  show: lazyPage(pages['department-imports/show'], (m) => m.DepartmentImportShow),
  icon: FactCheckIcon,
  recordRepresentation: (record: DepartmentImport) => record.fileName,
};
