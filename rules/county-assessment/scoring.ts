/**
 * Scoring one county's indicator values (计分) and ranking the counties (排名), each point traceable
 * to its value, the value's source and the formula with its inputs. Pure: the activities read the
 * values and the registry; this turns them into a ranking.
 */
import type { ValueSource } from '../enums.ts';
import { INDICATOR_GROUPS, INDICATOR_UNITS, TOTAL_POINTS, type CountyAssessmentConfig, type Indicator, type IndicatorGroup } from './config.ts';

/** A value as recorded (IndicatorValue): the number, where it came from and a reference to find it. */
export interface RecordedValue {
  value: number;
  source: ValueSource;
  /** file name, survey id, query… */
  sourceRef?: string | null;
}

/** A county as the ranking needs it. */
export interface CountyInput {
  regionId: string;
  name: string;
  /** has a paired-assistance partner (对口帮扶, the Pairing table) */
  paired: boolean;
  values: Readonly<Record<string, RecordedValue | undefined>>;
  /** submitted after the due date (迟报): the config's late penalty is taken off */
  late: boolean;
}

export interface Formula {
  zh: string;
  en: string;
}

/** One indicator of one county: how its points were reached. */
export interface ScoreLine {
  code: string;
  group: IndicatorGroup;
  weight: number;
  /** false: the indicator does not apply to this county (left out of its total) */
  applicable: boolean;
  /** applicable but no value recorded: 0 points */
  missing: boolean;
  value: number | null;
  source: ValueSource | null;
  sourceRef: string | null;
  /** share of the weight awarded, 0..1 */
  fraction: number;
  points: number;
  formula: Formula;
}

/** Lowest and highest value among the counties, for `relative` scoring. */
export interface PeerRange {
  min: number;
  max: number;
  counties: number;
}

/** Round for display and comparison: 4 decimals (points of 100 never need more). */
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const show = (x: number) => String(round4(x));
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function appliesTo(indicator: Indicator, county: Pick<CountyInput, 'regionId' | 'paired'>): boolean {
  const a = indicator.appliesTo;
  if (a.kind === 'all') return true;
  if (a.kind === 'paired') return county.paired;
  return a.codes.includes(county.regionId);
}

/** Whether a value can be recorded for the indicator; null if it can, else why not. */
export function checkIndicatorValue(indicator: Indicator, value: unknown): string | null {
  const { min, max } = INDICATOR_UNITS[indicator.unit];
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${indicator.code}: must be a number`;
  if (value < min || value > max) return `${indicator.code}: must be a ${indicator.unit} from ${min} to ${max}${indicator.unit === 'rate' ? ' (70% is 0.7)' : ''}, not ${value}`;
  return null;
}

/**
 * Share of the weight (0..1) a value earns, with the formula written out with its inputs.
 * `peers` is needed for `relative` scoring only.
 */
export function scoreFraction(indicator: Indicator, value: number, peers?: PeerRange): { fraction: number; formula: Formula } {
  const w = show(indicator.weight);
  const higher = indicator.direction === 'HIGHER_IS_BETTER';
  const s = indicator.scoring;
  if (s.kind === 'threshold') {
    const met = higher ? value >= s.target : value <= s.target;
    const op = higher ? '≥' : '≤';
    return {
      fraction: met ? 1 : 0,
      formula: {
        zh: `${show(value)} ${met ? '' : '未'}达到标准 ${op} ${show(s.target)}：得 ${met ? w : 0} 分`,
        en: `${show(value)} ${met ? 'meets' : 'misses'} the target ${op} ${show(s.target)}: ${met ? w : 0} points`,
      },
    };
  }
  if (s.kind === 'linear') {
    const fraction = clamp01((value - s.worst) / (s.best - s.worst));
    const expr = `${w} × (${show(value)} − ${show(s.worst)}) ÷ (${show(s.best)} − ${show(s.worst)})`;
    const clamped = (value - s.worst) / (s.best - s.worst) !== fraction;
    return {
      fraction,
      formula: {
        zh: `${expr}${clamped ? `，限于 0 至 ${w}` : ''} = ${show(fraction * indicator.weight)} 分`,
        en: `${expr}${clamped ? `, kept within 0..${w}` : ''} = ${show(fraction * indicator.weight)} points`,
      },
    };
  }
  if (!peers) throw new Error(`${indicator.code} is scored relative to the other counties: give their range`);
  if (peers.max === peers.min) {
    return {
      fraction: 1,
      formula: { zh: `${peers.counties} 个县数值相同（${show(value)}）：得 ${w} 分`, en: `all ${peers.counties} counties have the same value (${show(value)}): ${w} points` },
    };
  }
  const [from, to] = higher ? [peers.min, peers.max] : [peers.max, peers.min];
  const fraction = clamp01((value - from) / (to - from));
  const expr = `${w} × (${show(value)} − ${show(from)}) ÷ (${show(to)} − ${show(from)})`;
  return {
    fraction,
    formula: {
      zh: `${expr} = ${show(fraction * indicator.weight)} 分（${peers.counties} 个县中${higher ? '最低' : '最高'} ${show(from)}、${higher ? '最高' : '最低'} ${show(to)}）`,
      en: `${expr} = ${show(fraction * indicator.weight)} points (among ${peers.counties} counties, worst ${show(from)}, best ${show(to)})`,
    },
  };
}

/** The range of each `relative` indicator's values among the counties it applies to. */
export function peerRanges(config: CountyAssessmentConfig, counties: readonly CountyInput[]): Map<string, PeerRange> {
  const ranges = new Map<string, PeerRange>();
  for (const ind of config.indicators) {
    if (ind.scoring.kind !== 'relative') continue;
    const values = counties.filter((c) => appliesTo(ind, c)).flatMap((c) => (c.values[ind.code] ? [c.values[ind.code]!.value] : []));
    if (values.length > 0) ranges.set(ind.code, { min: Math.min(...values), max: Math.max(...values), counties: values.length });
  }
  return ranges;
}

export function scoreLine(indicator: Indicator, county: CountyInput, peers: ReadonlyMap<string, PeerRange>): ScoreLine {
  const base = { code: indicator.code, group: indicator.group, weight: indicator.weight };
  if (!appliesTo(indicator, county)) {
    return { ...base, applicable: false, missing: false, value: null, source: null, sourceRef: null, fraction: 0, points: 0, formula: { zh: '不适用于本县，不计入总分', en: 'does not apply to this county; left out of its total' } };
  }
  const recorded = county.values[indicator.code];
  if (!recorded) {
    return { ...base, applicable: true, missing: true, value: null, source: null, sourceRef: null, fraction: 0, points: 0, formula: { zh: '无数据：得 0 分', en: 'no value recorded: 0 points' } };
  }
  const { fraction, formula } = scoreFraction(indicator, recorded.value, peers.get(indicator.code));
  return { ...base, applicable: true, missing: false, value: recorded.value, source: recorded.source, sourceRef: recorded.sourceRef ?? null, fraction, points: round4(fraction * indicator.weight), formula };
}

export interface GroupScore {
  group: IndicatorGroup;
  points: number;
  /** the weights of the group's indicators that apply to the county */
  max: number;
}

/** One county's place in the ranking, with everything that led to it. */
export interface RankingEntry {
  regionId: string;
  name: string;
  rank: number;
  /** points of 100 after scaling and the late penalty: what the ranking orders by */
  total: number;
  /** points earned before scaling */
  earned: number;
  /** the weights that apply to the county (100 unless an indicator does not apply) */
  applicableWeight: number;
  /** points taken off for a late submission */
  penalty: number;
  late: boolean;
  /** applicable indicators with no value */
  missing: string[];
  groups: GroupScore[];
  lines: ScoreLine[];
  formula: Formula;
}

/**
 * Scores every county and ranks them: total = earned × 100 ÷ applicable weight − late penalty
 * (never below 0). Ranks are shared by equal totals (to 4 decimals) and the next rank skips
 * (1, 2, 2, 4); equal totals are listed by division code.
 */
export function rankCounties(config: CountyAssessmentConfig, counties: readonly CountyInput[]): RankingEntry[] {
  const peers = peerRanges(config, counties);
  const scored = counties.map((county) => {
    const lines = config.indicators.map((ind) => scoreLine(ind, county, peers));
    const earned = round4(lines.reduce((n, l) => n + l.points, 0));
    const applicableWeight = round4(lines.filter((l) => l.applicable).reduce((n, l) => n + l.weight, 0));
    const scaled = applicableWeight > 0 ? (earned * TOTAL_POINTS) / applicableWeight : 0;
    const penalty = county.late ? config.submission.latePenalty : 0;
    const total = round4(Math.max(0, scaled - penalty));
    const groups = INDICATOR_GROUPS.map((group) => {
      const mine = lines.filter((l) => l.group === group && l.applicable);
      return { group, points: round4(mine.reduce((n, l) => n + l.points, 0)), max: round4(mine.reduce((n, l) => n + l.weight, 0)) };
    }).filter((g) => g.max > 0);
    const scaling = applicableWeight === TOTAL_POINTS ? '' : ` × ${TOTAL_POINTS} ÷ ${show(applicableWeight)}`;
    const formula: Formula = {
      zh: `${show(earned)}${scaling}${penalty ? ` − ${show(penalty)}（迟报扣分）` : ''} = ${show(total)}`,
      en: `${show(earned)}${scaling}${penalty ? ` − ${show(penalty)} (late submission)` : ''} = ${show(total)}`,
    };
    return { regionId: county.regionId, name: county.name, total, earned, applicableWeight, penalty, late: county.late, missing: lines.filter((l) => l.missing).map((l) => l.code), groups, lines, formula };
  });
  scored.sort((a, b) => b.total - a.total || (a.regionId < b.regionId ? -1 : a.regionId > b.regionId ? 1 : 0));
  const entries: RankingEntry[] = [];
  scored.forEach((s, i) => {
    const rank = i > 0 && s.total === scored[i - 1]!.total ? entries[i - 1]!.rank : i + 1;
    entries.push({ ...s, rank });
  });
  return entries;
}
