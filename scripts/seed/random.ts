/** Seeded randomness for the synthetic city, on top of pure-rand (xoroshiro128+). */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

/** A weighted choice: `[value, weight]` pairs, weights need not sum to 1. */
export class Table<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('a weighted table needs at least one entry');
    this.values = entries.map(([v]) => v);
    let sum = 0;
    this.cumulative = entries.map(([, w]) => {
      if (!(w >= 0)) throw new Error('weights must be non-negative numbers');
      sum += w;
      return sum;
    });
    if (sum <= 0) throw new Error('a weighted table needs a positive total weight');
    this.total = sum;
  }

  /** Picks a value; `u` is uniform in [0, 1). */
  at(u: number): T {
    const target = u * this.total;
    for (let i = 0; i < this.cumulative.length; i++) if (target < this.cumulative[i]!) return this.values[i]!;
    return this.values[this.values.length - 1]!;
  }
}

/** The draws the generator needs, all from one seeded stream (so the city is reproducible). */
export class Dice {
  private readonly rng: Generator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return max <= min ? min : uniformInt(this.rng, min, max);
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  weighted<T>(table: Table<T>): T {
    return table.at(this.float());
  }

  /** Normal(mean, sd) by Box–Muller, clamped to [min, max]. */
  normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
    const u1 = 1 - this.float();
    const u2 = this.float();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.min(max, Math.max(min, mean + sd * z));
  }

  /** Log-normal with the given median and log-scale sigma, clamped to [min, max]. */
  logNormal(median: number, sigma: number, min = 0, max = Infinity): number {
    return Math.min(max, Math.max(min, median * Math.exp(this.normal(0, sigma))));
  }
}
