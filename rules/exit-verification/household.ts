/**
 * The household exit standard (贫困户退出标准): per-capita net income stably above the year's
 * national poverty line, and 两不愁三保障 — no worry about food (不愁吃) and clothing (不愁穿);
 * compulsory education (义务教育), basic medical care (基本医疗) and housing safety (住房安全)
 * guaranteed — plus safe drinking water (饮水安全) when the year's config counts it.
 *
 * The registry's yearly record (HouseholdYear) gives every flag; a department's fact for the same
 * household and year wins over the registry's flag, and every check names its source.
 */
import type { ExitVerificationConfig } from './config.ts';
import { DEPARTMENT_INFO, type DepartmentCriterion, type DepartmentFact, type Provenance } from './department-facts.ts';
import type { Bilingual } from './rate-test.ts';

export const CRITERIA = ['income', 'food', 'clothing', 'education', 'medical', 'housing', 'drinkingWater'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type FlagCriterion = Exclude<Criterion, 'income'>;

export const CRITERION_LABEL: Record<Criterion, Bilingual> = {
  income: { zh: '人均纯收入稳定超过国家扶贫标准', en: 'per-capita net income above the poverty line' },
  food: { zh: '不愁吃', en: 'no worry about food' },
  clothing: { zh: '不愁穿', en: 'no worry about clothing' },
  education: { zh: '义务教育有保障', en: 'compulsory education guaranteed' },
  medical: { zh: '基本医疗有保障', en: 'basic medical care guaranteed' },
  housing: { zh: '住房安全有保障', en: 'housing safety guaranteed' },
  drinkingWater: { zh: '饮水安全有保障', en: 'safe drinking water' },
};

/** The registry's yearly record of a household (HouseholdYear); null fields are missing data. */
export interface RegistryYearRecord {
  householdCode: string;
  year: number;
  /** per-capita net income, yuan (人均纯收入) */
  incomePerCapita: number | null;
  foodSecure: boolean | null;
  clothingSecure: boolean | null;
  educationSecured: boolean | null;
  medicalSecured: boolean | null;
  housingSafe: boolean | null;
  drinkingWaterSafe: boolean | null;
  /** HouseholdYear.source: REGISTRY, SELF_REPORTED, THIRD_PARTY or STATISTICS */
  source?: string | null;
}

const REGISTRY_FIELD: Record<FlagCriterion, keyof RegistryYearRecord> = {
  food: 'foodSecure',
  clothing: 'clothingSecure',
  education: 'educationSecured',
  medical: 'medicalSecured',
  housing: 'housingSafe',
  drinkingWater: 'drinkingWaterSafe',
};

export type FactSource =
  | { kind: 'registry'; year: number; recordSource: string | null }
  | { kind: 'department'; provenance: Provenance };

/**
 * How a flag was settled: the registry alone; a department confirming or overriding it; a
 * department alone (registry had no value); or missing everywhere.
 */
export type MergeEffect = 'registry' | 'confirmed' | 'overridden' | 'department' | 'missing';

export interface MergedFlag {
  value: boolean | null;
  /** the source of `value` (null when missing) */
  source: FactSource | null;
  effect: MergeEffect;
  registryValue: boolean | null;
  /** older department facts for the same flag, replaced by a later import */
  superseded: Provenance[];
}

export interface MergedFacts {
  householdCode: string;
  year: number;
  income: { value: number | null; source: FactSource | null };
  flags: Record<FlagCriterion, MergedFlag>;
}

/** Later import wins; equal times fall back to batch id then row, so the order of `facts` never matters. */
function newer(a: Provenance, b: Provenance): boolean {
  if (a.importedAt !== b.importedAt) return a.importedAt > b.importedAt;
  if (a.batchId !== b.batchId) return a.batchId > b.batchId;
  return a.row > b.row;
}

function validFlag(x: unknown): boolean | null {
  return typeof x === 'boolean' ? x : null;
}

/**
 * Merges a household's registry record with the departments' facts for the same household and
 * year (facts for others are ignored). A department fact wins over the registry's flag; two
 * department facts for the same flag: the later import wins, the other is listed as superseded.
 * Food, clothing and income come from the registry only.
 */
export function mergeHouseholdFacts(householdCode: string, year: number, record: RegistryYearRecord | null | undefined, facts: readonly DepartmentFact[]): MergedFacts {
  const own = record && record.householdCode === householdCode && record.year === year ? record : null;
  const registrySource: FactSource | null = own ? { kind: 'registry', year, recordSource: own.source ?? null } : null;
  const latest = new Map<DepartmentCriterion, DepartmentFact>();
  const superseded = new Map<DepartmentCriterion, Provenance[]>();
  for (const fact of facts) {
    if (fact.householdCode !== householdCode || fact.year !== year) continue;
    const current = latest.get(fact.criterion);
    if (!current) {
      latest.set(fact.criterion, fact);
      continue;
    }
    const factWins = newer(fact.provenance, current.provenance);
    if (factWins) latest.set(fact.criterion, fact);
    const loser = factWins ? current : fact;
    superseded.set(fact.criterion, [...(superseded.get(fact.criterion) ?? []), loser.provenance]);
  }

  const flags = {} as Record<FlagCriterion, MergedFlag>;
  for (const criterion of Object.keys(REGISTRY_FIELD) as FlagCriterion[]) {
    const registryValue = own ? validFlag(own[REGISTRY_FIELD[criterion]]) : null;
    const fact = criterion === 'food' || criterion === 'clothing' ? undefined : latest.get(criterion);
    const replaced = criterion === 'food' || criterion === 'clothing' ? [] : [...(superseded.get(criterion) ?? [])].sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0));
    if (fact) {
      const effect: MergeEffect = registryValue === null ? 'department' : registryValue === fact.value ? 'confirmed' : 'overridden';
      flags[criterion] = { value: fact.value, source: { kind: 'department', provenance: fact.provenance }, effect, registryValue, superseded: replaced };
    } else if (registryValue !== null) {
      flags[criterion] = { value: registryValue, source: registrySource, effect: 'registry', registryValue, superseded: [] };
    } else {
      flags[criterion] = { value: null, source: null, effect: 'missing', registryValue: null, superseded: [] };
    }
  }
  const income = own && typeof own.incomePerCapita === 'number' && Number.isFinite(own.incomePerCapita) ? own.incomePerCapita : null;
  return { householdCode, year, income: { value: income, source: income === null ? null : registrySource }, flags };
}

export interface CriterionCheck {
  criterion: Criterion;
  label: Bilingual;
  /** false for drinking water when the year's config does not count it: shown, never blocking */
  counted: boolean;
  passed: boolean;
  /** no value anywhere: the check fails (an exit needs evidence) */
  missing: boolean;
  value: number | boolean | null;
  source: FactSource | null;
  effect: MergeEffect;
  /** why it passed or failed, with the numbers and the source */
  reason: Bilingual;
}

export interface HouseholdAssessment {
  householdCode: string;
  year: number;
  /** every counted criterion passed */
  meetsStandard: boolean;
  checks: CriterionCheck[];
  /** counted criteria that failed (missing data included) */
  failed: Criterion[];
}

/** "registry 2019 (REGISTRY)" / "education department, batch b7, file edu.csv, row 12" */
export function describeSource(source: FactSource | null): Bilingual {
  if (!source) return { zh: '无数据', en: 'no data' };
  if (source.kind === 'registry') {
    const extra = source.recordSource ? ` (${source.recordSource})` : '';
    return { zh: `建档立卡系统 ${source.year} 年度记录${extra}`, en: `registry record of ${source.year}${extra}` };
  }
  const p = source.provenance;
  const name = DEPARTMENT_INFO[p.department].name;
  return { zh: `${name.zh}，批次 ${p.batchId}，文件 ${p.fileName} 第 ${p.row} 行`, en: `${name.en}, batch ${p.batchId}, file ${p.fileName}, row ${p.row}` };
}

function formatYuan(n: number): string {
  const [whole, fraction] = String(n).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}

/**
 * Assesses one household against the year's standard. Income must be strictly above the line
 * (稳定超过: income equal to the line is not above it). Missing data fails its criterion: an exit
 * needs evidence. Safe drinking water is checked only when `countSafeDrinkingWater` is set.
 */
export function assessHousehold(householdCode: string, record: RegistryYearRecord | null | undefined, facts: readonly DepartmentFact[], config: ExitVerificationConfig): HouseholdAssessment {
  const year = config.year;
  const merged = mergeHouseholdFacts(householdCode, year, record, facts);
  const line = config.household.povertyLine;
  const checks: CriterionCheck[] = [];

  const income = merged.income.value;
  const incomeSource = describeSource(merged.income.source);
  checks.push({
    criterion: 'income',
    label: CRITERION_LABEL.income,
    counted: true,
    passed: income !== null && income > line,
    missing: income === null,
    value: income,
    source: merged.income.source,
    effect: income === null ? 'missing' : 'registry',
    reason:
      income === null
        ? { zh: `${year} 年人均纯收入无数据`, en: `no per-capita income recorded for ${year}` }
        : income > line
          ? { zh: `人均纯收入 ${formatYuan(income)} 元，高于标准 ${formatYuan(line)} 元（${incomeSource.zh}）`, en: `income ${formatYuan(income)} yuan is above the line ${formatYuan(line)} (${incomeSource.en})` }
          : { zh: `人均纯收入 ${formatYuan(income)} 元，未超过标准 ${formatYuan(line)} 元（${incomeSource.zh}）`, en: `income ${formatYuan(income)} yuan is not above the line ${formatYuan(line)} (${incomeSource.en})` },
  });

  for (const criterion of ['food', 'clothing', 'education', 'medical', 'housing', 'drinkingWater'] as const) {
    const flag = merged.flags[criterion];
    const counted = criterion !== 'drinkingWater' || config.household.countSafeDrinkingWater;
    const label = CRITERION_LABEL[criterion];
    const where = describeSource(flag.source);
    const effectNote =
      flag.effect === 'overridden'
        ? { zh: `，覆盖建档立卡记录（${flag.registryValue ? '是' : '否'}）`, en: `, overriding the registry (${flag.registryValue ? 'yes' : 'no'})` }
        : flag.effect === 'confirmed'
          ? { zh: '，与建档立卡记录一致', en: ', confirming the registry' }
          : { zh: '', en: '' };
    checks.push({
      criterion,
      label,
      counted,
      passed: flag.value === true,
      missing: flag.value === null,
      value: flag.value,
      source: flag.source,
      effect: flag.effect,
      reason:
        flag.value === null
          ? { zh: `${label.zh}：无数据`, en: `${label.en}: no data` }
          : { zh: `${label.zh}：${flag.value ? '是' : '否'}（${where.zh}${effectNote.zh}）`, en: `${label.en}: ${flag.value ? 'yes' : 'no'} (${where.en}${effectNote.en})` },
    });
  }
  const failed = checks.filter((c) => c.counted && !c.passed).map((c) => c.criterion);
  return { householdCode, year, meetsStandard: failed.length === 0, checks, failed };
}

export type DeregistrationVerdict =
  | { allowed: true; assessment: HouseholdAssessment }
  | {
      allowed: false;
      /** DomainError.NOT_ELIGIBLE (rules/domain-errors.ts): non-retryable, HTTP 422 */
      code: 'NOT_ELIGIBLE';
      /** the failed criteria; empty when the household is not registered-poor */
      failed: Criterion[];
      message: Bilingual;
      assessment: HouseholdAssessment | null;
    };

/**
 * The guard at deregistration (销号) time: a household that fails the standard is never exited,
 * whatever was approved, and the refusal says which criterion failed and from which source. Call
 * it with current data at the moment of writing the exit, not with what the approvers saw.
 */
export function deregistrationGuard(
  household: { code: string; status: string },
  record: RegistryYearRecord | null | undefined,
  facts: readonly DepartmentFact[],
  config: ExitVerificationConfig,
): DeregistrationVerdict {
  if (household.status !== 'POOR') {
    return {
      allowed: false,
      code: 'NOT_ELIGIBLE',
      failed: [],
      message: { zh: `户 ${household.code} 状态为 ${household.status}，不是在册贫困户，不能销号`, en: `household ${household.code} is ${household.status}, not registered-poor: cannot deregister` },
      assessment: null,
    };
  }
  const assessment = assessHousehold(household.code, record, facts, config);
  if (assessment.meetsStandard) return { allowed: true, assessment };
  const reasons = assessment.checks.filter((c) => c.counted && !c.passed);
  return {
    allowed: false,
    code: 'NOT_ELIGIBLE',
    failed: assessment.failed,
    message: {
      zh: `户 ${household.code} 未达到 ${assessment.year} 年退出标准，不能销号：${reasons.map((c) => c.reason.zh).join('；')}`,
      en: `household ${household.code} does not meet the ${assessment.year} exit standard and cannot be deregistered: ${reasons.map((c) => c.reason.en).join('; ')}`,
    },
    assessment,
  };
}

export interface CandidateEntry {
  householdCode: string;
  /** Household.status: POOR or EXITED */
  status: string;
  record: RegistryYearRecord | null | undefined;
  facts: readonly DepartmentFact[];
}

export interface CandidateResult {
  householdCode: string;
  /** proposed for exit this year */
  candidate: boolean;
  reason: Bilingual;
  assessment: HouseholdAssessment | null;
}

/**
 * Exit candidates (拟退出户) of a village or batch: registered-poor households that meet the year's
 * standard are in; every other household is out, with its reason (already exited, or the failed
 * criteria and their sources). Output in the input's order.
 */
export function exitCandidates(entries: readonly CandidateEntry[], config: ExitVerificationConfig): CandidateResult[] {
  return entries.map((entry) => {
    if (entry.status !== 'POOR') {
      return { householdCode: entry.householdCode, candidate: false, reason: { zh: `状态为 ${entry.status}，不在贫困户名单`, en: `status ${entry.status}: not registered-poor` }, assessment: null };
    }
    const assessment = assessHousehold(entry.householdCode, entry.record, entry.facts, config);
    const failed = assessment.checks.filter((c) => c.counted && !c.passed);
    const reason = assessment.meetsStandard
      ? { zh: `达到 ${config.year} 年退出标准`, en: `meets the ${config.year} exit standard` }
      : { zh: failed.map((c) => c.reason.zh).join('；'), en: failed.map((c) => c.reason.en).join('; ') };
    return { householdCode: entry.householdCode, candidate: assessment.meetsStandard, reason, assessment };
  });
}
