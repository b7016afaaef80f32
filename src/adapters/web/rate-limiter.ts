import type { Clock } from '../../core/clock.ts';

/** A token bucket: `perMinute` messages a minute on average, with bursts up to `burst`. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly burst = Math.max(1, Math.ceil(perMinute / 3)),
  ) {
    this.tokens = this.burst;
    this.last = clock.now();
  }

  /** Takes one token; false when the caller must wait. */
  take(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
