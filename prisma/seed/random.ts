/**
 * Seeded randomness for the seed generator. Never Math.random: every value the generator writes
 * comes from a PRNG whose seed is derived from the seed number and a stable key (a region code),
 * so the same seed number gives the same rows, and a county's rows do not depend on which other
 * counties a scale generates or in which order.
 */

import { cyrb53Halves, mulberry32 } from '../../rules/prng.ts';

export { mulberry32 };

/**
 * A 32-bit hash of a string mixed with a seed (cyrb53's mixing, truncated to 32 bits). Used to
 * derive per-key PRNG seeds and to rank items deterministically.
 */
export function hashString(text: string, seed = 0): number {
  const [h1, h2] = cyrb53Halves(text, seed);
  return (h1 ^ h2) >>> 0;
}

/** Convenience wrapper around mulberry32. */
export class Rng {
  private readonly nextFloat: () => number;

  constructor(seed: number) {
    this.nextFloat = mulberry32(seed);
  }

  /** Float in [0, 1). */
  next(): number {
    return this.nextFloat();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** Float in [min, max). */
  float(min: number, max: number): number {
    return min + this.nextFloat() * (max - min);
  }

  chance(p: number): boolean {
    return this.nextFloat() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.nextFloat() * items.length)];
  }

  /** Picks from `table` by weight (see `weightedTable`). */
  weighted<T>(table: WeightedTable<T>): T {
    const r = this.nextFloat() * table.total;
    const { cumulative, items } = table;
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return items[i];
    return items[items.length - 1];
  }

  /** Fisher-Yates shuffle, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.nextFloat() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

export interface WeightedTable<T> {
  items: T[];
  cumulative: number[];
  total: number;
}

export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  return { items, cumulative, total };
}

/** The PRNG for one entity: seeded from the seed number and a stable key such as `village:<code>`. */
export function rngFor(seed: number, key: string): Rng {
  return new Rng(hashString(key, seed));
}
