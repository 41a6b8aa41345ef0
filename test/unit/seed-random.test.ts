import { describe, expect, it } from 'vitest';
import { hashString, mulberry32, Rng, rngFor, weightedTable } from '../../prisma/seed/random.ts';

describe('seed PRNG (mulberry32)', () => {
  it('produces the reference sequence of mulberry32', () => {
    // first outputs of the published mulberry32 for seed 1
    const next = mulberry32(1);
    expect(next()).toBe(0.6270739405881613);
    expect(next()).toBe(0.002735721180215478);
    expect(next()).toBe(0.5274470399599522);
  });

  it('repeats for the same seed and differs for another', () => {
    const a = mulberry32(2016);
    const b = mulberry32(2016);
    const c = mulberry32(2017);
    const seqA = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(seqA);
  });

  it('stays in [0, 1) with a mean near 1/2', () => {
    const next = mulberry32(42);
    let sum = 0;
    let min = 1;
    let max = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
  });

  it('draws integers within inclusive bounds, hitting both ends', () => {
    const rng = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const v = rng.int(1, 6);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('shuffles into a permutation, deterministically', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = new Rng(3).shuffle([...items]);
    const b = new Rng(3).shuffle([...items]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(items);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
  });

  it('picks by weight', () => {
    const rng = new Rng(11);
    const table = weightedTable([['a', 9], ['b', 1]] as const);
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted(table) === 'a') a++;
    expect(a / 10_000).toBeGreaterThan(0.88);
    expect(a / 10_000).toBeLessThan(0.92);
  });

  it('hashes strings to stable 32-bit values that depend on the seed', () => {
    expect(hashString('431222', 2016)).toBe(388001301);
    expect(hashString('431222', 2017)).toBe(1921484505);
    expect(hashString('431222', 2016)).not.toBe(hashString('431223', 2016));
    const h = hashString('village:431222102001', 2016);
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
  });

  it('keys per-entity generators by seed and key', () => {
    expect(rngFor(2016, 'village:1').next()).toBe(rngFor(2016, 'village:1').next());
    expect(rngFor(2016, 'village:1').next()).not.toBe(rngFor(2016, 'village:2').next());
    expect(rngFor(2016, 'village:1').next()).not.toBe(rngFor(2017, 'village:1').next());
  });
});
