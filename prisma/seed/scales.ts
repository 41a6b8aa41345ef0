/**
 * The three seed scales. Every scale writes the whole division tree of the province (1 province,
 * 14 cities, 134 counties, 2,008 townships); the scale decides which townships get generated
 * villages, how many, and how many registered households each village has.
 */
import type { Rng } from './random.ts';
import type { Township } from './divisions.ts';
import { FOCUS_COUNTY_CODE } from './policy.ts';

export type SeedScale = 'test' | 'demo' | 'province';
export const SEED_SCALES: readonly SeedScale[] = ['test', 'demo', 'province'];

/** 镇 / 乡 (rural), 街道 (urban subdistrict), or a special unit (农场, 林场, 开发区, 管理处, 监狱 …) */
export type TownshipKind = 'rural' | 'street' | 'special';

export function townshipKind(township: Township): TownshipKind {
  if (township.name.endsWith('街道')) return 'street';
  if (township.name.endsWith('镇') || township.name.endsWith('乡')) return 'rural';
  return 'special';
}

export interface VillageContext {
  countyPoor: boolean;
  villagePoor: boolean;
  kind: TownshipKind;
}

export interface ScalePlan {
  scale: SeedScale;
  /** counties that get villages (undefined: every county) */
  counties?: readonly string[];
  /** how many townships of a populated county (first by code) get villages (undefined: all) */
  townshipsPerCounty?: number;
  villageCount(rng: Rng, township: Township, countyPoor: boolean): number;
  /** share of a township's villages that are poor villages (贫困村) */
  poorVillageShare(countyPoor: boolean, kind: TownshipKind): number;
  /** a township with 2 or more villages in a poor county has at least one poor and one non-poor village */
  mixedTownships: boolean;
  householdCount(rng: Rng, village: VillageContext): number;
}

/**
 * Province: about 24,000 villages (real: about 24,000 administrative villages in 2014), about 7,000
 * poor villages (real: 6,920) and about 2.2 million registered households (real: 6.82 million
 * registered poor people), most of them in the 51 poor counties. Mountain counties have more and
 * smaller villages, so townships of poor counties get more villages. Because 7,000 / 24,000 is
 * already 29% overall, the poor-village share is about 33% in poor counties and 25% elsewhere
 * (half of that in 街道 and special units).
 */
export const PROVINCE_PLAN: ScalePlan = {
  scale: 'province',
  villageCount(rng, township, countyPoor) {
    switch (townshipKind(township)) {
      case 'rural':
        return countyPoor ? rng.int(13, 21) : rng.int(9, 15);
      case 'street':
        return rng.int(2, 7);
      case 'special':
        return rng.int(1, 2);
    }
  },
  poorVillageShare(countyPoor, kind) {
    const share = countyPoor ? 0.335 : 0.25;
    return kind === 'rural' ? share : share / 2;
  },
  mixedTownships: false,
  householdCount(rng, v) {
    const base = v.countyPoor ? (v.villagePoor ? rng.int(153, 214) : rng.int(62, 102)) : v.villagePoor ? rng.int(92, 153) : rng.int(31, 61);
    return v.kind === 'rural' ? base : Math.max(5, Math.round(base * 0.6));
  },
};

/** Demo: 沅陵县 and three other poor counties fully populated, with smaller villages. */
export const DEMO_PLAN: ScalePlan = {
  scale: 'demo',
  counties: [FOCUS_COUNTY_CODE, '433122' /* 泸溪县, western */, '430523' /* 邵阳县 */, '430225' /* 炎陵县, exits 2016 */],
  villageCount(rng, township) {
    switch (townshipKind(township)) {
      case 'rural':
        return rng.int(10, 14);
      case 'street':
        return rng.int(3, 5);
      case 'special':
        return rng.int(1, 2);
    }
  },
  poorVillageShare: (countyPoor) => (countyPoor ? 0.33 : 0.24),
  mixedTownships: true,
  householdCount: (rng, v) => (v.villagePoor ? rng.int(40, 50) : rng.int(30, 40)),
};

/** Test: the first 2 townships of 沅陵县, 3 villages each, 8 households each. */
export const TEST_PLAN: ScalePlan = {
  scale: 'test',
  counties: [FOCUS_COUNTY_CODE],
  townshipsPerCounty: 2,
  villageCount: () => 3,
  poorVillageShare: () => 0.33,
  mixedTownships: true,
  householdCount: () => 8,
};

export function scalePlan(scale: SeedScale): ScalePlan {
  switch (scale) {
    case 'test':
      return TEST_PLAN;
    case 'demo':
      return DEMO_PLAN;
    case 'province':
      return PROVINCE_PLAN;
  }
}
