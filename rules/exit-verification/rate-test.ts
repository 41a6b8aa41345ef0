/**
 * One rate compared with a threshold, shown with its formula and inputs (zh + en), so a reviewer
 * sees how every exit number was computed. Used by village incidence and the county's 三率一度.
 *
 * Comparisons are exact: IEEE division is correctly rounded, so when a ÷ b equals a threshold
 * written in decimal (3 ÷ 150 and 0.02), both round to the same double and compare equal; a
 * boundary is never passed or failed by a floating-point accident.
 */
export type Comparison = '<' | '≥';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface RateInput {
  /** field name in the inputs (e.g. `poorPopulation`) */
  key: string;
  label: Bilingual;
  value: number;
}

export interface RateTest {
  key: string;
  name: Bilingual;
  /** null when the denominator is zero (the rate was not measured) */
  value: number | null;
  threshold: number;
  comparison: Comparison;
  pass: boolean;
  /** `NO_DATA`: zero denominator, the test cannot pass (see countyTests for why) */
  reason: 'NO_DATA' | null;
  /** symbolic formula, then the numbers, then the verdict */
  formula: Bilingual;
  inputs: { numerator: RateInput; denominator: RateInput };
}

export interface RateSpec {
  key: string;
  name: Bilingual;
  numerator: { key: string; label: Bilingual };
  denominator: { key: string; label: Bilingual };
  comparison: Comparison;
}

/** Throws a RangeError naming the field unless `value` is a whole number ≥ 0. */
export function assertCount(field: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a whole number ≥ 0, got ${String(value)}`);
  }
}

/** A percentage with two decimals, or more when two decimals would hide the difference from `against`. */
export function formatPercent(value: number, against?: number): string {
  let digits = 2;
  const shown = (x: number, d: number) => (x * 100).toFixed(d);
  if (against !== undefined && value !== against) {
    while (digits < 8 && shown(value, digits) === shown(against, digits)) digits++;
  }
  return `${shown(value, digits)}%`;
}

/** 12,345 */
export function formatCount(n: number): string {
  // no Intl: the same text in every runtime (workflow sandbox included)
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function rateTest(spec: RateSpec, numerator: number, denominator: number, threshold: number): RateTest {
  assertCount(spec.numerator.key, numerator);
  assertCount(spec.denominator.key, denominator);
  if (numerator > denominator) {
    throw new RangeError(`${spec.numerator.key} (${numerator}) cannot exceed ${spec.denominator.key} (${denominator})`);
  }
  const value = denominator === 0 ? null : numerator / denominator;
  const pass = value !== null && (spec.comparison === '<' ? value < threshold : value >= threshold);
  const limit = formatPercent(threshold);
  const head = {
    zh: `${spec.name.zh} = ${spec.numerator.label.zh} ÷ ${spec.denominator.label.zh}`,
    en: `${spec.name.en} = ${spec.numerator.label.en} ÷ ${spec.denominator.label.en}`,
  };
  const rule = {
    zh: spec.comparison === '<' ? `须低于 ${limit}` : `须不低于 ${limit}`,
    en: spec.comparison === '<' ? `must be below ${limit}` : `must be at least ${limit}`,
  };
  const numbers = `${formatCount(numerator)} ÷ ${formatCount(denominator)}`;
  const formula =
    value === null
      ? {
          zh: `${head.zh} = ${numbers}：分母为 0，未测得，不能通过（${rule.zh}）`,
          en: `${head.en} = ${numbers}: zero denominator, not measured, cannot pass (${rule.en})`,
        }
      : {
          zh: `${head.zh} = ${numbers} = ${formatPercent(value, threshold)}，${rule.zh}：${pass ? '通过' : '未通过'}`,
          en: `${head.en} = ${numbers} = ${formatPercent(value, threshold)}, ${rule.en}: ${pass ? 'pass' : 'fail'}`,
        };
  return {
    key: spec.key,
    name: spec.name,
    value,
    threshold,
    comparison: spec.comparison,
    pass,
    reason: value === null ? 'NO_DATA' : null,
    formula,
    inputs: {
      numerator: { key: spec.numerator.key, label: spec.numerator.label, value: numerator },
      denominator: { key: spec.denominator.key, label: spec.denominator.label, value: denominator },
    },
  };
}
