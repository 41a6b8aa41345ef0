/** The sample's inputs of 三率一度 and its findings, computed by hand (docs/exit-verification-process.md "Measures of the sample"). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXIT_CONFIG } from '../../rules/exit-verification/config.ts';
import { countyTests } from '../../rules/exit-verification/county-tests.ts';
import { fakeExitFlags } from '../../rules/exit-verification/fake-exits.ts';
import { criteriaList, sampleMeasures, type MeasuredEntry, type MeasuredVillage } from '../../rules/exit-verification/sample-measures.ts';

const VILLAGES: MeasuredVillage[] = [
  { id: 'A', ruralPopulation: 100, registeredPeople: 20 }, // 80 unregistered
  { id: 'B', ruralPopulation: 50, registeredPeople: 60 }, // max(0, −10) = 0
  { id: 'C', ruralPopulation: 40, registeredPeople: 10 }, // not visited by the sample: not counted
];
const at = new Date('2020-10-01T00:00:00Z');
const IN = (id: string, villageId: string, status: string, f: Partial<MeasuredEntry>): MeasuredEntry => ({ id, kind: 'IN_REGISTER', villageId, householdCode: `code-${id}`, householdStatus: status, foundAt: at, ...f });
const OUT = (id: string, villageId: string, f: Partial<MeasuredEntry>): MeasuredEntry => ({ id, kind: 'OUTSIDE_REGISTER', villageId, foundAt: at, ...f });

const ENTRIES: MeasuredEntry[] = [
  IN('e01', 'A', 'EXITED', { meetsStandard: true, approves: true, acknowledges: true }),
  IN('e02', 'A', 'EXITED', { meetsStandard: false, failedCriteria: 'income,housing', approves: false, acknowledges: false, note: 'no income' }),
  IN('e03', 'B', 'EXITED', { meetsStandard: false, failedCriteria: 'medical', approves: true, disputeStatus: 'UPHELD' }),
  IN('e04', 'B', 'POOR', { meetsStandard: false, failedCriteria: 'food', approves: null }),
  IN('e05', 'A', 'EXITED', { meetsStandard: false, failedCriteria: 'education', approves: true, disputeStatus: 'DISMISSED' }),
  IN('e06', 'A', 'EXITED', { foundAt: null }),
  OUT('e07', 'A', { missed: true, missedPeople: 3, approves: true }),
  OUT('e08', 'A', { missed: true, missedPeople: 4, approves: false, disputeStatus: 'UPHELD' }),
  OUT('e09', 'B', { missed: false, approves: true }),
  OUT('e10', 'B', { missed: true, missedPeople: 2, approves: null, disputeStatus: 'OPEN' }),
];

describe('measures of the sample', () => {
  it('counts 错退率, 漏评率 and 群众认可度 inputs as the process defines them, upheld disputes reversing failures', () => {
    const m = sampleMeasures(ENTRIES, VILLAGES);
    expect(m.inputs).toEqual({
      sampledExited: 4, // e01 e02 e03 e05 (e04 is POOR, e06 has no finding)
      wronglyExited: 2, // e02, e05 (dismissed dispute); e03's failure was reversed
      unregisteredPopulation: 80, // A 80 + B 0; C was not sampled
      missed: 5, // e07 3 + e10 2 (open dispute); e08 reversed
      surveyedHouseholds: 7, // e01 e02 e03 e05 e07 e08 e09
      approvingHouseholds: 5, // e01 e03 e05 e07 e09
    });
    expect(m).toMatchObject({ entries: 10, unfound: 1, reversed: 2, villages: ['A', 'B'] });
  });

  it('lists the in-register findings for fakeExitFlags, an upheld dispute meeting the standard', () => {
    const m = sampleMeasures(ENTRIES, VILLAGES);
    expect(m.findings).toEqual([
      { findingId: 'e01', householdCode: 'code-e01', meetsStandard: true, householdAcknowledges: true },
      { findingId: 'e02', householdCode: 'code-e02', meetsStandard: false, failedCriteria: ['income', 'housing'], householdAcknowledges: false, note: 'no income' },
      { findingId: 'e03', householdCode: 'code-e03', meetsStandard: true },
      { findingId: 'e04', householdCode: 'code-e04', meetsStandard: false, failedCriteria: ['food'] },
      { findingId: 'e05', householdCode: 'code-e05', meetsStandard: false, failedCriteria: ['education'] },
    ]);
    const claims = ['e02', 'e03'].map((id) => ({ householdCode: `code-${id}`, countyCode: '431222', year: 2020 }));
    const flags = fakeExitFlags(claims, { records: [], facts: [] }, m.findings, { ...DEFAULT_EXIT_CONFIG, year: 2020 }).filter((f) => f.kind !== 'NO_SUPPORTING_DATA');
    expect(flags.map((f) => `${f.householdCode}:${f.kind}`)).toEqual(['code-e02:NOT_ACKNOWLEDGED', 'code-e02:SAMPLE_CONTRADICTION']);
  });

  it('feeds countyTests once the caller adds the county’s population', () => {
    const m = sampleMeasures(ENTRIES, VILLAGES);
    const result = countyTests({ poorPopulation: 1, ruralPopulation: 100, ...m.inputs }, { incidenceBelow: 0.02, wrongExitRateBelow: 0.02, missedRateBelow: 0.02, recognitionAtLeast: 0.9 });
    // 2/4 = 50% wrong exits; 5/80 = 6.25% missed; 5/7 = 71% approving: three failures
    expect(result.failed).toEqual(['wrongExitRate', 'missedRate', 'recognition']);
  });

  it('counts nothing for an empty sample and refuses an entry whose village population is missing', () => {
    expect(sampleMeasures([], VILLAGES).inputs).toEqual({ sampledExited: 0, wronglyExited: 0, unregisteredPopulation: 0, missed: 0, surveyedHouseholds: 0, approvingHouseholds: 0 });
    expect(() => sampleMeasures([OUT('x', 'Z', { missed: false })], VILLAGES)).toThrow(/village Z/);
  });

  it('reads stored criteria, dropping unknown names', () => {
    expect(criteriaList('income, housing,unknown,income')).toEqual(['income', 'housing']);
    expect(criteriaList(null)).toEqual([]);
  });
});
