/**
 * Poverty incidence (贫困发生率) and the exit tests of villages (贫困村出列) and counties
 * (贫困县摘帽), with the threshold chosen per region.
 */
import type { ExitLevel, ExitVerificationConfig } from './config.ts';
import { formatCount, rateTest, type RateSpec, type RateTest } from './rate-test.ts';

/** A region as the exit rules need it (Region row: code, isWestern). */
export interface RegionRef {
  code: string;
  /** western area (西部地区): the western threshold applies */
  isWestern: boolean;
}

export interface Threshold {
  value: number;
  /** where the value comes from: an override by code prefix, the western value or the default */
  source: 'override' | 'western' | 'default';
  /** the matching override's prefix and note */
  prefix?: string;
  note?: string;
}

/**
 * The incidence threshold of a village or county: the override with the longest prefix of the
 * region's code that sets this level wins; otherwise the western value for a western region;
 * otherwise the default.
 */
export function incidenceThreshold(level: ExitLevel, region: RegionRef, config: ExitVerificationConfig): Threshold {
  let best: ExitVerificationConfig['incidence']['regionOverrides'][number] | undefined;
  for (const o of config.incidence.regionOverrides) {
    if (o[level] !== undefined && region.code.startsWith(o.prefix) && (!best || o.prefix.length > best.prefix.length)) best = o;
  }
  if (best) return { value: best[level] as number, source: 'override', prefix: best.prefix, ...(best.note ? { note: best.note } : {}) };
  const levelThresholds = config.incidence[level];
  return region.isWestern ? { value: levelThresholds.western, source: 'western' } : { value: levelThresholds.default, source: 'default' };
}

export const INCIDENCE_SPEC: RateSpec = {
  key: 'incidence',
  name: { zh: '贫困发生率', en: 'poverty incidence' },
  numerator: { key: 'poorPopulation', label: { zh: '未脱贫人口', en: 'remaining poor population' } },
  denominator: { key: 'ruralPopulation', label: { zh: '农村户籍人口', en: 'rural population' } },
  comparison: '<',
};

export interface PopulationCounts {
  /** registered poor people not yet exited (未脱贫建档立卡人口) */
  poorPopulation: number;
  /** rural registered population (农业户籍人口) */
  ruralPopulation: number;
}

export interface IncidenceValue {
  /** null when the rural population is 0 */
  value: number | null;
  formula: { zh: string; en: string };
  inputs: PopulationCounts;
}

/** Poverty incidence = remaining poor population ÷ rural population, with its formula for display. */
export function villageIncidence(counts: PopulationCounts): IncidenceValue {
  // threshold 1 only to reuse the arithmetic and display; the verdict is dropped here
  const t = rateTest(INCIDENCE_SPEC, counts.poorPopulation, counts.ruralPopulation, 1);
  const numbers = `${formatCount(t.inputs.numerator.value)} ÷ ${formatCount(t.inputs.denominator.value)}`;
  const shown = t.value === null ? { zh: '分母为 0，无法计算', en: 'zero denominator, not computable' } : { zh: formatShort(t.value), en: formatShort(t.value) };
  return {
    value: t.value,
    formula: {
      zh: `贫困发生率 = 未脱贫人口 ÷ 农村户籍人口 = ${numbers} = ${shown.zh}`,
      en: `poverty incidence = remaining poor population ÷ rural population = ${numbers} = ${shown.en}`,
    },
    inputs: { poorPopulation: counts.poorPopulation, ruralPopulation: counts.ruralPopulation },
  };
}

function formatShort(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

export interface ExitTestResult {
  mayExit: boolean;
  test: RateTest;
  threshold: Threshold;
}

/**
 * A poor village may exit (出列) when its incidence is strictly below its threshold (2%, 3% in
 * western areas, or a region override). Exactly at the threshold is not below it: no exit. A
 * village with no rural population recorded cannot show its incidence and does not exit.
 * Infrastructure, public services, industry and collective income are judged by the township and
 * county reviewers in their steps, not here.
 */
export function villageMayExit(village: RegionRef & PopulationCounts, config: ExitVerificationConfig): ExitTestResult {
  const threshold = incidenceThreshold('village', village, config);
  const test = rateTest(INCIDENCE_SPEC, village.poorPopulation, village.ruralPopulation, threshold.value);
  return { mayExit: test.pass, test, threshold };
}
