/** How a process claims a platform's delivery (Telegram update, Slack event) against another process's claim. */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDelivery } from '../../../src/adapters/claim-delivery.ts';
import { SeenOnce } from '../../../src/core/seen-once.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

describe('claimDelivery (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let seen: SeenOnce;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    seen = new SeenOnce({ redis, key: (id) => `${prefix}seen:${id}`, ttlSeconds: 60, claimMs: 5_000 });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('drops a repeat that arrives while the first is handled, once the first is confirmed', async () => {
    expect(await claimDelivery(seen, 'u1', { waitMs: 5_000 })).toBe('claimed');
    const repeat = claimDelivery(seen, 'u1', { waitMs: 5_000, pollMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await seen.confirm('u1');
    expect(await repeat).toBe('done');
    expect(await claimDelivery(seen, 'u1', { waitMs: 0 })).toBe('done');
  });

  it('hands the delivery to the repeat when the first failed', async () => {
    expect(await claimDelivery(seen, 'u2', { waitMs: 5_000 })).toBe('claimed');
    const repeat = claimDelivery(seen, 'u2', { waitMs: 5_000, pollMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await seen.forget('u2');
    expect(await repeat).toBe('claimed');
    expect(await seen.status('u2')).toBe('claimed');
  });

  it('answers busy while another claim stays open past the wait, and claims once it lapses', async () => {
    await redis.set(`${prefix}seen:u3`, 'claimed', 'PX', 60_000); // a process that died mid-delivery
    expect(await claimDelivery(seen, 'u3', { waitMs: 100, pollMs: 10 })).toBe('busy');
    await redis.pexpire(`${prefix}seen:u3`, 20);
    expect(await claimDelivery(seen, 'u3', { waitMs: 5_000, pollMs: 10 })).toBe('claimed');
  });
});
