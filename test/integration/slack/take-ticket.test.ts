import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { RedisLock } from '../../../src/core/redis-lock.ts';
import type { Language } from '../../../src/core/language.ts';
import type { EscalationReason } from '../../../src/handoff/handoff-packet.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { makePool, poolName } from '../../../src/handoff/routing.ts';
import { agent, packet } from '../../helpers/handoff.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { bullPrefix } from '../../../src/handoff/bull-pools.ts';
import { humanKeyPrefix } from '../../../src/agents/agent-keys.ts';

describe('HandoffQueue.takeTicket: "Take" on one given ticket (BullMQ, real Redis)', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let clock: ManualClock;
  let queue: HandoffQueue;

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    clock = new ManualClock(1_000_000);
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock, lockMs: 5_000 });
  });
  afterEach(async () => {
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  async function line(...tickets: [string, Language, EscalationReason][]) {
    for (const [id, language, reason] of tickets) {
      clock.advance(1_000);
      await queue.enqueue(packet(id, language, [reason], 'slack'));
    }
  }

  it('claims the ticket asked for, leaves the others in order, and a release returns it to the front', async () => {
    await line(
      ['angry', 'fa', 'anger'],
      ['asked', 'fa', 'customer-asked'],
      ['failed', 'fa', 'repeated-failure'],
    );
    const sara = agent('sara', ['fa']);
    const result = await queue.takeTicket(sara, 'failed');
    expect(result).toMatchObject({
      kind: 'taken',
      ticket: { conversationId: 'failed', agentId: 'sara', priority: 3 },
    });
    expect(await queue.waitingIds()).toEqual(['angry', 'asked']);
    // the next pull still serves the line in order
    const next = await queue.take(agent('reza', ['fa']));
    expect(next).toMatchObject({ kind: 'taken', ticket: { conversationId: 'angry' } });
    // released, "failed" goes back to the front of the line: it had a person already (docs/queue-fairness.md)
    await queue.release('failed');
    expect(await queue.waitingIds()).toEqual(['failed', 'asked']);
    expect(await queue.take(agent('mina', ['fa']))).toMatchObject({
      kind: 'taken',
      ticket: { conversationId: 'failed' },
    });
    expect(await queue.take(agent('omid', ['fa']))).toMatchObject({
      kind: 'taken',
      ticket: { conversationId: 'asked' },
    });
  });

  it('says why not: held, gone, cannot serve, at capacity', async () => {
    await line(['a', 'fa', 'customer-asked'], ['b', 'ar', 'customer-asked'], ['c', 'fa', 'customer-asked']);
    const sara = agent('sara', ['fa'], 1);
    expect(await queue.takeTicket(sara, 'b')).toEqual({ kind: 'cannot-serve' });
    expect((await queue.takeTicket(sara, 'a')).kind).toBe('taken');
    expect(await queue.takeTicket(sara, 'a')).toEqual({ kind: 'held', agentId: 'sara' });
    expect(await queue.takeTicket(agent('reza', ['fa']), 'a')).toEqual({ kind: 'held', agentId: 'sara' });
    expect(await queue.takeTicket(sara, 'c')).toEqual({ kind: 'at-capacity', capacity: 1 });
    expect(await queue.takeTicket(sara, 'nobody')).toEqual({ kind: 'gone' });
    expect(await queue.waitingIds()).toEqual(['b', 'c']);
  });

  it('waits for another taker mid-claim, and says "gone" when the claim stays taken (the shared lock)', async () => {
    await line(['a', 'fa', 'customer-asked'], ['b', 'fa', 'customer-asked']);
    const sara = agent('sara', ['fa']);
    // Claims are one per pool: both tickets are in the Persian pool of the default team.
    const claimKey = `${humanKeyPrefix(prefix)}handoff:claim-pool:${poolName(makePool('default', 'fa', []))}`;
    const other = () => new RedisLock({ redis, key: claimKey, ttlMs: 10_000 });
    const stuck = other(); // a taker that never finishes: its claim lives 10 s
    expect(await stuck.acquire()).toBe(true);
    expect(await queue.takeTicket(sara, 'a')).toEqual({ kind: 'gone' });
    expect(await queue.ticket('a')).toMatchObject({ status: 'waiting' });
    expect(await redis.get(claimKey)).toBe(stuck.token); // ours was never taken, nor freed
    await stuck.release();

    const busy = other(); // a taker that finishes soon
    expect(await busy.acquire()).toBe(true);
    const taking = queue.takeTicket(sara, 'b');
    setTimeout(() => void busy.release(), 200);
    expect(await taking).toMatchObject({ kind: 'taken', ticket: { conversationId: 'b', agentId: 'sara' } });
    expect(await redis.exists(claimKey)).toBe(0); // released after the take
  });

  it('many agents taking at once, by Take and by pulling: every ticket goes to exactly one agent', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `t${i}`);
    await line(...ids.map((id) => [id, 'fa', 'customer-asked'] as [string, Language, EscalationReason]));
    const takers = Array.from({ length: 6 }, (_, i) => agent(`agent${i}`, ['fa'], 1));
    const results = await Promise.all(
      takers.map((agent, i) => (i % 2 === 0 ? queue.takeTicket(agent, ids[i % 3] ?? '') : queue.take(agent))),
    );
    const taken = results.flatMap((r) => (r.kind === 'taken' ? [r.ticket.conversationId] : []));
    expect(new Set(taken).size).toBe(taken.length);
    for (const id of ids) {
      const ticket = await queue.ticket(id);
      const holders = results.filter((r) => r.kind === 'taken' && r.ticket.conversationId === id).length;
      expect(holders).toBe(ticket?.status === 'assigned' ? 1 : 0);
    }
    const assigned = await queue.assignments();
    expect([...assigned.values()].flat().sort()).toEqual([...taken].sort());
    // BullMQ agrees: one active job per chat in hand, the rest waiting
    const pool = new Queue(poolName(makePool('default', 'fa', [])), {
      connection: bull,
      prefix: bullPrefix(prefix),
    });
    const counts = await pool.getJobCounts('active', 'prioritized', 'wait');
    await pool.close();
    expect(counts.active).toBe(taken.length);
    expect((counts.prioritized ?? 0) + (counts.wait ?? 0)).toBe(ids.length - taken.length);
  });
});
