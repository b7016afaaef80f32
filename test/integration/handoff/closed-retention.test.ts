import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { humanKeyPrefix } from '../../../src/agents/agent-keys.ts';
import { agent, packet } from '../../helpers/handoff.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

const DAY = 86_400_000;

describe('closed tickets follow their retention (real Redis, injected clock)', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let clock: ManualClock;
  let queue: HandoffQueue;

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock, closedRetentionMs: 30 * DAY });
  });
  afterEach(async () => {
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  const close = async (conversationId: string, note: string) => {
    await queue.enqueue(packet(conversationId, 'fa'));
    expect(await queue.take(agent('sara', ['fa']))).toMatchObject({ kind: 'taken' });
    clock.advance(60_000);
    const closed = await queue.resolve(conversationId, note);
    if (!closed) throw new Error('not resolved');
    return closed;
  };

  it('removes a closed ticket and its note once it is older than the retention, and only then', async () => {
    const old = await close('c-old', 'old note: called the customer back');
    await queue.rate(old.ref, 5);
    clock.advance(20 * DAY);
    const young = await close('c-young', 'young note');
    const key = (ref: string) => `${humanKeyPrefix(prefix)}handoff:closed:${ref}`;
    // Redis forgets them by itself too, a day after the retention (the rating kept that time to live).
    expect(await redis.pttl(key(old.ref))).toBeGreaterThan(30 * DAY);
    expect(await redis.pttl(key(old.ref))).toBeLessThanOrEqual(31 * DAY);

    expect(await queue.pruneClosed()).toBe(0); // 20 days: both kept
    expect((await queue.closedTickets()).map((c) => c.note)).toEqual([
      'young note',
      'old note: called the customer back',
    ]);

    clock.advance(11 * DAY); // the old one ended 31 days ago, the young one 11 days ago
    expect(await queue.pruneClosed()).toBe(1);
    expect((await queue.closedTickets()).map((c) => c.note)).toEqual(['young note']);
    expect(await redis.exists(key(old.ref))).toBe(0);
    expect(await redis.zscore(`${humanKeyPrefix(prefix)}handoff:closed`, old.ref)).toBeNull();
    expect(await queue.closedOf('c-old')).toEqual([]);
    expect(await queue.closedOf('c-young')).toEqual([expect.objectContaining({ ref: young.ref })]);
    // The wait estimator's recent figures name no conversation and carry no note.
    const recent = await redis.lrange(`${humanKeyPrefix(prefix)}handoff:recent`, 0, -1);
    expect(recent).toHaveLength(2);
    expect(recent.join()).not.toMatch(/note|c-old|c-young|sara/);
  });
});
