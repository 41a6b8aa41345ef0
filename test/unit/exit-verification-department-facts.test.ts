import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ERRORS, parseDepartmentRows, parseFlag, type DepartmentImport } from '../../rules/exit-verification.ts';

const prov = { batchId: 'zj-2019-1', fileName: '住建-2019.csv', importedAt: '2019-11-01T08:00:00Z' } as const;
const base = { ...prov, year: 2019 } as const;

function housing(rows: DepartmentImport['rows'], extra: Partial<DepartmentImport> = {}): ReturnType<typeof parseDepartmentRows> {
  return parseDepartmentRows({ department: 'housing', ...base, rows, ...extra });
}

describe('department facts (行业部门数据) after CSV decoding', () => {
  it('reads a valid file with Chinese headers, yes/no in several spellings, and keeps provenance', () => {
    const result = housing([
      { 户编号: '4312221010010001', 年度: '2019', 住房安全有保障: '是', 姓名: '张三' },
      { 户编号: '4312221010010002', 年度: '2019', 住房安全有保障: ' 否 ', 姓名: '李四' },
      { 户编号: '4312221010010003', 年度: '2019', 住房安全有保障: 'TRUE', 姓名: '王五', 备注: '危房改造已验收' } as Record<string, string>,
    ]);
    expect(result).toEqual({
      ok: true,
      ignoredColumns: ['姓名'],
      facts: [
        { householdCode: '4312221010010001', year: 2019, criterion: 'housing', value: true, provenance: { department: 'housing', ...prov, row: 2 } },
        { householdCode: '4312221010010002', year: 2019, criterion: 'housing', value: false, provenance: { department: 'housing', ...prov, row: 3 } },
        { householdCode: '4312221010010003', year: 2019, criterion: 'housing', value: true, note: '危房改造已验收', provenance: { department: 'housing', ...prov, row: 4 } },
      ],
    });
  });

  it('accepts English headers regardless of case, with the header line given explicitly', () => {
    const result = parseDepartmentRows({
      department: 'water',
      ...base,
      headers: ['HouseholdCode', 'YEAR', 'drinkingwatersafe'],
      rows: [{ HouseholdCode: 'H1', YEAR: '2019', drinkingwatersafe: '0' }],
    });
    expect(result.ok && result.facts[0]).toMatchObject({ householdCode: 'H1', criterion: 'drinkingWater', value: false, provenance: { department: 'water', row: 2 } });
  });

  it('refuses a malformed file whole, naming each bad row and field', () => {
    const result = housing([
      { householdCode: 'H1', year: '2019', housingSafe: 'yes' }, // row 2: fine
      { householdCode: 'H2', year: '2019', housingSafe: 'maybe' }, // row 3: bad value
      { householdCode: 'H3', year: '2018', housingSafe: 'no' }, // row 4: other year
      { householdCode: 'H1', year: '2019', housingSafe: 'no' }, // row 5: duplicate of row 2
      { householdCode: '', year: '19', housingSafe: '' }, // row 6: three errors
      { householdCode: 'H 7;drop', year: '2019', housingSafe: '1' }, // row 7: bad code
    ]);
    expect(result).toEqual({
      ok: false,
      errorCount: 7,
      // no fact at all: the file is refused whole, row 2 included
      errors: [
        { row: 3, field: 'housingSafe', value: 'maybe', code: 'YES_NO_EXPECTED', message: 'expected yes or no (是/否, true/false, 1/0)' },
        { row: 4, field: 'year', value: '2018', code: 'YEAR_MISMATCH', params: { expected: 2019 }, message: 'the file is for 2019, this row is for 2018' },
        { row: 5, field: 'householdCode', value: 'H1', code: 'HOUSEHOLD_REPEATED', params: { first: 2 }, message: 'household H1 already appears in row 2' },
        { row: 6, field: 'householdCode', code: 'HOUSEHOLD_CODE_MISSING', message: 'missing household code (户编号)' },
        { row: 6, field: 'year', value: '19', code: 'YEAR_FORMAT', message: 'year must be four digits' },
        { row: 6, field: 'housingSafe', value: '', code: 'VALUE_MISSING', params: { column: 'housingSafe' }, message: 'missing housingSafe (住房安全有保障)' },
        { row: 7, field: 'householdCode', value: 'H 7;drop', code: 'HOUSEHOLD_CODE_FORMAT', message: 'a household code has 1-40 letters, digits, _ or -' },
      ],
    });
  });

  it('refuses a file missing a required column, a duplicated column, or with no rows', () => {
    expect(housing([{ householdCode: 'H1', year: '2019', safe: 'yes' }])).toEqual({
      ok: false,
      errorCount: 1,
      errors: [{ row: 1, field: 'housingSafe', code: 'COLUMN_MISSING', params: { column: 'housingSafe' }, message: 'missing column housingSafe (or 住房安全有保障) in the housing and construction department file' }],
    });
    expect(housing([{ householdCode: 'H1', 户编号: 'H1', year: '2019', housingSafe: 'yes' }])).toEqual({
      ok: false,
      errorCount: 1,
      errors: [{ row: 1, field: 'householdCode', value: '户编号', code: 'COLUMN_TWICE', params: { column: 'householdCode' }, message: 'column householdCode appears twice (householdCode and 户编号)' }],
    });
    expect(housing([])).toMatchObject({ ok: false, errors: [{ row: 1, field: '(file)', message: 'the file has no data rows' }] });
    expect(housing([], { headers: ['householdCode', 'year', 'housingSafe'] })).toEqual({ ok: false, errorCount: 1, errors: [{ row: 1, field: '(file)', code: 'FILE_NO_ROWS', message: 'the file has no data rows' }] });
    expect(housing([{ householdCode: 'H1', year: '2019', housingSafe: 'yes' }], { importedAt: 'yesterday', batchId: ' ' })).toMatchObject({
      ok: false,
      errors: [
        { row: 1, field: 'batchId', message: 'the import needs a batch id' },
        { row: 1, field: 'importedAt', message: 'importedAt must be an ISO 8601 UTC time' },
      ],
    });
  });

  it('checks household codes against the register when given', () => {
    const result = housing(
      [
        { householdCode: 'H1', year: '2019', housingSafe: 'yes' },
        { householdCode: 'H9', year: '2019', housingSafe: 'yes' },
      ],
      { knownHouseholdCodes: new Set(['H1', 'H2']) },
    );
    expect(result).toEqual({ ok: false, errorCount: 1, errors: [{ row: 3, field: 'householdCode', value: 'H9', code: 'HOUSEHOLD_UNKNOWN', message: 'no such household in the register' }] });
  });

  it('lists at most 200 errors but counts them all', () => {
    const rows = Array.from({ length: 250 }, (_, i) => ({ householdCode: `H${i}`, year: '2019', housingSafe: 'perhaps' }));
    const result = housing(rows);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorCount).toBe(250);
    expect(result.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(result.errors[199]).toMatchObject({ row: 201 });
  });

  it('parses yes/no cells', () => {
    expect(['是', 'Y', 'yes', '1', 'True'].map(parseFlag)).toEqual([true, true, true, true, true]);
    expect(['否', 'n', 'NO', '0', 'false'].map(parseFlag)).toEqual([false, false, false, false, false]);
    expect(['', '2', '有', 'ok'].map(parseFlag)).toEqual([null, null, null, null]);
  });
});
