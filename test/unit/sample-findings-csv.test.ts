/** The findings CSV (api/samples/findings.ts parseFindingsCsv): headers, cells, and whole-file refusal, by hand. */
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ERRORS, parseFindingsCsv, type CsvEntry } from '../../api/samples/findings.ts';

const ENTRIES: CsvEntry[] = [
  { id: 'e1', ordinal: 1, kind: 'IN_REGISTER', householdCode: '4312220001' },
  { id: 'e2', ordinal: 2, kind: 'IN_REGISTER', householdCode: '4312220002' },
  { id: 'e3', ordinal: 3, kind: 'OUTSIDE_REGISTER', householdCode: null },
];

describe('findings CSV', () => {
  it('reads English headers in any case, quoted cells, CRLF and a BOM, criteria in Chinese or English', () => {
    const text = '\ufeffOrdinal,MEETSSTANDARD,failedcriteria,Approves,visitedName,missed,missedPeople,note,extra\r\n1,否,"income, 住房；饮水",1,,,,"见 ""附件""",x\r\n2,yes,,no,,,,,\r\n3,,,是,赵六,是,4,,\r\n';
    const result = parseFindingsCsv(text, ENTRIES);
    expect(result).toEqual({
      ok: true,
      ignoredColumns: ['extra'],
      findings: [
        { entryId: 'e1', ordinal: 1, kind: 'IN_REGISTER', finding: { meetsStandard: false, failedCriteria: ['income', 'housing', 'drinkingWater'], approves: true, note: '见 "附件"' } },
        { entryId: 'e2', ordinal: 2, kind: 'IN_REGISTER', finding: { meetsStandard: true, approves: false } },
        { entryId: 'e3', ordinal: 3, kind: 'OUTSIDE_REGISTER', finding: { visitedName: '赵六', missed: true, missedPeople: 4, approves: true } },
      ],
    });
  });

  it('names each bad row (its line) and field, and lists nothing as accepted', () => {
    const text = ['序号,是否达标,未达标项,受访户主,是否漏评,漏评人数', '1,也许,,,,', '2,是,收入,,,', '3,否,,王五,否,2', 'x,是,,,,'].join('\n');
    const result = parseFindingsCsv(text, ENTRIES);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // a cell the row's kind does not take is named first; the verdict's own checks follow once the cells are right
    expect(result.errors.map((e) => `${e.row}:${e.field}`)).toEqual(['2:meetsStandard', '3:failedCriteria', '4:meetsStandard', '5:ordinal']);
    expect(result.errors[1].message).toBe('a household that meets the standard has no failed criterion');
    const people = parseFindingsCsv('序号,受访户主,是否漏评,漏评人数\n3,王五,否,2\n', ENTRIES);
    expect(people).toMatchObject({ ok: false, errors: [{ row: 2, ordinal: 3, field: 'missedPeople' }] });
  });

  it('refuses a file that is not a CSV, has no ordinal column or no rows, and caps the listed errors', () => {
    const broken = parseFindingsCsv('ordinal,note\n1,"unclosed\n', ENTRIES);
    expect(broken).toMatchObject({ ok: false, errors: [{ field: '(file)' }] });
    expect(parseFindingsCsv('note\nhello\n', ENTRIES)).toMatchObject({ ok: false, errors: [{ row: 1, field: 'ordinal' }] });
    expect(parseFindingsCsv('ordinal,note\n', ENTRIES)).toMatchObject({ ok: false, errors: [{ row: 1, field: '(file)' }] });
    expect(parseFindingsCsv('', ENTRIES)).toMatchObject({ ok: false });
    const many = ['ordinal,meetsStandard', ...Array.from({ length: 300 }, (_, i) => `${1000 + i},是`)].join('\n');
    const capped = parseFindingsCsv(many, ENTRIES);
    expect(capped).toMatchObject({ ok: false, errorCount: 300 });
    if (!capped.ok) expect(capped.errors).toHaveLength(MAX_LISTED_ERRORS);
  });
});
