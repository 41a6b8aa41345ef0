/**
 * The measures of a county's third-party sample (抽样核查的测算): the sample's part of the inputs of
 * the four tests (三率一度, county-tests.ts) and the findings that fakeExitFlags (fake-exits.ts)
 * checks exit claims against. As docs/exit-verification-process.md "Measures of the sample" defines:
 *
 * - 错退率: wronglyExited = sampled in-register households that are EXITED and found below the
 *   standard (after upheld disputes) ÷ sampledExited = sampled in-register households that are
 *   EXITED (households, both sides);
 * - 漏评率: missed = `missedPeople` of outside-register entries found missed ÷
 *   unregisteredPopulation = the unregistered rural population of the sampled villages
 *   (Σ max(0, ruralPopulation − registered people)) (people, both sides); the sampled villages
 *   are those the sample's entries are in. An evaluator's missed people can exceed that estimate
 *   (then CountyTestInputs refuses missed > unregisteredPopulation: the caller decides);
 * - 群众认可度: approvingHouseholds = entries whose `approves` is true ÷ surveyedHouseholds =
 *   entries whose `approves` was answered (households, both sides, every kind of entry).
 *
 * An UPHELD dispute (申诉成立) reverses the disputed finding's failure: `meetsStandard` counts as
 * true, `missed` as false. It does not change `approves` or `acknowledges` (what the household said
 * is not what the county disputes). An OPEN or DISMISSED dispute leaves the finding as entered.
 *
 * An entry without a finding measured nothing and counts in no numerator or denominator (the
 * process refuses to leave the survey until every entry has a finding; `unfound` says how many).
 * Poverty incidence's inputs (poorPopulation, ruralPopulation) are the county's, not the
 * sample's: the caller adds them. Pure: no I/O.
 */
import type { CountyTestInputs } from './county-tests.ts';
import type { SampledFinding } from './fake-exits.ts';
import { CRITERIA, type Criterion } from './household.ts';

export type SampleKind = 'IN_REGISTER' | 'OUTSIDE_REGISTER';
export type DisputeStatus = 'OPEN' | 'UPHELD' | 'DISMISSED';

/** One SampleEntry row as the measures read it, with its household's code and current status. */
export interface MeasuredEntry {
  id: string;
  kind: SampleKind;
  villageId: string;
  /** in register: the household's code and status (POOR | EXITED) */
  householdCode?: string | null;
  householdStatus?: string | null;
  /** the finding; null / undefined while not entered */
  meetsStandard?: boolean | null;
  /** comma-separated as stored (SampleEntry.failedCriteria) or a list */
  failedCriteria?: string | readonly string[] | null;
  acknowledges?: boolean | null;
  approves?: boolean | null;
  missed?: boolean | null;
  missedPeople?: number | null;
  note?: string | null;
  /** when the finding was entered: set ⇔ the entry has a finding */
  foundAt?: Date | string | null;
  disputeStatus?: DisputeStatus | string | null;
}

/** A sampled village's populations (Region.ruralPopulation; Σ Household.size of its registered households). */
export interface MeasuredVillage {
  id: string;
  ruralPopulation: number;
  registeredPeople: number;
}

export type SampleInputs = Omit<CountyTestInputs, 'poorPopulation' | 'ruralPopulation'>;

export interface SampleMeasures {
  /** the sample's inputs of the four tests (the caller adds poorPopulation and ruralPopulation) */
  inputs: SampleInputs;
  /** the in-register findings after disputes, for fakeExitFlags (findingId = the entry's id) */
  findings: SampledFinding[];
  /** counts for the report */
  entries: number;
  /** entries without a finding (they count nowhere) */
  unfound: number;
  /** findings whose failure an upheld dispute reversed */
  reversed: number;
  /** the villages whose unregistered population makes up the 漏评率 denominator, sorted */
  villages: string[];
}

/** A finding has been entered: foundAt is set (or, for rows built by hand, a verdict is). */
export function hasFinding(e: MeasuredEntry): boolean {
  if (e.foundAt !== undefined) return e.foundAt !== null;
  return e.kind === 'IN_REGISTER' ? e.meetsStandard != null : e.missed != null;
}

/** The stored comma-separated criteria (or a list) as known criteria, unknown names dropped. */
export function criteriaList(value: string | readonly string[] | null | undefined): Criterion[] {
  if (value == null) return [];
  const names = typeof value === 'string' ? value.split(',') : value;
  const known = new Set<string>(CRITERIA);
  return [...new Set(names.map((n) => n.trim()).filter((n) => known.has(n)))] as Criterion[];
}

/**
 * The measures of one county's sample. `villages`: the sampled villages' populations; every village
 * an entry names must be among them (a RangeError names the one missing), since the 漏评率
 * denominator is their unregistered population.
 */
export function sampleMeasures(entries: readonly MeasuredEntry[], villages: readonly MeasuredVillage[]): SampleMeasures {
  const villageById = new Map(villages.map((v) => [v.id, v]));
  for (const e of entries) {
    if (!villageById.has(e.villageId)) throw new RangeError(`sample entry ${e.id} is in village ${e.villageId}, whose population was not given`);
  }
  let sampledExited = 0;
  let wronglyExited = 0;
  let missed = 0;
  let surveyedHouseholds = 0;
  let approvingHouseholds = 0;
  let unfound = 0;
  let reversed = 0;
  const findings: SampledFinding[] = [];
  for (const e of entries) {
    if (!hasFinding(e)) {
      unfound++;
      continue;
    }
    const upheld = e.disputeStatus === 'UPHELD';
    if (e.approves != null) {
      surveyedHouseholds++;
      if (e.approves) approvingHouseholds++;
    }
    if (e.kind === 'IN_REGISTER') {
      const failed = e.meetsStandard === false;
      const meetsStandard = failed && upheld ? true : e.meetsStandard !== false;
      if (failed && upheld) reversed++;
      if (e.householdStatus === 'EXITED') {
        sampledExited++;
        if (!meetsStandard) wronglyExited++;
      }
      if (e.householdCode) {
        const criteria = meetsStandard ? [] : criteriaList(e.failedCriteria);
        findings.push({
          findingId: e.id,
          householdCode: e.householdCode,
          meetsStandard,
          ...(criteria.length ? { failedCriteria: criteria } : {}),
          ...(e.acknowledges != null ? { householdAcknowledges: e.acknowledges } : {}),
          ...(e.note ? { note: e.note } : {}),
        });
      }
    } else {
      const found = e.missed === true;
      if (found && upheld) reversed++;
      if (found && !upheld) {
        const people = e.missedPeople ?? 0;
        if (!Number.isInteger(people) || people < 0) throw new RangeError(`missedPeople of sample entry ${e.id} must be a whole number ≥ 0, got ${people}`);
        missed += people;
      }
    }
  }
  const sampledVillages = [...new Set(entries.map((e) => e.villageId))].sort();
  const unregisteredPopulation = sampledVillages.reduce((sum, id) => {
    const v = villageById.get(id)!;
    return sum + Math.max(0, v.ruralPopulation - v.registeredPeople);
  }, 0);
  return {
    inputs: { sampledExited, wronglyExited, unregisteredPopulation, missed, surveyedHouseholds, approvingHouseholds },
    findings: findings.sort((a, b) => (a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0)),
    entries: entries.length,
    unfound,
    reversed,
    villages: sampledVillages,
  };
}
