/**
 * Applying a published ranking (考核结果运用, seed item 26): counties ranked near the top are
 * rewarded; a county that missed an annual target (未完成年度脱贫攻坚任务) has its principal leaders
 * interviewed (约谈) with a deadline to rectify, and its team and people cannot be rated excellent
 * (不能评先评优); serious violations (here: fake exits found by the year's exit verification, at or
 * above the config's count) open an accountability case (责任追究). Pure.
 */
import type { TimeUnit } from '../config-kit.ts';
import type { AnnualTarget, CountyAssessmentConfig } from './config.ts';
import type { Formula, RankingEntry } from './scoring.ts';

const UNIT_WORDS: Record<TimeUnit, { zh: string; en: string }> = { day: { zh: '天', en: 'days' }, minute: { zh: '分钟', en: 'minutes' }, second: { zh: '秒', en: 'seconds' } };

/** One annual target, judged for one county. */
export interface TargetCheck {
  indicator: string;
  label: { zh: string; en: string };
  /** the county's value; null when none was recorded */
  value: number | null;
  met: boolean;
  formula: Formula;
}

/** What the year's ranking means for one county. */
export interface CountyResult {
  regionId: string;
  name: string;
  rank: number;
  total: number;
  targets: TargetCheck[];
  missedTarget: boolean;
  /** 奖励: ranked within `rewardTop` and no target missed and no accountability case */
  reward: boolean;
  /** 不能评先评优: a target was missed */
  excellenceBlocked: boolean;
  /** 约谈: a target was missed */
  interview: boolean;
  /** 责任追究: fake-exit flags at or above the config's count */
  accountability: boolean;
  fakeExitFlags: number;
  /** each consequence and why (zh, en) */
  reasons: Formula[];
}

/**
 * Judges one target against an entry. A target on an indicator that does not apply to the county
 * is not judged; one with no value recorded counts as missed (a county proves it met its target).
 */
export function checkTarget(target: AnnualTarget, entry: Pick<RankingEntry, 'lines'>): TargetCheck | null {
  const line = entry.lines.find((l) => l.code === target.indicator);
  if (!line || !line.applicable) return null;
  const [op, bound, ok] = target.atLeast !== undefined ? (['≥', target.atLeast, (v: number) => v >= target.atLeast!] as const) : (['≤', target.atMost!, (v: number) => v <= target.atMost!] as const);
  if (line.value === null) {
    return { indicator: target.indicator, label: target.label, value: null, met: false, formula: { zh: `${target.label.zh}：无数据，视为未完成（须 ${op} ${bound}）`, en: `${target.label.en}: no value recorded, counted as missed (needs ${op} ${bound})` } };
  }
  const met = ok(line.value);
  return {
    indicator: target.indicator,
    label: target.label,
    value: line.value,
    met,
    formula: {
      zh: `${target.label.zh}：${line.value} ${met ? '' : '未'}达到 ${op} ${bound}`,
      en: `${target.label.en}: ${line.value} ${met ? 'meets' : 'misses'} ${op} ${bound}`,
    },
  };
}

/**
 * The consequences of a ranking. `fakeExitFlags` counts, per county, the exit claims flagged by the
 * year's exit verification (ExitFlag); a county without an entry has none. Rewards go by rank, not
 * by place among the eligible: a top-ranked county that is blocked leaves its reward unused.
 */
export function applyResults(config: CountyAssessmentConfig, entries: readonly RankingEntry[], fakeExitFlags: Readonly<Record<string, number>>): CountyResult[] {
  const { rewardTop, accountabilityFakeExitFlags } = config.results;
  return entries.map((entry) => {
    const targets = config.annualTargets.flatMap((t) => {
      const c = checkTarget(t, entry);
      return c ? [c] : [];
    });
    const missed = targets.filter((t) => !t.met);
    const flags = fakeExitFlags[entry.regionId] ?? 0;
    const accountability = flags >= accountabilityFakeExitFlags;
    const inTop = entry.rank <= rewardTop;
    const reward = inTop && missed.length === 0 && !accountability;
    const reasons: Formula[] = [];
    if (inTop) {
      if (reward) reasons.push({ zh: `排名第 ${entry.rank}（前 ${rewardTop} 名）：给予奖励`, en: `ranked ${entry.rank} (top ${rewardTop}): rewarded` });
      else reasons.push({ zh: `排名第 ${entry.rank}（前 ${rewardTop} 名），但${missed.length ? '未完成年度目标任务' : '有责任追究'}：不予奖励`, en: `ranked ${entry.rank} (top ${rewardTop}) but ${missed.length ? 'missed an annual target' : 'faces accountability'}: no reward` });
    }
    const period = config.results.rectificationPeriod;
    const unit = UNIT_WORDS[config.timeUnit];
    for (const t of missed) reasons.push({ zh: `${t.formula.zh}：约谈党政主要领导，限期 ${period} ${unit.zh}整改；年终考核不能评先评优`, en: `${t.formula.en}: principal leaders interviewed, rectification within ${period} ${unit.en}; no excellent rating this year` });
    if (accountability) reasons.push({ zh: `假脱贫标记 ${flags} 条（≥ ${accountabilityFakeExitFlags}）：责任追究`, en: `${flags} fake-exit flags (≥ ${accountabilityFakeExitFlags}): accountability case` });
    return {
      regionId: entry.regionId,
      name: entry.name,
      rank: entry.rank,
      total: entry.total,
      targets,
      missedTarget: missed.length > 0,
      reward,
      excellenceBlocked: missed.length > 0,
      interview: missed.length > 0,
      accountability,
      fakeExitFlags: flags,
      reasons,
    };
  });
}
