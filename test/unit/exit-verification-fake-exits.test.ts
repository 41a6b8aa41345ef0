import { describe, expect, it } from 'vitest';
import { defaultExitConfig, discrepancyRates, fakeExitFlags, type DepartmentFact, type ExitClaim, type RegistryYearRecord, type SampledFinding } from '../../rules/exit-verification.ts';

const config = defaultExitConfig(2019); // line 3,218
const A = '431222';
const B = '430225';

function rec(code: string, overrides: Partial<RegistryYearRecord> = {}): RegistryYearRecord {
  return {
    householdCode: code,
    year: 2019,
    incomePerCapita: 4000,
    foodSecure: true,
    clothingSecure: true,
    educationSecured: true,
    medicalSecured: true,
    housingSafe: true,
    drinkingWaterSafe: true,
    source: 'REGISTRY',
    ...overrides,
  };
}

const claims: ExitClaim[] = [
  { householdCode: 'A1', countyCode: A, year: 2019 }, // fine, sampled and confirmed
  { householdCode: 'A2', countyCode: A, year: 2019 }, // income 3,100 ≤ 3,218: data contradiction
  { householdCode: 'A3', countyCode: A, year: 2019 }, // no record: nothing supports the exit
  { householdCode: 'A4', countyCode: A, year: 2019 }, // registry fine, housing department says unsafe; sampled: below standard and not acknowledged
  { householdCode: 'A4', countyCode: A, year: 2019 }, // duplicate claim: counts once
  { householdCode: 'B1', countyCode: B, year: 2019 }, // fine, sampled and confirmed
  { householdCode: 'B2', countyCode: B, year: 2019 }, // fine, not sampled
  { householdCode: 'B3', countyCode: B, year: 2018 }, // another year's claim: ignored
];
const records = [rec('A1'), rec('A2', { incomePerCapita: 3100 }), rec('A4'), rec('B1'), rec('B2'), rec('B3', { incomePerCapita: 100 })];
const facts: DepartmentFact[] = [
  { householdCode: 'A4', year: 2019, criterion: 'housing', value: false, provenance: { department: 'housing', batchId: 'zj-9', fileName: 'zj.csv', row: 4, importedAt: '2019-11-01T00:00:00Z' } },
];
const findings: SampledFinding[] = [
  { findingId: 'F1', householdCode: 'A1', meetsStandard: true, householdAcknowledges: true },
  { findingId: 'F4', householdCode: 'A4', meetsStandard: false, failedCriteria: ['income', 'housing'], householdAcknowledges: false },
  { findingId: 'F5', householdCode: 'B1', meetsStandard: true },
  { findingId: 'F9', householdCode: 'X9', meetsStandard: false }, // not an exit claim (e.g. an outside-register household): not a fake exit
];

describe('fake exits (假脱贫 / 被脱贫 / 数字脱贫)', () => {
  const flags = fakeExitFlags(claims, { records, facts }, findings, config);

  it('flags every claim contradicted by data or by a sampled finding, with its evidence', () => {
    // sorted by county, household, kind; B1 and B2 are clean, B3's claim is for 2018
    expect(flags.map((f) => [f.countyCode, f.householdCode, f.kind])).toEqual([
      [A, 'A2', 'DATA_CONTRADICTION'],
      [A, 'A3', 'NO_SUPPORTING_DATA'],
      [A, 'A4', 'DATA_CONTRADICTION'],
      [A, 'A4', 'NOT_ACKNOWLEDGED'],
      [A, 'A4', 'SAMPLE_CONTRADICTION'],
    ]);
    const a2 = flags[0];
    expect(a2.message.en).toBe('income 3,100 yuan is not above the line 3,218 (registry record of 2019 (REGISTRY))');
    expect(a2.evidence.checks?.map((c) => c.criterion)).toEqual(['income']);
    const a4data = flags[2];
    expect(a4data.evidence.checks?.[0].source).toEqual({ kind: 'department', provenance: facts[0].provenance });
    expect(flags[3].evidence.finding?.findingId).toBe('F4');
    expect(flags[4].message).toEqual({ zh: '第三方核实 F4：未达标（income, housing）', en: 'third-party finding F4: below the standard (income, housing)' });
    expect(flags[1].evidence.checks).toHaveLength(7); // every counted criterion is missing for A3
  });

  it('reports the discrepancy rate per county, over all claims and over the sampled ones', () => {
    const rates = discrepancyRates({ claims, flags, findings, year: 2019, counties: [A, B, '433122'] });
    expect(rates).toEqual([
      // 430225: 2 claims (B1, B2), none flagged → 0 ÷ 2 = 0; sampled B1 only, not flagged → 0 ÷ 1 = 0
      {
        countyCode: B,
        claims: 2,
        flaggedClaims: 0,
        rate: 0,
        sampledClaims: 1,
        sampledFlagged: 0,
        sampledRate: 0,
        byKind: { DATA_CONTRADICTION: 0, NO_SUPPORTING_DATA: 0, SAMPLE_CONTRADICTION: 0, NOT_ACKNOWLEDGED: 0 },
      },
      // 431222: 4 distinct claims (A1-A4), 3 flagged (A2, A3, A4) → 3 ÷ 4 = 0.75;
      // sampled A1 and A4, A4 has sample flags → 1 ÷ 2 = 0.5
      {
        countyCode: A,
        claims: 4,
        flaggedClaims: 3,
        rate: 0.75,
        sampledClaims: 2,
        sampledFlagged: 1,
        sampledRate: 0.5,
        byKind: { DATA_CONTRADICTION: 2, NO_SUPPORTING_DATA: 1, SAMPLE_CONTRADICTION: 1, NOT_ACKNOWLEDGED: 1 },
      },
      // 433122: no claim → nothing measured, null rates (a report, not a test)
      {
        countyCode: '433122',
        claims: 0,
        flaggedClaims: 0,
        rate: null,
        sampledClaims: 0,
        sampledFlagged: 0,
        sampledRate: null,
        byKind: { DATA_CONTRADICTION: 0, NO_SUPPORTING_DATA: 0, SAMPLE_CONTRADICTION: 0, NOT_ACKNOWLEDGED: 0 },
      },
    ]);
  });

  it('does not depend on the order of claims, records, facts or findings', () => {
    const again = fakeExitFlags([...claims].reverse(), { records: [...records].reverse(), facts }, [...findings].reverse(), config);
    expect(again).toEqual(flags);
  });
});
