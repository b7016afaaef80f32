import { random as seededRandom } from '../../src/core/random.ts';

/**
 * Send times (ms from the start) of a Poisson arrival process at `rate` per second over `durationMs`:
 * exponential gaps, so bursts happen as they do with real customers. Seeded: a run can be repeated.
 */
export function poissonSchedule(rate: number, durationMs: number, seed: number): number[] {
  const random = seededRandom(seed);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += (-Math.log(1 - random()) * 1000) / rate;
    if (t >= durationMs) return times;
    times.push(t);
  }
}
