/**
 * A small seeded pseudo-random source (mulberry32), so the same seed always yields the same
 * sample reports on every machine and Node version.
 */

/** Deterministic random helpers over one mulberry32 stream. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** An index into `weights`, drawn in proportion to the weights. */
  weighted(weights: readonly number[]): number;
  /** `count` random hex digits. */
  hex(count: number): string;
}

/** Creates a random source from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    between: (min, max) => min + next() * (max - min),
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
    weighted: (weights) => {
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let target = next() * total;
      for (let index = 0; index < weights.length; index += 1) {
        target -= weights[index] as number;
        if (target < 0) return index;
      }
      return weights.length - 1;
    },
    hex: (count) => {
      let text = '';
      while (text.length < count) text += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      return text.slice(0, count);
    },
  };
}
