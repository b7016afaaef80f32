import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { compareEntryIds } from '../../../src/adapters/web/entry-view.ts';
import { isOriginAllowed } from '../../../src/adapters/web/origin.ts';
import { RateLimiter } from '../../../src/adapters/web/rate-limiter.ts';

describe('web channel helpers', () => {
  it('orders stream ids by time, then sequence', () => {
    expect(compareEntryIds('1700000000000-1', '1700000000000-0')).toBeGreaterThan(0);
    expect(compareEntryIds('999-5', '1000-0')).toBeLessThan(0);
    expect(compareEntryIds('5-5', '5-5')).toBe(0);
  });

  it('checks the origin allow-list', () => {
    expect(isOriginAllowed('https://shop.example', ['https://shop.example/'])).toBe(true);
    expect(isOriginAllowed('https://evil.example', ['https://shop.example'])).toBe(false);
    expect(isOriginAllowed('https://any.example', ['*'])).toBe(true);
    expect(isOriginAllowed(undefined, ['https://shop.example'])).toBe(true);
  });

  it('limits bursts and refills over time', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(30, clock, 3);
    expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    clock.advance(2_000); // 30 a minute = one every 2 s
    expect(limiter.take()).toBe(true);
    expect(limiter.take()).toBe(false);
  });
});
