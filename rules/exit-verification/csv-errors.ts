/**
 * The machine codes of a refused CSV's row errors (department files, sample findings): each row
 * error carries one, with the numbers and names it needs in `params`, so that the console words it
 * in the user's language (admin/src/i18n/exit-csv.{zh,en}.ts). `message` stays the API's English
 * sentence for other clients and the audit log.
 */
export const CSV_ROW_ERROR_CODES = [
  // the file as a whole
  'FILE_NOT_UTF8',
  'FILE_NUL',
  'FILE_NOT_CSV',
  'FILE_EMPTY',
  'FILE_NO_ROWS',
  'FILE_TOO_MANY_ROWS',
  'IMPORT_INVALID',
  // the header
  'COLUMN_TWICE',
  'COLUMN_MISSING',
  // a row
  'ROW_CELL_COUNT',
  'HOUSEHOLD_CODE_MISSING',
  'HOUSEHOLD_CODE_FORMAT',
  'HOUSEHOLD_UNKNOWN',
  'HOUSEHOLD_OUTSIDE_SCOPE',
  'HOUSEHOLD_REPEATED',
  'YEAR_FORMAT',
  'YEAR_MISMATCH',
  'YES_NO_EXPECTED',
  'VALUE_MISSING',
  'NOTE_TOO_LONG',
  'ORDINAL_MISSING',
  'ORDINAL_FORMAT',
  'ORDINAL_UNKNOWN',
  'ORDINAL_REPEATED',
  'SAMPLE_HOUSEHOLD_MISMATCH',
  'SAMPLE_NO_HOUSEHOLD',
  'COLUMN_NOT_FOR_KIND',
  'CRITERIA_UNKNOWN',
  'WHOLE_NUMBER_EXPECTED',
  'VALUE_INVALID',
] as const;

export type CsvRowErrorCode = (typeof CSV_ROW_ERROR_CODES)[number];

/** Values a row error's wording needs (a column, a year, a row number…). */
export type CsvRowErrorParams = Record<string, string | number>;
