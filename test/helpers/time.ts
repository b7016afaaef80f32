import type { Clock } from '../../src/core/clock.ts';

/** Polls `probe` until it gives a value (not undefined, not false), or fails at the deadline. */
export async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Real-speed time from `start` that a test can move forward (e.g. into the sample team's hours). */
export function movableClock(start: number): Clock & { advance(ms: number): void } {
  let offset = start - Date.now();
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}
