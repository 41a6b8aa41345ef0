/**
 * Names of the county assessment cycle (贫困县扶贫开发工作成效考核): its type, its workflow id, its
 * stages, and the entry forms its steps show, built from the year's framework. Pure.
 */
import type { ValueSource } from '../enums.ts';
import type { FormField, FormPayload, FormSchema } from '../forms.ts';
import { INDICATOR_UNITS, type CountyAssessmentConfig, type Indicator } from './config.ts';
import { appliesTo } from './scoring.ts';

export const COUNTY_ASSESSMENT = 'COUNTY_ASSESSMENT';

/** One cycle per year and region (a province or a city). */
export function assessmentWorkflowId(year: number, regionId: string): string {
  return `county-assessment:${year}:${regionId}`;
}

export const ASSESSMENT_STAGES = [
  'LAUNCHED',
  'COLLECTION', // 数据报送与录入: counties, the third party and the office enter values
  'SCORING', // 计分排名
  'REVIEW', // 考核办审核
  'APPROVAL', // 审批
  'NOTICE', // 排名公示
  'OBJECTIONS', // 异议核实
  'PUBLISHED', // 正式公布, results applied
  'COMPLETED',
  'CANCELLED',
] as const;
export type AssessmentStage = (typeof ASSESSMENT_STAGES)[number];

/** Who enters which values: each entered source is one step per county. */
export const ENTRY_SOURCES = ['SELF_REPORTED', 'THIRD_PARTY', 'STATISTICS'] as const satisfies readonly ValueSource[];
export type EntrySource = (typeof ENTRY_SOURCES)[number];

/** A county as the cycle assesses it. */
export interface AssessedCounty {
  regionId: string;
  name: string;
  paired: boolean;
}

/** The indicators a county's entry step of `source` asks for (those of that source that apply to it). */
export function entryIndicators(config: CountyAssessmentConfig, county: Pick<AssessedCounty, 'regionId' | 'paired'>, source: EntrySource): Indicator[] {
  return config.indicators.filter((i) => i.source === source && appliesTo(i, county));
}

/** The form of an entry step: one number per indicator, bounded by its unit, plus where the numbers come from. */
export function entryForm(indicators: readonly Indicator[]): FormSchema {
  const fields: FormField[] = indicators.map((i) => {
    const { min, max } = INDICATOR_UNITS[i.unit];
    const unit = i.unit === 'score' ? { zh: '分', en: 'points' } : i.unit === 'rate' ? { zh: '比例，70% 填 0.7', en: 'share: 70% is 0.7' } : { zh: '比值，120% 填 1.2', en: 'ratio: 120% is 1.2' };
    return { name: i.code, type: 'number', required: true, requiredFor: ['APPROVE'], min, max, label: { zh: i.name.zh, en: i.name.en }, unit };
  });
  fields.push({ name: 'sourceRef', type: 'text', required: true, requiredFor: ['APPROVE'], min: 2, max: 300, label: { zh: '数据来源（文件、调查或统计口径）', en: 'Where the numbers come from (file, survey, statistics)' } });
  return fields;
}

/** The values a submitted entry form carries, by indicator code. */
export function entryValues(indicators: readonly Indicator[], payload: FormPayload | undefined): { values: Record<string, number>; sourceRef: string } {
  const values: Record<string, number> = {};
  for (const i of indicators) {
    const v = payload?.[i.code];
    if (typeof v === 'number') values[i.code] = v;
  }
  return { values, sourceRef: typeof payload?.sourceRef === 'string' ? payload.sourceRef : '' };
}
