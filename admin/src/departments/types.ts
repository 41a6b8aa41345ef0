/** Department facts as the API returns them (api/department-imports/router.ts). */
import type { RaRecord } from 'react-admin';

export const DEPARTMENTS = ['education', 'medical', 'housing', 'water'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface DepartmentImport extends RaRecord<string> {
  department: Department;
  year: number;
  fileName: string;
  rows: number;
  importedById: string;
  importedByName: string | null;
  importedAt: string;
}

export interface DepartmentFact extends RaRecord<string> {
  importId: string;
  householdCode: string;
  year: number;
  criterion: string;
  value: boolean;
  row: number;
  note: string | null;
  department: Department;
  fileName: string;
  importedAt: string;
}

/** One bad row of a refused file (the API's INVALID_FILE details). */
export interface RowError {
  row: number;
  field: string;
  value?: string;
  /** the problem as a machine code, worded by the console (useRowErrorWording) */
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}
