/**
 * Fake exits (假脱贫 / 被脱贫 / 数字脱贫): every exit claim is checked against the registry data
 * (income and the guarantees, departments' facts included) and against the third party's findings
 * on the sampled households; each contradiction is flagged with its evidence, and the discrepancy
 * rate is reported per county (it feeds the county assessment).
 */
import type { ExitVerificationConfig } from './config.ts';
import type { DepartmentFact } from './department-facts.ts';
import { assessHousehold, type Criterion, type CriterionCheck, type RegistryYearRecord } from './household.ts';
import type { Bilingual } from './rate-test.ts';

/** A household reported as exited (脱贫) in the year. */
export interface ExitClaim {
  householdCode: string;
  /** 6-digit county code */
  countyCode: string;
  year: number;
}

/** A third-party re-verification of one sampled household (第三方抽查核实), after any dispute is settled. */
export interface SampledFinding {
  findingId: string;
  householdCode: string;
  /** the evaluator found the household meets the year's standard */
  meetsStandard: boolean;
  /** what the evaluator found failing */
  failedCriteria?: Criterion[];
  /** false: the household does not acknowledge its exit (被脱贫); undefined: not asked */
  householdAcknowledges?: boolean;
  note?: string;
}

export type FakeExitKind =
  /** the registry / department data contradict the claim (数字脱贫) */
  | 'DATA_CONTRADICTION'
  /** no data supports the claim: the year's record or a counted flag is missing */
  | 'NO_SUPPORTING_DATA'
  /** the third party found the sampled household below the standard (假脱贫 / 错退) */
  | 'SAMPLE_CONTRADICTION'
  /** the household does not acknowledge the exit (被脱贫) */
  | 'NOT_ACKNOWLEDGED';

export const FAKE_EXIT_LABEL: Record<FakeExitKind, Bilingual> = {
  DATA_CONTRADICTION: { zh: '数据不支持退出（数字脱贫）', en: 'exit contradicted by the data' },
  NO_SUPPORTING_DATA: { zh: '缺少支持退出的数据', en: 'no data supports the exit' },
  SAMPLE_CONTRADICTION: { zh: '抽查核实未达标（假脱贫）', en: 'sampled household found below the standard' },
  NOT_ACKNOWLEDGED: { zh: '农户不认可脱贫（被脱贫）', en: 'household does not acknowledge the exit' },
};

export interface FakeExitFlag {
  householdCode: string;
  countyCode: string;
  year: number;
  kind: FakeExitKind;
  label: Bilingual;
  evidence: {
    /** the failed checks, each naming its source (data flags) */
    checks?: CriterionCheck[];
    /** the contradicting finding (sample flags) */
    finding?: SampledFinding;
  };
  message: Bilingual;
}

export interface RegistryData {
  /** the year's records (HouseholdYear) of the claimed households */
  records: readonly RegistryYearRecord[];
  /** the year's department facts */
  facts: readonly DepartmentFact[];
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * Flags every exit claim contradicted by the data or by a sampled finding. A claim can carry
 * several flags (data and sample). Duplicate claims of one household count once. Output sorted by
 * county, household, kind, finding id.
 */
export function fakeExitFlags(claims: readonly ExitClaim[], registry: RegistryData, findings: readonly SampledFinding[], config: ExitVerificationConfig): FakeExitFlag[] {
  const records = new Map(registry.records.filter((r) => r.year === config.year).map((r) => [r.householdCode, r]));
  const factsByHousehold = groupBy(registry.facts, (f) => f.householdCode);
  const findingsByHousehold = groupBy(findings, (f) => f.householdCode);
  const flags: FakeExitFlag[] = [];
  for (const claim of uniqueClaims(claims, config.year)) {
    const assessment = assessHousehold(claim.householdCode, records.get(claim.householdCode), factsByHousehold.get(claim.householdCode) ?? [], config);
    const failedChecks = assessment.checks.filter((c) => c.counted && !c.passed);
    if (failedChecks.length > 0) {
      // contradicted when a value says no; unsupported when the failures are only missing values
      const kind: FakeExitKind = failedChecks.some((c) => !c.missing) ? 'DATA_CONTRADICTION' : 'NO_SUPPORTING_DATA';
      flags.push({
        ...claim,
        kind,
        label: FAKE_EXIT_LABEL[kind],
        evidence: { checks: failedChecks },
        message: { zh: failedChecks.map((c) => c.reason.zh).join('；'), en: failedChecks.map((c) => c.reason.en).join('; ') },
      });
    }
    for (const finding of findingsByHousehold.get(claim.householdCode) ?? []) {
      if (!finding.meetsStandard) {
        const what = finding.failedCriteria?.length ? finding.failedCriteria.join(', ') : 'standard';
        flags.push({
          ...claim,
          kind: 'SAMPLE_CONTRADICTION',
          label: FAKE_EXIT_LABEL.SAMPLE_CONTRADICTION,
          evidence: { finding },
          message: { zh: `第三方核实 ${finding.findingId}：未达标（${what}）`, en: `third-party finding ${finding.findingId}: below the standard (${what})` },
        });
      }
      if (finding.householdAcknowledges === false) {
        flags.push({
          ...claim,
          kind: 'NOT_ACKNOWLEDGED',
          label: FAKE_EXIT_LABEL.NOT_ACKNOWLEDGED,
          evidence: { finding },
          message: { zh: `第三方核实 ${finding.findingId}：农户不认可脱贫`, en: `third-party finding ${finding.findingId}: the household does not acknowledge the exit` },
        });
      }
    }
  }
  return flags.sort(
    (a, b) =>
      cmp(a.countyCode, b.countyCode) || cmp(a.householdCode, b.householdCode) || cmp(a.kind, b.kind) || cmp(a.evidence.finding?.findingId ?? '', b.evidence.finding?.findingId ?? ''),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueClaims(claims: readonly ExitClaim[], year: number): ExitClaim[] {
  const seen = new Set<string>();
  const out: ExitClaim[] = [];
  for (const c of claims) {
    if (c.year !== year || seen.has(c.householdCode)) continue;
    seen.add(c.householdCode);
    out.push({ householdCode: c.householdCode, countyCode: c.countyCode, year: c.year });
  }
  return out;
}

export interface CountyDiscrepancy {
  countyCode: string;
  /** exit claims of the county in the year */
  claims: number;
  /** claims with at least one flag */
  flaggedClaims: number;
  /** flaggedClaims ÷ claims; null without claims */
  rate: number | null;
  /** claims whose household was sampled (has a finding) */
  sampledClaims: number;
  /** sampled claims with a sample flag (SAMPLE_CONTRADICTION or NOT_ACKNOWLEDGED) */
  sampledFlagged: number;
  /** sampledFlagged ÷ sampledClaims; null when none was sampled */
  sampledRate: number | null;
  /** flags per kind */
  byKind: Record<FakeExitKind, number>;
}

/**
 * The discrepancy rate per county (虚假脱贫比例), over all claims and over the sampled ones. A
 * county without claims (or without sampled claims) has a null rate: nothing was measured, and
 * this figure is reported, not a pass/fail test. Sorted by county code.
 */
export function discrepancyRates(input: {
  claims: readonly ExitClaim[];
  flags: readonly FakeExitFlag[];
  findings: readonly SampledFinding[];
  year: number;
  /** counties to report even when they have no claim (e.g. every county of the cycle) */
  counties?: readonly string[];
}): CountyDiscrepancy[] {
  const { flags, findings, year } = input;
  const sampled = new Set(findings.map((f) => f.householdCode));
  const flagsByHousehold = groupBy(flags, (f) => f.householdCode);
  const byCounty = groupBy(uniqueClaims(input.claims, year), (c) => c.countyCode);
  for (const county of input.counties ?? []) if (!byCounty.has(county)) byCounty.set(county, []);
  const out: CountyDiscrepancy[] = [];
  for (const [countyCode, countyClaims] of byCounty) {
    const byKind: Record<FakeExitKind, number> = { DATA_CONTRADICTION: 0, NO_SUPPORTING_DATA: 0, SAMPLE_CONTRADICTION: 0, NOT_ACKNOWLEDGED: 0 };
    let flaggedClaims = 0;
    let sampledClaims = 0;
    let sampledFlagged = 0;
    for (const claim of countyClaims) {
      const own = (flagsByHousehold.get(claim.householdCode) ?? []).filter((f) => f.year === year);
      for (const f of own) byKind[f.kind]++;
      if (own.length > 0) flaggedClaims++;
      if (sampled.has(claim.householdCode)) {
        sampledClaims++;
        if (own.some((f) => f.kind === 'SAMPLE_CONTRADICTION' || f.kind === 'NOT_ACKNOWLEDGED')) sampledFlagged++;
      }
    }
    out.push({
      countyCode,
      claims: countyClaims.length,
      flaggedClaims,
      rate: countyClaims.length === 0 ? null : flaggedClaims / countyClaims.length,
      sampledClaims,
      sampledFlagged,
      sampledRate: sampledClaims === 0 ? null : sampledFlagged / sampledClaims,
      byKind,
    });
  }
  return out.sort((a, b) => cmp(a.countyCode, b.countyCode));
}
