import { describe, expect, it } from 'vitest';
import { deriveSeed, drawCountySample, drawSample, drawSplitSample, hash53, seededRandom, type SampleHousehold } from '../../rules/sampling.ts';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
const POPULATION = ids('H', 100);

/** a deterministic permutation, to feed the same set in another order */
function reversedWithDuplicates(list: string[]): string[] {
  return [...list].reverse().concat(list.slice(0, 10));
}

describe('seeded sampling (抽样)', () => {
  it('draws the same sample from the same seed and set, in any order, duplicates ignored', () => {
    const a = drawSample(POPULATION, 10, 'cycle-2019-seed');
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(a.every((id) => POPULATION.includes(id))).toBe(true);
    expect(drawSample(reversedWithDuplicates(POPULATION), 10, 'cycle-2019-seed')).toEqual(a);
    expect(a).toEqual([...a].sort()); // sorted output
  });

  it('draws a different sample from a different seed', () => {
    const a = drawSample(POPULATION, 10, 'cycle-2019-seed');
    const b = drawSample(POPULATION, 10, 'cycle-2019-seed2');
    expect(b).not.toEqual(a);
  });

  it('redraws a recorded seed’s sample exactly (golden values: changing the algorithm breaks recorded cycles)', () => {
    expect(drawSample(POPULATION, 5, 'golden')).toEqual(GOLDEN);
    expect(hash53('golden')).toBe(GOLDEN_HASH);
  });

  it('hashes as published cyrb53 does (the reference values of its author’s README)', () => {
    expect([hash53('a'), hash53('b'), hash53('revenge'), hash53('revenue'), hash53('revenue', 1)]).toEqual([
      7929297801672961, 8684336938537663, 4051478007546757, 8309097637345594, 8697026808958300,
    ]);
  });

  it('returns the whole population when the size is not smaller, nothing for size 0, and refuses bad arguments', () => {
    expect(drawSample(['b', 'a', 'b'], 5, 's')).toEqual(['a', 'b']);
    expect(drawSample(POPULATION, 0, 's')).toEqual([]);
    expect(() => drawSample(POPULATION, -1, 's')).toThrow('size must be a whole number ≥ 0, got -1');
    expect(() => drawSample(POPULATION, 1.5, 's')).toThrow(RangeError);
    expect(() => drawSample(POPULATION, 1, '')).toThrow('a sample seed is a non-empty string of at most 200 characters');
  });

  it('grows a sample by extending it: the draw of 8 contains the draw of 5 with the same seed', () => {
    const five = drawSample(POPULATION, 5, 's-grow');
    const eight = drawSample(POPULATION, 8, 's-grow');
    expect(five.every((id) => eight.includes(id))).toBe(true);
  });

  it('picks every member about equally often (no bias toward the start or end of the list)', () => {
    // 3,000 draws of 1 out of 10: expected 300 each; with p = 0.1, sd = √(3000·0.1·0.9) ≈ 16.4,
    // so 300 ± 82 is five standard deviations: a correct sampler stays inside it
    const ten = ids('V', 10);
    const counts = new Map(ten.map((id) => [id, 0]));
    for (let i = 0; i < 3000; i++) {
      const [picked] = drawSample(ten, 1, `uniform-${i}`);
      counts.set(picked, (counts.get(picked) ?? 0) + 1);
    }
    for (const [, n] of counts) {
      expect(n).toBeGreaterThan(218);
      expect(n).toBeLessThan(382);
    }
    const random = seededRandom('floats');
    const xs = Array.from({ length: 1000 }, () => random());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('derives independent seeds per key', () => {
    expect(deriveSeed('S', '431222', 'villages')).toBe('S/431222/villages');
    expect(drawSample(POPULATION, 10, deriveSeed('S', 'a'))).not.toEqual(drawSample(POPULATION, 10, deriveSeed('S', 'b')));
  });
});

describe('half inside, half outside the register (建档立卡户 / 非建档立卡户)', () => {
  it('draws each side’s size when both are large enough', () => {
    const s = drawSplitSample({ inRegister: ids('R', 50), outsideRegister: ids('N', 50) }, { inRegister: 5, outsideRegister: 5 }, 'split');
    expect(s.inRegister).toHaveLength(5);
    expect(s.outsideRegister).toHaveLength(5);
    expect(s.shortfall).toEqual({ inRegister: 0, outsideRegister: 0 });
    expect(s.filledFromOther).toEqual({ inRegister: 0, outsideRegister: 0 });
    expect(s.inRegister.every((id) => id.startsWith('R'))).toBe(true);
  });

  it('takes all of a short side and fills the difference from the other side', () => {
    // sizes 5 + 5; only 3 outside → 3 outside (short by 2) and 5 + 2 = 7 inside; total 10
    const s = drawSplitSample({ inRegister: ids('R', 20), outsideRegister: ids('N', 3) }, { inRegister: 5, outsideRegister: 5 }, 'split');
    expect(s.outsideRegister).toEqual(['N0001', 'N0002', 'N0003']);
    expect(s.inRegister).toHaveLength(7);
    expect(s.shortfall).toEqual({ inRegister: 0, outsideRegister: 2 });
    expect(s.filledFromOther).toEqual({ inRegister: 2, outsideRegister: 0 });
    // the filled side still contains the unfilled draw (same derived seed)
    const unfilled = drawSplitSample({ inRegister: ids('R', 20), outsideRegister: ids('N', 3) }, { inRegister: 5, outsideRegister: 5 }, 'split', { fill: false });
    expect(unfilled.inRegister).toHaveLength(5);
    expect(unfilled.filledFromOther).toEqual({ inRegister: 0, outsideRegister: 0 });
    expect(unfilled.inRegister.every((id) => s.inRegister.includes(id))).toBe(true);
  });

  it('fills only as far as the other side can, when both are short', () => {
    // sizes 5 + 5; 6 inside, 2 outside → 2 outside, inside 5 + min(3, 6 − 5 = 1) = 6; total 8 < 10
    const s = drawSplitSample({ inRegister: ids('R', 6), outsideRegister: ids('N', 2) }, { inRegister: 5, outsideRegister: 5 }, 'split');
    expect(s.inRegister).toHaveLength(6);
    expect(s.outsideRegister).toHaveLength(2);
    expect(s.shortfall).toEqual({ inRegister: 0, outsideRegister: 3 });
    expect(s.filledFromOther).toEqual({ inRegister: 1, outsideRegister: 0 });
  });

  it('refuses a household listed on both sides', () => {
    expect(() => drawSplitSample({ inRegister: ['A', 'B'], outsideRegister: ['B'] }, { inRegister: 1, outsideRegister: 1 }, 's')).toThrow('household B is both inside and outside the register');
  });
});

describe('two-stage county sample (villages, then households)', () => {
  // 6 villages × (4 registered + 4 other) households
  const villages = ids('431222101', 6);
  const households: SampleHousehold[] = villages.flatMap((v) => [
    ...ids(`${v}-R`, 4).map((id) => ({ id, villageId: v, inRegister: true })),
    ...ids(`${v}-N`, 4).map((id) => ({ id, villageId: v, inRegister: false })),
  ]);
  const county = { countyCode: '431222', villages, households };

  it('draws households only inside the sampled villages, reproducibly', () => {
    const s = drawCountySample(county, { villages: 2, inRegister: 3, outsideRegister: 3 }, 'cycle-seed');
    expect(s.villages).toHaveLength(2);
    const inChosen = (id: string) => s.villages.some((v) => id.startsWith(`${v}-`));
    expect([...s.inRegister, ...s.outsideRegister].every(inChosen)).toBe(true);
    expect(s.inRegister.every((id) => id.includes('-R'))).toBe(true);
    expect(s.outsideRegister.every((id) => id.includes('-N'))).toBe(true);
    expect(drawCountySample({ ...county, households: [...households].reverse(), villages: [...villages].reverse() }, { villages: 2, inRegister: 3, outsideRegister: 3 }, 'cycle-seed')).toEqual(s);
    expect(s.seed).toBe('cycle-seed');
  });

  it('samples each county independently of the others (seed derived from the county code)', () => {
    const other = { countyCode: '431223', villages, households };
    const a = drawCountySample(county, { villages: 2, inRegister: 3, outsideRegister: 3 }, 'cycle-seed');
    const b = drawCountySample(other, { villages: 2, inRegister: 3, outsideRegister: 3 }, 'cycle-seed');
    expect([a.villages, a.inRegister]).not.toEqual([b.villages, b.inRegister]);
  });

  it('uses every village when the village size is 0, and reports the shortfall inside small villages', () => {
    const all = drawCountySample(county, { villages: 0, inRegister: 30, outsideRegister: 10 }, 'cycle-seed');
    expect(all.villages).toEqual(villages);
    // 24 registered households in all; 30 wanted → 24 taken, short 6, filled by 6 more of the 24 others (10 + 6 = 16)
    expect(all.inRegister).toHaveLength(24);
    expect(all.outsideRegister).toHaveLength(16);
    expect(all.shortfall).toEqual({ inRegister: 6, outsideRegister: 0 });
    expect(all.filledFromOther).toEqual({ inRegister: 0, outsideRegister: 6 });
  });
});

// Computed once from the implementation and pinned: a recorded cycle seed must redraw the same
// households after any refactoring of rules/sampling.ts.
const GOLDEN = ['H0020', 'H0036', 'H0051', 'H0060', 'H0065'];
const GOLDEN_HASH = 5721571479976933;
