/**
 * An upgrade from the single stream of raw events: what an earlier version wrote there is still found and
 * removed by a customer's erasure, and it empties as its entries pass the retention.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { ReportErasure } from '../../../src/reports/report-erasure.ts';
import { ReportKeys } from '../../../src/reports/report-keys.ts';
import { ReportRecorder } from '../../../src/reports/report-recorder.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

const DAY_MS = 86_400_000;

describe('raw events of an earlier version (one stream)', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('are erased with the customer and trimmed past the retention', async () => {
    const keys = new ReportKeys(prefix);
    const now = Date.now();
    // Written "earlier": stream ids are Redis's clock, as the old recorder's were.
    await redis.xadd(
      keys.legacyEvents,
      '*',
      'type',
      'escalated',
      'conversationId',
      'theirs',
      'at',
      String(now),
    );
    await redis.xadd(
      keys.legacyEvents,
      '*',
      'type',
      'escalated',
      'conversationId',
      'other',
      'at',
      String(now),
    );
    const erasure = new ReportErasure({ redis, prefix, timeZone: 'UTC' });
    expect((await erasure.eventsOf(new Set(['theirs']))).map((e) => e.conversationId)).toEqual(['theirs']);
    expect(await erasure.forget(new Set(['theirs']))).toBe(1);
    expect((await redis.xrange(keys.legacyEvents, '-', '+')).length).toBe(1);

    const recorder = new ReportRecorder({
      redis,
      prefix,
      timeZone: 'UTC',
      eventsRetentionMs: DAY_MS,
      aggregateRetentionMs: 30 * DAY_MS,
      slaWaitMs: () => 300_000,
    });
    // A day later than the retention: the old entries go with the next prune (the reports' sweep).
    await recorder.record([
      { type: 'conversation-started', at: now + 2 * DAY_MS, conversationId: 'new', channel: 'web' },
    ]);
    expect(await redis.xlen(keys.legacyEvents)).toBe(1);
    await recorder.prune(now + 2 * DAY_MS);
    expect(await redis.xlen(keys.legacyEvents)).toBe(0);
  });
});
