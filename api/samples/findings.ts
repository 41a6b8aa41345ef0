/**
 * Third-party findings (第三方核实结果) on sampled households: the body of
 * `PUT /api/sample-entries/:id/finding` per kind of entry, and the CSV of many findings
 * (`POST /api/sample-findings/import`), whose rows are checked with the very same schemas.
 *
 * The rules that tie fields together are in the schemas themselves (a union on the verdict), so
 * the OpenAPI document states them exactly: in the register, a household that does not meet the
 * standard names at least one failed criterion and one that meets it names none; outside it, a
 * household found missed (漏评) gives its people (≥ 1) and one not missed gives none.
 */
import type { CsvRowErrorCode, CsvRowErrorParams } from '../../rules/exit-verification/csv-errors.ts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { CRITERIA, CRITERION_LABEL, type Criterion } from '../../rules/exit-verification/household.ts';
import { parseFlag } from '../../rules/exit-verification/department-facts.ts';
import { trimmedString } from '../schemas.ts';

export const SAMPLE_KINDS = ['IN_REGISTER', 'OUTSIDE_REGISTER'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];
export const DISPUTE_STATUSES = ['OPEN', 'UPHELD', 'DISMISSED'] as const;

/** At least one failed criterion; one named twice counts once. */
const FailedCriteria = z
  .array(z.enum(CRITERIA))
  .min(1, 'name at least one failed criterion when the household does not meet the standard')
  .max(CRITERIA.length * 2)
  .transform((list) => [...new Set(list)]);
const Note = trimmedString(1, 1000).nullable().optional();
const Answer = z.boolean().nullable().optional();

/** In the register (建档立卡户): the household re-verified against the year's standard. */
export const InRegisterFinding = z.discriminatedUnion('meetsStandard', [
  z.strictObject({
    meetsStandard: z.literal(true),
    failedCriteria: z.array(z.enum(CRITERIA)).max(0, 'a household that meets the standard has no failed criterion').optional(),
    /** the household acknowledges its exit (认可脱贫); null: not asked */
    acknowledges: Answer,
    /** satisfied with the poverty work (群众认可); null: not answered */
    approves: Answer,
    note: Note,
  }),
  z.strictObject({
    meetsStandard: z.literal(false),
    failedCriteria: FailedCriteria,
    acknowledges: Answer,
    approves: Answer,
    note: Note,
  }),
]);
export type InRegisterFinding = z.infer<typeof InRegisterFinding>;

/** Outside the register: the household visited, and whether it should have been registered (漏评). */
export const OutsideRegisterFinding = z.discriminatedUnion('missed', [
  z.strictObject({
    visitedName: trimmedString(1, 50),
    missed: z.literal(true),
    /** people of the missed household (counted in 漏评率) */
    missedPeople: z.number().int().min(1).max(99),
    approves: Answer,
    note: Note,
  }),
  z.strictObject({
    visitedName: trimmedString(1, 50),
    missed: z.literal(false),
    missedPeople: z.null().optional(),
    approves: Answer,
    note: Note,
  }),
]);
export type OutsideRegisterFinding = z.infer<typeof OutsideRegisterFinding>;

export const FindingBody = z.union([InRegisterFinding, OutsideRegisterFinding]);
export const findingSchemaOf = (kind: SampleKind) => (kind === 'IN_REGISTER' ? InRegisterFinding : OutsideRegisterFinding);

/** The SampleEntry columns a finding writes (the other kind's columns cleared). */
export function findingColumns(kind: SampleKind, f: InRegisterFinding | OutsideRegisterFinding) {
  if (kind === 'IN_REGISTER') {
    const x = f as InRegisterFinding;
    return {
      meetsStandard: x.meetsStandard,
      failedCriteria: x.meetsStandard ? null : x.failedCriteria.join(','),
      acknowledges: x.acknowledges ?? null,
      approves: x.approves ?? null,
      note: x.note ?? null,
      visitedName: null,
      missed: null,
      missedPeople: null,
    };
  }
  const y = f as OutsideRegisterFinding;
  return {
    visitedName: y.visitedName,
    missed: y.missed,
    missedPeople: y.missed ? y.missedPeople : null,
    approves: y.approves ?? null,
    note: y.note ?? null,
    meetsStandard: null,
    failedCriteria: null,
    acknowledges: null,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV (one row per sampled entry, keyed by its ordinal; headers in English or Chinese)

/** canonical column → accepted headers (English matched without regard to case) */
export const CSV_COLUMNS: { canonical: string; zh: string }[] = [
  { canonical: 'ordinal', zh: '序号' },
  { canonical: 'householdCode', zh: '户编号' },
  { canonical: 'meetsStandard', zh: '是否达标' },
  { canonical: 'failedCriteria', zh: '未达标项' },
  { canonical: 'acknowledges', zh: '认可脱贫' },
  { canonical: 'approves', zh: '群众认可' },
  { canonical: 'visitedName', zh: '受访户主' },
  { canonical: 'missed', zh: '是否漏评' },
  { canonical: 'missedPeople', zh: '漏评人数' },
  { canonical: 'note', zh: '备注' },
];

/** At most this many row errors are listed (errorCount has them all). */
export const MAX_LISTED_ERRORS = 200;
/** At most this many data rows per file (a county's sample is about 1,000 entries). */
export const MAX_CSV_ROWS = 10_000;

export interface CsvRowError {
  /** line in the file (the header is line 1) */
  row: number;
  ordinal?: number;
  field: string;
  value?: string;
  /** what is wrong, as a machine code the console words in the user's language */
  code: CsvRowErrorCode;
  /** the values the wording of `code` needs */
  params?: CsvRowErrorParams;
  /** the same in an English sentence */
  message: string;
}

export interface CsvEntry {
  id: string;
  ordinal: number;
  kind: SampleKind;
  /** in register: the household's code, checked against a householdCode column when the file has one */
  householdCode: string | null;
}

export type CsvParseResult =
  | { ok: true; findings: { entryId: string; ordinal: number; kind: SampleKind; finding: InRegisterFinding | OutsideRegisterFinding }[]; ignoredColumns: string[] }
  | { ok: false; errors: CsvRowError[]; errorCount: number };

const CRITERION_NAMES = new Map<string, Criterion>();
for (const c of CRITERIA) {
  CRITERION_NAMES.set(c.toLowerCase(), c);
  CRITERION_NAMES.set(CRITERION_LABEL[c].zh, c);
}
// the short names evaluators write (收入、不愁吃、义务教育…)
for (const [name, c] of Object.entries({ 收入: 'income', 吃: 'food', 不愁吃: 'food', 穿: 'clothing', 不愁穿: 'clothing', 教育: 'education', 义务教育: 'education', 医疗: 'medical', 基本医疗: 'medical', 住房: 'housing', 住房安全: 'housing', 饮水: 'drinkingWater', 饮水安全: 'drinkingWater' } as Record<string, Criterion>)) {
  CRITERION_NAMES.set(name, c);
}

/**
 * Validates a findings CSV against the county's sample. Every row names an entry of the sample by
 * its ordinal (序号), at most once, and gives that entry's finding, checked by the schema of the
 * entry's kind; yes/no cells accept 是/否, true/false, 1/0, yes/no, y/n; failed criteria are
 * separated by `;` `、` `,` `|` or spaces, in English or Chinese. Any error refuses the whole file,
 * naming each bad row (its line) and field. Columns the file has beyond these are ignored and reported.
 */
export function parseFindingsCsv(text: string, entries: readonly CsvEntry[]): CsvParseResult {
  const errors: CsvRowError[] = [];
  let errorCount = 0;
  const fail = (e: CsvRowError) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push(e);
  };
  if (text.includes('\0')) return { ok: false, errors: [{ row: 1, field: '(file)', code: 'FILE_NUL', message: 'the file contains a NUL character: not a text CSV' }], errorCount: 1 };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    return { ok: false, errors: [{ row: e.lines ?? 1, field: '(file)', code: 'FILE_NOT_CSV', params: { detail: e.message ?? String(err) }, message: `not a valid CSV file: ${e.message ?? String(err)}` }], errorCount: 1 };
  }
  if (records.length === 0) return { ok: false, errors: [{ row: 1, field: '(file)', code: 'FILE_EMPTY', message: 'the file is empty: a header line and one row per finding' }], errorCount: 1 };
  if (records.length - 1 > MAX_CSV_ROWS) return { ok: false, errors: [{ row: 1, field: '(file)', code: 'FILE_TOO_MANY_ROWS', params: { rows: records.length - 1, max: MAX_CSV_ROWS }, message: `the file has ${records.length - 1} rows; at most ${MAX_CSV_ROWS}` }], errorCount: 1 };

  const header = records[0].record;
  const indexOf = new Map<string, number>();
  const ignoredColumns: string[] = [];
  header.forEach((h, i) => {
    const key = h.trim();
    const column = CSV_COLUMNS.find((c) => c.canonical.toLowerCase() === key.toLowerCase() || c.zh === key);
    if (!column) return void ignoredColumns.push(h);
    if (indexOf.has(column.canonical)) fail({ row: 1, field: column.canonical, value: h, code: 'COLUMN_TWICE', params: { column: column.canonical }, message: `column ${column.canonical} appears twice` });
    else indexOf.set(column.canonical, i);
  });
  if (!indexOf.has('ordinal')) fail({ row: 1, field: 'ordinal', code: 'COLUMN_MISSING', params: { column: 'ordinal' }, message: 'missing column ordinal (序号)' });
  if (records.length === 1) fail({ row: 1, field: '(file)', code: 'FILE_NO_ROWS', message: 'the file has no data rows' });
  if (errorCount > 0) return { ok: false, errors, errorCount };

  const byOrdinal = new Map(entries.map((e) => [e.ordinal, e]));
  const firstRowOf = new Map<number, number>();
  const findings: Extract<CsvParseResult, { ok: true }>['findings'] = [];
  for (const { record, info } of records.slice(1)) {
    const row = info.lines;
    let bad = false;
    const rowFail = (e: Omit<CsvRowError, 'row'>) => {
      bad = true;
      fail({ row, ...e });
    };
    if (record.length > header.length) rowFail({ field: '(row)', code: 'ROW_CELL_COUNT', params: { cells: record.length, expected: header.length }, message: `the row has ${record.length} cells, the header ${header.length}` });
    const cell = (canonical: string): string | undefined => {
      const i = indexOf.get(canonical);
      const v = i === undefined ? undefined : record[i]?.trim();
      return v === '' ? undefined : v;
    };
    const ordinalText = cell('ordinal') ?? '';
    const ordinal = /^\d{1,6}$/.test(ordinalText) ? Number(ordinalText) : null;
    const entry = ordinal === null ? undefined : byOrdinal.get(ordinal);
    if (ordinal === null) {
      rowFail(ordinalText ? { field: 'ordinal', value: ordinalText, code: 'ORDINAL_FORMAT', message: 'ordinal (序号) must be a whole number' } : { field: 'ordinal', value: ordinalText, code: 'ORDINAL_MISSING', message: 'missing ordinal (序号)' });
      continue;
    }
    if (!entry) {
      rowFail({ ordinal, field: 'ordinal', value: ordinalText, code: 'ORDINAL_UNKNOWN', params: { ordinal }, message: `no entry ${ordinal} in this county's sample` });
      continue;
    }
    const first = firstRowOf.get(ordinal);
    if (first !== undefined) rowFail({ ordinal, field: 'ordinal', value: ordinalText, code: 'ORDINAL_REPEATED', params: { ordinal, first }, message: `entry ${ordinal} already appears in row ${first}` });
    else firstRowOf.set(ordinal, row);
    const code = cell('householdCode');
    if (code !== undefined && code !== (entry.householdCode ?? '')) {
      rowFail(
        entry.householdCode
          ? { ordinal, field: 'householdCode', value: code, code: 'SAMPLE_HOUSEHOLD_MISMATCH', params: { ordinal, expected: entry.householdCode, given: code }, message: `entry ${ordinal} is household ${entry.householdCode}, not ${code}` }
          : { ordinal, field: 'householdCode', value: code, code: 'SAMPLE_NO_HOUSEHOLD', params: { ordinal }, message: `entry ${ordinal} is a visit outside the register: it has no household code` },
      );
    }

    const value: Record<string, unknown> = {};
    const flag = (canonical: string) => {
      const text = cell(canonical);
      if (text === undefined) return;
      const parsed = parseFlag(text);
      if (parsed === null) rowFail({ ordinal, field: canonical, value: text, code: 'YES_NO_EXPECTED', message: 'expected yes or no (是/否, true/false, 1/0)' });
      else value[canonical] = parsed;
    };
    const inRegister = entry.kind === 'IN_REGISTER';
    // the other kind's columns must be empty on this row
    for (const other of inRegister ? ['visitedName', 'missed', 'missedPeople'] : ['meetsStandard', 'failedCriteria', 'acknowledges']) {
      const text = cell(other);
      if (text !== undefined) rowFail({ ordinal, field: other, value: text, code: 'COLUMN_NOT_FOR_KIND', params: { ordinal, kind: entry.kind, column: other }, message: `entry ${ordinal} is ${inRegister ? 'in the register' : 'outside the register'}: leave ${other} empty` });
    }
    if (inRegister) {
      flag('meetsStandard');
      flag('acknowledges');
      const criteria = cell('failedCriteria');
      if (criteria !== undefined) {
        const names = criteria.split(/[;；,，、|\s]+/).filter(Boolean);
        const unknown = names.filter((n) => !CRITERION_NAMES.has(n.toLowerCase()) && !CRITERION_NAMES.has(n));
        if (unknown.length) rowFail({ ordinal, field: 'failedCriteria', value: criteria, code: 'CRITERIA_UNKNOWN', params: { names: unknown.join(', '), known: CRITERIA.join(', ') }, message: `unknown criteria ${unknown.join(', ')}; one of ${CRITERIA.join(', ')}` });
        else value.failedCriteria = names.map((n) => CRITERION_NAMES.get(n.toLowerCase()) ?? CRITERION_NAMES.get(n));
      }
    } else {
      const name = cell('visitedName');
      if (name !== undefined) value.visitedName = name;
      flag('missed');
      const people = cell('missedPeople');
      if (people !== undefined) {
        if (/^\d{1,3}$/.test(people)) value.missedPeople = Number(people);
        else rowFail({ ordinal, field: 'missedPeople', value: people, code: 'WHOLE_NUMBER_EXPECTED', message: 'missedPeople (漏评人数) must be a whole number' });
      }
    }
    flag('approves');
    const note = cell('note');
    if (note !== undefined) value.note = note;
    if (bad) continue;

    const checked = findingSchemaOf(entry.kind).safeParse(value);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = issue.path.map(String).join('.') || '(row)';
        const missing = value[field] === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
        rowFail(
          missing
            ? { ordinal, field, code: 'VALUE_MISSING', params: { column: field }, message: `missing ${field} (${CSV_COLUMNS.find((c) => c.canonical === field)?.zh ?? field})` }
            : { ordinal, field, code: 'VALUE_INVALID', params: { detail: issue.message }, message: issue.message },
        );
      }
      continue;
    }
    findings.push({ entryId: entry.id, ordinal, kind: entry.kind, finding: checked.data });
  }
  if (errorCount > 0) return { ok: false, errors, errorCount };
  return { ok: true, findings, ignoredColumns };
}
