/**
 * Reproducible random samples for the county special assessment (专项评估检查抽样). The seed is a
 * string recorded with the cycle (drawn once by an activity, e.g. from crypto random bytes; never
 * here), so anyone can redraw the same sample from the same population and seed:
 * - same seed + same population (in any order, duplicates ignored) → same sample;
 * - a different seed → a different sample;
 * - the output is sorted (code-unit order), so it reads the same wherever it is stored.
 * Pure: no Node built-ins, no Math.random; safe inside Temporal workflows.
 */
import { cyrb53Halves, mulberry32 } from './prng.ts';

/**
 * cyrb53 (public domain, bryc): a fast 53-bit string hash mixed with a numeric seed. Used to turn
 * a string seed into PRNG state. Not cryptographic: the sample only has to be reproducible and
 * unbiased, and the seed is public once recorded.
 */
export function hash53(text: string, seed = 0): number {
  const [h1, h2] = cyrb53Halves(text, seed);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** mulberry32 (public domain, Tommy Ettinger) seeded from a string: floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  assertSeed(seed);
  return mulberry32(hash53(seed) >>> 0);
}

export const MAX_SEED_LENGTH = 200;

function assertSeed(seed: string): void {
  if (typeof seed !== 'string' || seed.length === 0 || seed.length > MAX_SEED_LENGTH) {
    throw new RangeError(`a sample seed is a non-empty string of at most ${MAX_SEED_LENGTH} characters`);
  }
}

function assertSize(field: string, size: number): void {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`${field} must be a whole number ≥ 0, got ${size}`);
}

/**
 * The seed of one part of a draw, derived from the cycle's seed and stable keys (e.g. the county
 * code and `villages`), so each county's and each stage's sample is independent of the others and
 * of the order in which they are drawn.
 */
export function deriveSeed(seed: string, ...keys: string[]): string {
  assertSeed(seed);
  return [seed, ...keys].join('/');
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A simple random sample of `size` distinct ids (without replacement): the population is
 * de-duplicated and sorted first (so its order does not matter), then a partial Fisher-Yates
 * shuffle driven by the seeded PRNG picks `size` of them. The whole population when it is not
 * larger than `size`. A draw of k+e ids contains the draw of k ids with the same seed.
 */
export function drawSample(population: readonly string[], size: number, seed: string): string[] {
  assertSeed(seed);
  assertSize('size', size);
  const ids = [...new Set(population)].sort(byCodeUnit);
  if (size >= ids.length) return ids;
  const random = seededRandom(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (ids.length - i));
    const tmp = ids[i];
    ids[i] = ids[j];
    ids[j] = tmp;
  }
  return ids.slice(0, size).sort(byCodeUnit);
}

export interface SplitSizes {
  /** registered households (建档立卡户) to draw */
  inRegister: number;
  /** households outside the register to draw */
  outsideRegister: number;
}

export interface SplitSample {
  inRegister: string[];
  outsideRegister: string[];
  requested: SplitSizes;
  /** how many each side could not supply (its population was smaller than its size) */
  shortfall: SplitSizes;
  /** how many each side drew beyond its size to make up the other side's shortfall */
  filledFromOther: SplitSizes;
}

/**
 * The half-inside, half-outside household sample. Each side is drawn with its own derived seed.
 * When one side is short (fewer households than its size), all of it is taken and, with `fill`
 * (default), the other side draws the difference as far as it can, so the total stays at the sum
 * of the sizes; the result says how much was short and filled, for the report.
 */
export function drawSplitSample(
  populations: { inRegister: readonly string[]; outsideRegister: readonly string[] },
  sizes: SplitSizes,
  seed: string,
  options: { fill?: boolean } = {},
): SplitSample {
  assertSeed(seed);
  assertSize('inRegister', sizes.inRegister);
  assertSize('outsideRegister', sizes.outsideRegister);
  const fill = options.fill ?? true;
  const inIds = [...new Set(populations.inRegister)];
  const outIds = [...new Set(populations.outsideRegister)];
  const inSet = new Set(inIds);
  const overlap = outIds.find((id) => inSet.has(id));
  if (overlap !== undefined) throw new RangeError(`household ${overlap} is both inside and outside the register`);
  const takeIn = Math.min(sizes.inRegister, inIds.length);
  const takeOut = Math.min(sizes.outsideRegister, outIds.length);
  const shortfall = { inRegister: sizes.inRegister - takeIn, outsideRegister: sizes.outsideRegister - takeOut };
  const filledFromOther = fill
    ? { inRegister: Math.min(shortfall.outsideRegister, inIds.length - takeIn), outsideRegister: Math.min(shortfall.inRegister, outIds.length - takeOut) }
    : { inRegister: 0, outsideRegister: 0 };
  return {
    inRegister: drawSample(inIds, takeIn + filledFromOther.inRegister, deriveSeed(seed, 'in-register')),
    outsideRegister: drawSample(outIds, takeOut + filledFromOther.outsideRegister, deriveSeed(seed, 'outside-register')),
    requested: { ...sizes },
    shortfall,
    filledFromOther,
  };
}

export interface SampleHousehold {
  id: string;
  villageId: string;
  /** registered (建档立卡, poor or exited) or not */
  inRegister: boolean;
}

export interface CountySample extends SplitSample {
  seed: string;
  countyCode: string;
  /** sampled villages, sorted; every village when the village size is 0 or ≥ their number */
  villages: string[];
}

/**
 * The two-stage county sample: villages first (`sizes.villages`; 0 means no village stage, all
 * villages), then the split household sample among the households of the sampled villages. Seeds
 * derive from the cycle's seed and the county code, so counties are independent.
 */
export function drawCountySample(
  county: { countyCode: string; villages: readonly string[]; households: readonly SampleHousehold[] },
  sizes: SplitSizes & { villages: number },
  seed: string,
  options: { fill?: boolean } = {},
): CountySample {
  assertSize('villages', sizes.villages);
  const countySeed = deriveSeed(seed, county.countyCode);
  const allVillages = [...new Set(county.villages)].sort(byCodeUnit);
  const villages = sizes.villages === 0 ? allVillages : drawSample(allVillages, sizes.villages, deriveSeed(countySeed, 'villages'));
  const chosen = new Set(villages);
  const inRegister: string[] = [];
  const outsideRegister: string[] = [];
  for (const h of county.households) {
    if (chosen.has(h.villageId)) (h.inRegister ? inRegister : outsideRegister).push(h.id);
  }
  const split = drawSplitSample({ inRegister, outsideRegister }, { inRegister: sizes.inRegister, outsideRegister: sizes.outsideRegister }, deriveSeed(countySeed, 'households'), options);
  return { seed, countyCode: county.countyCode, villages, ...split };
}
