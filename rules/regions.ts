/**
 * The division tree by statistical code (统计用区划代码). Codes are hierarchical by prefix:
 * province 2 digits, city 4, county 6, township 9, village 12.
 */
import { REGION_LEVEL_VALUES, type RegionLevel } from './enums.ts';

export type RegionLevelName = RegionLevel;
/** top down: province, city, county, township, village (the model's enum order) */
export const LEVELS: readonly RegionLevelName[] = REGION_LEVEL_VALUES;
const CODE_LENGTH: Record<RegionLevelName, number> = { PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 };

export const REGION_CODE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

export function levelOfCode(code: string): RegionLevelName {
  const level = LEVELS.find((l) => CODE_LENGTH[l] === code.length);
  if (!level || !/^\d+$/.test(code)) throw new Error(`not a division code: ${code}`);
  return level;
}

/** The code of the level above; null for a province. */
export function parentCode(code: string): string | null {
  const index = LEVELS.indexOf(levelOfCode(code));
  return index === 0 ? null : code.slice(0, CODE_LENGTH[LEVELS[index - 1]]);
}

/** The ancestor of `code` at `level` (the code itself at its own level). */
export function ancestorAt(code: string, level: RegionLevelName): string {
  const length = CODE_LENGTH[level];
  if (code.length < length) throw new Error(`${code} has no ancestor at ${level}`);
  return code.slice(0, length);
}

/** Whether region `code` lies inside (or is) the scope region `scope`. */
export function isWithin(code: string, scope: string): boolean {
  return code.startsWith(scope) && REGION_CODE.test(code) && REGION_CODE.test(scope);
}

/**
 * Bounds selecting every code that starts with `prefix`, as a range an index can serve
 * (`code >= prefix AND code < next`), unlike LIKE 'prefix%' on SQLite.
 */
export function prefixRange(prefix: string): { gte: string; lt: string } {
  if (!/^\d+$/.test(prefix)) throw new Error(`not a division code: ${prefix}`);
  return { gte: prefix, lt: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1) };
}

/** The household column that filters by a region of this level. */
export function householdColumnFor(code: string): 'cityId' | 'countyId' | 'townshipId' | 'villageId' | null {
  switch (levelOfCode(code)) {
    case 'PROVINCE':
      return null; // every household of the province
    case 'CITY':
      return 'cityId';
    case 'COUNTY':
      return 'countyId';
    case 'TOWNSHIP':
      return 'townshipId';
    case 'VILLAGE':
      return 'villageId';
  }
}
