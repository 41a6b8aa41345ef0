/**
 * The year's facts from the departments (行业部门数据比对): education, medical insurance, housing
 * safety and drinking water each send a file per year; each row confirms or overrides one
 * guarantee flag of one household in the registry. This module validates the rows AFTER CSV
 * decoding (records of strings keyed by header) and keeps their provenance. A file with any bad
 * row is refused whole: a half-imported batch would leave some households checked against the
 * department and others not, with nothing to tell them apart.
 */
import type { CsvRowErrorCode, CsvRowErrorParams } from './csv-errors.ts';
import type { Bilingual } from './rate-test.ts';

/** Departments that send facts (行业部门). */
export const DEPARTMENTS = ['education', 'medical', 'housing', 'water'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** The guarantees a department can confirm or override. */
export type DepartmentCriterion = 'education' | 'medical' | 'housing' | 'drinkingWater';

export interface DepartmentInfo {
  name: Bilingual;
  criterion: DepartmentCriterion;
  /** the value column: canonical English header and its Chinese alias */
  column: string;
  columnZh: string;
}

export const DEPARTMENT_INFO: Record<Department, DepartmentInfo> = {
  education: { name: { zh: '教育部门', en: 'education department' }, criterion: 'education', column: 'educationSecured', columnZh: '义务教育有保障' },
  medical: { name: { zh: '医疗保障部门', en: 'medical insurance department' }, criterion: 'medical', column: 'medicalSecured', columnZh: '基本医疗有保障' },
  housing: { name: { zh: '住房和城乡建设部门', en: 'housing and construction department' }, criterion: 'housing', column: 'housingSafe', columnZh: '住房安全有保障' },
  water: { name: { zh: '水利部门', en: 'water resources department' }, criterion: 'drinkingWater', column: 'drinkingWaterSafe', columnZh: '饮水安全有保障' },
};

/** Where a fact came from: the department, the import batch, the file and the row in it. */
export interface Provenance {
  department: Department;
  batchId: string;
  fileName: string;
  /** line number in the file: the header is row 1, the first data row is row 2 */
  row: number;
  /** ISO 8601 UTC time of the import; the latest import wins when two batches disagree */
  importedAt: string;
}

export interface DepartmentFact {
  householdCode: string;
  year: number;
  criterion: DepartmentCriterion;
  value: boolean;
  note?: string;
  provenance: Provenance;
}

export interface RowError {
  /** line number in the file (header = 1); 1 for a header problem */
  row: number;
  /** the column concerned (canonical name) */
  field: string;
  value?: string;
  /** what is wrong, as a machine code the console words in the user's language */
  code: CsvRowErrorCode;
  /** the values the wording of `code` needs */
  params?: CsvRowErrorParams;
  /** the same in an English sentence */
  message: string;
}

export interface DepartmentImport {
  department: Department;
  batchId: string;
  fileName: string;
  importedAt: string;
  /** the cycle's year: every row must be for it */
  year: number;
  /** the decoded header line; when absent, the keys of the rows are used */
  headers?: readonly string[];
  rows: ReadonlyArray<Readonly<Record<string, string | undefined>>>;
  /** when given, a household code not in it is a row error (the register's codes of the region) */
  knownHouseholdCodes?: ReadonlySet<string>;
}

export type DepartmentParseResult =
  | { ok: true; facts: DepartmentFact[]; ignoredColumns: string[] }
  | { ok: false; errors: RowError[]; errorCount: number };

/** At most this many errors are listed (errorCount has them all), so a refusal stays readable. */
export const MAX_LISTED_ERRORS = 200;
export const MAX_ROWS = 500_000;

const TRUE_VALUES = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'n', '否']);
const HOUSEHOLD_CODE = /^[A-Za-z0-9_-]{1,40}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Parses a yes/no cell (true/false, 1/0, yes/no, y/n, 是/否; case and spaces ignored). */
export function parseFlag(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (TRUE_VALUES.has(t)) return true;
  if (FALSE_VALUES.has(t)) return false;
  return null;
}

/** canonical column → accepted headers (English is matched without regard to case) */
function columnsOf(department: Department): { canonical: string; aliases: string[]; required: boolean }[] {
  const info = DEPARTMENT_INFO[department];
  return [
    { canonical: 'householdCode', aliases: ['householdcode', '户编号'], required: true },
    { canonical: 'year', aliases: ['year', '年度'], required: true },
    { canonical: info.column, aliases: [info.column.toLowerCase(), info.columnZh], required: true },
    { canonical: 'note', aliases: ['note', '备注'], required: false },
  ];
}

/**
 * Validates one department's decoded rows. Every row must name a household (in the register when
 * `knownHouseholdCodes` is given), the cycle's year and a yes/no value; a household may appear once
 * per file. Any error refuses the whole file, listing each bad row and field. Unknown columns (a
 * department's own name or id columns) are ignored and reported.
 */
export function parseDepartmentRows(input: DepartmentImport): DepartmentParseResult {
  const errors: RowError[] = [];
  let errorCount = 0;
  const fail = (e: RowError) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push(e);
  };
  const info = DEPARTMENT_INFO[input.department];
  if (!info) return { ok: false, errors: [{ row: 1, field: 'department', value: String(input.department), code: 'IMPORT_INVALID', message: `unknown department ${String(input.department)}` }], errorCount: 1 };
  if (!input.batchId.trim()) fail({ row: 1, field: 'batchId', code: 'IMPORT_INVALID', message: 'the import needs a batch id' });
  if (!ISO_UTC.test(input.importedAt)) fail({ row: 1, field: 'importedAt', value: input.importedAt, code: 'IMPORT_INVALID', message: 'importedAt must be an ISO 8601 UTC time' });
  if (input.rows.length === 0) fail({ row: 1, field: '(file)', code: 'FILE_NO_ROWS', message: 'the file has no data rows' });
  if (input.rows.length > MAX_ROWS) fail({ row: 1, field: '(file)', code: 'FILE_TOO_MANY_ROWS', params: { rows: input.rows.length, max: MAX_ROWS }, message: `the file has ${input.rows.length} rows; at most ${MAX_ROWS} per file` });
  if (errorCount > 0) return { ok: false, errors, errorCount };

  // header: map each accepted header to its canonical column; without an explicit header line,
  // every key any row has, in order of first appearance
  const headers = input.headers ?? [...new Set(input.rows.flatMap((r) => Object.keys(r)))];
  const columns = columnsOf(input.department);
  const headerOf = new Map<string, string>(); // canonical → header as written
  const ignoredColumns: string[] = [];
  for (const header of headers) {
    const key = header.trim();
    const column = columns.find((c) => c.aliases.includes(key.toLowerCase()) || c.aliases.includes(key));
    if (!column) {
      ignoredColumns.push(header);
      continue;
    }
    if (headerOf.has(column.canonical)) {
      fail({ row: 1, field: column.canonical, value: header, code: 'COLUMN_TWICE', params: { column: column.canonical }, message: `column ${column.canonical} appears twice (${headerOf.get(column.canonical)} and ${header})` });
    } else headerOf.set(column.canonical, header);
  }
  for (const column of columns) {
    if (column.required && !headerOf.has(column.canonical)) {
      fail({ row: 1, field: column.canonical, code: 'COLUMN_MISSING', params: { column: column.canonical }, message: `missing column ${column.canonical} (or ${column.aliases[column.aliases.length - 1]}) in the ${info.name.en} file` });
    }
  }
  if (errorCount > 0) return { ok: false, errors, errorCount };

  const facts: DepartmentFact[] = [];
  const firstRowOf = new Map<string, number>();
  input.rows.forEach((record, index) => {
    const row = index + 2;
    const cell = (canonical: string) => {
      const header = headerOf.get(canonical);
      return header === undefined ? undefined : record[header];
    };
    let bad = false;
    const rowFail = (e: Omit<RowError, 'row'>) => {
      bad = true;
      fail({ row, ...e });
    };

    const code = (cell('householdCode') ?? '').trim();
    if (!code) rowFail({ field: 'householdCode', code: 'HOUSEHOLD_CODE_MISSING', message: 'missing household code (户编号)' });
    else if (!HOUSEHOLD_CODE.test(code)) rowFail({ field: 'householdCode', value: code, code: 'HOUSEHOLD_CODE_FORMAT', message: 'a household code has 1-40 letters, digits, _ or -' });
    else if (input.knownHouseholdCodes && !input.knownHouseholdCodes.has(code)) rowFail({ field: 'householdCode', value: code, code: 'HOUSEHOLD_UNKNOWN', message: 'no such household in the register' });
    else {
      const first = firstRowOf.get(code);
      if (first !== undefined) rowFail({ field: 'householdCode', value: code, code: 'HOUSEHOLD_REPEATED', params: { first }, message: `household ${code} already appears in row ${first}` });
      else firstRowOf.set(code, row);
    }

    const yearText = (cell('year') ?? '').trim();
    if (!/^\d{4}$/.test(yearText)) rowFail({ field: 'year', value: yearText, code: 'YEAR_FORMAT', message: 'year must be four digits' });
    else if (Number(yearText) !== input.year) rowFail({ field: 'year', value: yearText, code: 'YEAR_MISMATCH', params: { expected: input.year }, message: `the file is for ${input.year}, this row is for ${yearText}` });

    const valueText = cell(info.column) ?? '';
    const value = parseFlag(valueText);
    if (value === null) {
      rowFail(
        valueText.trim()
          ? { field: info.column, value: valueText, code: 'YES_NO_EXPECTED', message: 'expected yes or no (是/否, true/false, 1/0)' }
          : { field: info.column, value: valueText, code: 'VALUE_MISSING', params: { column: info.column }, message: `missing ${info.column} (${info.columnZh})` },
      );
    }

    const note = cell('note')?.trim();
    if (note && note.length > 500) rowFail({ field: 'note', code: 'NOTE_TOO_LONG', params: { max: 500 }, message: 'note is longer than 500 characters' });

    if (!bad && value !== null) {
      facts.push({
        householdCode: code,
        year: input.year,
        criterion: info.criterion,
        value,
        ...(note ? { note } : {}),
        provenance: { department: input.department, batchId: input.batchId, fileName: input.fileName, row, importedAt: input.importedAt },
      });
    }
  });
  if (errorCount > 0) return { ok: false, errors, errorCount };
  return { ok: true, facts, ignoredColumns };
}
