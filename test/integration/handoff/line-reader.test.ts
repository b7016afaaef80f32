import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { LineReader } from '../../../src/handoff/console/console-views.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { agent, packet } from '../../helpers/handoff.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

describe('LineReader: the line as consoles list it (real Redis, BullMQ)', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let queue: HandoffQueue;

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock: new ManualClock(1_000_000) });
  });
  afterEach(async () => {
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  it('shares a fresh read between consoles, but never one that began before the line changed', async () => {
    await queue.enqueue(packet('first', 'fa', ['customer-asked'], 'web'));
    await queue.enqueue(packet('second', 'fa', ['customer-asked'], 'web'));
    const line = new LineReader(queue, 60_000); // everything within a minute would be shared
    const sara = agent('sara', ['fa']);
    expect((await line.viewFor(sara)).map((item) => item.conversationId)).toEqual(['first', 'second']);

    expect(await queue.take(sara)).toMatchObject({ kind: 'taken', ticket: { conversationId: 'first' } });
    // Within the window, without a change notice, the shared read is reused...
    expect((await line.viewFor(sara)).map((item) => item.conversationId)).toEqual(['first', 'second']);
    // ...and once the change is told, the next read shows the line as it is.
    line.changed();
    expect((await line.viewFor(sara)).map((item) => item.conversationId)).toEqual(['second']);
  });
});
