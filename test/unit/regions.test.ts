import { describe, expect, it } from 'vitest';
import { ancestorAt, householdColumnFor, isWithin, levelOfCode, parentCode, prefixRange } from '../../rules/regions.ts';

describe('division codes', () => {
  it('knows the level of each code length', () => {
    expect(levelOfCode('43')).toBe('PROVINCE');
    expect(levelOfCode('4312')).toBe('CITY');
    expect(levelOfCode('431222')).toBe('COUNTY');
    expect(levelOfCode('431222101')).toBe('TOWNSHIP');
    expect(levelOfCode('431222101001')).toBe('VILLAGE');
    expect(() => levelOfCode('43122')).toThrow('not a division code: 43122');
    expect(() => levelOfCode('43x2')).toThrow();
  });
  it('walks up the tree', () => {
    expect(parentCode('431222101001')).toBe('431222101');
    expect(parentCode('431222101')).toBe('431222');
    expect(parentCode('431222')).toBe('4312');
    expect(parentCode('4312')).toBe('43');
    expect(parentCode('43')).toBeNull();
    expect(ancestorAt('431222101001', 'TOWNSHIP')).toBe('431222101');
    expect(ancestorAt('431222101001', 'COUNTY')).toBe('431222');
    expect(() => ancestorAt('4312', 'COUNTY')).toThrow();
  });
  it('decides scope containment by prefix of valid codes only', () => {
    expect(isWithin('431222101001', '431222')).toBe(true);
    expect(isWithin('431222', '431222')).toBe(true);
    expect(isWithin('431223101001', '431222')).toBe(false);
    expect(isWithin('4312', '431222')).toBe(false);
    expect(isWithin('43122', '43')).toBe(false);
  });
  it('turns a code prefix into an indexable range', () => {
    expect(prefixRange('43')).toEqual({ gte: '43', lt: '44' });
    expect(prefixRange('439')).toEqual({ gte: '439', lt: '43:' });
    const inside = (code: string, r: { gte: string; lt: string }) => code >= r.gte && code < r.lt;
    expect(inside('4312', prefixRange('43'))).toBe(true);
    expect(inside('4401', prefixRange('43'))).toBe(false);
    expect(inside('439999', prefixRange('439'))).toBe(true);
    expect(inside('44', prefixRange('439'))).toBe(false);
    expect(() => prefixRange('4a')).toThrow();
  });

  it('maps a region to the household column that filters by it', () => {
    expect(householdColumnFor('43')).toBeNull();
    expect(householdColumnFor('4312')).toBe('cityId');
    expect(householdColumnFor('431222')).toBe('countyId');
    expect(householdColumnFor('431222101')).toBe('townshipId');
    expect(householdColumnFor('431222101001')).toBe('villageId');
  });
});
