/**
 * The indicators the system computes from its own registry (source REGISTRY, COMPUTED_INDICATORS),
 * from counts the activity reads (activities/county-assessment.ts). Pure: each value comes with the
 * formula and the counts behind it, so a ranking's number can be traced back to the register.
 */
import type { ComputedIndicator } from './config.ts';
import type { Formula } from './scoring.ts';

/** What the register says about one county in the assessment year. */
export interface RegistryCounts {
  countyId: string;
  year: number;
  /** households registered poor at the start of the year: registered before it, not exited before it */
  poorAtStart: number;
  /** households deregistered in the year (EXITED ledger entries of the year) */
  exitedInYear: number;
  /** the province's plan for the county (annualPlan); null when the county has none */
  plannedExits: number | null;
  /** poor villages not exited before the year (贫困村) */
  poorVillages: number;
  /** of them, villages with a stationed team (驻村工作队) serving in the year */
  poorVillagesWithTeam: number;
  /** households registered poor at some time in the year */
  poorHouseholds: number;
  /** of them, households with a responsible cadre (帮扶责任人) serving in the year */
  poorHouseholdsWithResponsible: number;
}

export interface ComputedValue {
  code: ComputedIndicator;
  /** null: cannot be computed (the formula says why); the indicator then has no value */
  value: number | null;
  formula: Formula;
  /** the counts used, by name */
  inputs: Record<string, number | null>;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function share(code: ComputedIndicator, part: number, whole: number, names: { part: string; whole: string; zh: [string, string] }, emptyIsFull: boolean): ComputedValue {
  const inputs = { [names.part]: part, [names.whole]: whole };
  if (whole === 0) {
    return emptyIsFull
      ? { code, value: 1, inputs, formula: { zh: `无${names.zh[1]}，视为全覆盖：1`, en: `no ${names.whole}: nothing to cover, 1` } }
      : { code, value: null, inputs, formula: { zh: `${names.zh[1]}为 0，无法计算`, en: `${names.whole} is 0: cannot be computed` } };
  }
  const raw = r6(part / whole);
  // a rate cannot pass 1: more exits than households at the start (households registered and
  // deregistered within the year) count as all of them
  const value = code === 'TASK_COMPLETION' ? raw : Math.min(1, raw);
  const capped = value !== raw ? { zh: '，上限为 1', en: ', capped at 1' } : { zh: '', en: '' };
  return { code, value, inputs, formula: { zh: `${names.zh[0]} ${part} ÷ ${names.zh[1]} ${whole} = ${raw}${capped.zh}`, en: `${names.part} ${part} ÷ ${names.whole} ${whole} = ${raw}${capped.en}` } };
}

/** The four computed indicators of one county. */
export function computeRegistryIndicators(c: RegistryCounts): ComputedValue[] {
  const plan: ComputedValue =
    c.plannedExits === null
      ? { code: 'TASK_COMPLETION', value: null, inputs: { exitedInYear: c.exitedInYear, plannedExits: null }, formula: { zh: '本县无年度减贫计划，无法计算', en: 'the county has no annual reduction plan: cannot be computed' } }
      : c.plannedExits === 0
        ? { code: 'TASK_COMPLETION', value: 1, inputs: { exitedInYear: c.exitedInYear, plannedExits: 0 }, formula: { zh: `年度计划减贫 0 户：视为完成，1`, en: 'a plan of 0 households: fulfilled, 1' } }
        : share('TASK_COMPLETION', c.exitedInYear, c.plannedExits, { part: 'exitedInYear', whole: 'plannedExits', zh: ['当年脱贫销号户数', '年度计划减贫户数'] }, false);
  return [
    share('REDUCTION_RATE', c.exitedInYear, c.poorAtStart, { part: 'exitedInYear', whole: 'poorAtStart', zh: ['当年脱贫销号户数', '年初建档立卡贫困户数'] }, false),
    plan,
    share('TEAM_COVERAGE', c.poorVillagesWithTeam, c.poorVillages, { part: 'poorVillagesWithTeam', whole: 'poorVillages', zh: ['有驻村工作队的贫困村数', '贫困村数'] }, true),
    share('RESPONSIBLE_PERSON_COVERAGE', c.poorHouseholdsWithResponsible, c.poorHouseholds, { part: 'poorHouseholdsWithResponsible', whole: 'poorHouseholds', zh: ['有帮扶责任人的贫困户数', '贫困户数'] }, true),
  ];
}
