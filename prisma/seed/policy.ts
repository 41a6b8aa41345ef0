/**
 * Which counties are poor counties (贫困县), which are in the western area, and when the poor
 * counties exit (摘帽). The real list of Hunan's 51 poor counties is not in the data, so the seed
 * chooses them deterministically (documented in prisma/seed/README.md):
 *
 * 1. every county that pairings.csv names as helped (沅陵县 431222, 邵阳县 430523, 新化县 431322,
 *    炎陵县 430225 and the 7 counties of 湘西州 in the group rows) — 11 counties;
 * 2. then the non-district counties (name not ending in 区: 县, 市, 自治县) ranked by
 *    `hashString('poor-county:' + code, seed)` ascending, until there are 51.
 *
 * Western area (西部地区 thresholds, 3% instead of 2%): 湘西土家族苗族自治州 (city code 4331) is
 * covered by the western-development policy (比照西部大开发), so its city, counties, townships and
 * villages get `isWestern`.
 *
 * Exit years: in reality 2 / 12 / 17 / 20 of the 51 exited in 2016 / 2017 / 2018 / 2019 (none was left
 * for 2020). The order is 炎陵县 430225 first (pinned, so the demo shows an exited county), then the
 * others by `hashString('county-exit:' + code, seed)`, and 沅陵县 431222 last (pinned, so the demo
 * county is still poor at every asOfYear up to 2018). `Region.exitYear` is written only when the
 * planned year is at or before asOfYear.
 */
import { hashString } from './random.ts';
import type { County, Divisions } from './divisions.ts';

export const POOR_COUNTY_COUNT = 51;
export const WESTERN_CITY_CODE = '4331';
/** the county every scale populates and the demo users are scoped to */
export const FOCUS_COUNTY_CODE = '431222'; // 沅陵县
/** pinned into the first exit batch */
export const FIRST_EXIT_COUNTY_CODE = '430225'; // 炎陵县
/** [year, number of poor counties exiting that year] */
export const COUNTY_EXIT_BATCHES: ReadonlyArray<readonly [number, number]> = [
  [2016, 2],
  [2017, 12],
  [2018, 17],
  [2019, 20],
];
/** poor counties left after the batches exit in this year */
export const LAST_EXIT_YEAR = 2020;
/** years a county keeps its policies after exit (摘帽不摘政策); = defaultStandards().countyPolicyYears */
export const POLICY_KEPT_YEARS = 5;

export function isWesternCode(code: string): boolean {
  return code.startsWith(WESTERN_CITY_CODE);
}

export function isDistrict(county: County): boolean {
  return county.name.endsWith('区');
}

/** County codes that pairings.csv names as helped (被帮扶县), in file order, without duplicates. */
export function namedHelpedCounties(divisions: Divisions): string[] {
  const codes: string[] = [];
  for (const p of divisions.pairings) {
    if (p.helpedCode && divisions.countyByCode.has(p.helpedCode) && !codes.includes(p.helpedCode)) codes.push(p.helpedCode);
  }
  return codes;
}

/** The 51 poor counties, sorted by code. */
export function choosePoorCounties(divisions: Divisions, seed: number): string[] {
  const chosen = new Set(namedHelpedCounties(divisions));
  const candidates = divisions.counties
    .filter((c) => !chosen.has(c.code) && !isDistrict(c))
    .map((c) => ({ code: c.code, rank: hashString(`poor-county:${c.code}`, seed) }))
    .sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : 1));
  for (const c of candidates) {
    if (chosen.size >= POOR_COUNTY_COUNT) break;
    chosen.add(c.code);
  }
  if (chosen.size !== POOR_COUNTY_COUNT) throw new Error(`could choose only ${chosen.size} poor counties`);
  return [...chosen].sort();
}

/** Planned exit year of every poor county (whether or not it is before asOfYear). */
export function plannedCountyExitYears(poorCounties: readonly string[], seed: number): Map<string, number> {
  const middle = poorCounties
    .filter((c) => c !== FIRST_EXIT_COUNTY_CODE && c !== FOCUS_COUNTY_CODE)
    .map((code) => ({ code, rank: hashString(`county-exit:${code}`, seed) }))
    .sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : 1))
    .map((c) => c.code);
  const order = [
    ...(poorCounties.includes(FIRST_EXIT_COUNTY_CODE) ? [FIRST_EXIT_COUNTY_CODE] : []),
    ...middle,
    ...(poorCounties.includes(FOCUS_COUNTY_CODE) ? [FOCUS_COUNTY_CODE] : []),
  ];
  const years = new Map<string, number>();
  let i = 0;
  for (const [year, count] of COUNTY_EXIT_BATCHES) {
    for (let k = 0; k < count && i < order.length; k++) years.set(order[i++], year);
  }
  while (i < order.length) years.set(order[i++], LAST_EXIT_YEAR);
  return years;
}

/**
 * The year by which a non-poor county has deregistered nearly all its registered households
 * (2017-2019, by hash). Poor households live in every county, not only in poor counties.
 */
export function nonPoorCountyClearanceYear(countyCode: string, seed: number): number {
  return 2017 + (hashString(`clearance:${countyCode}`, seed) % 3);
}
