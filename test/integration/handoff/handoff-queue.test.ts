import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { Language } from '../../../src/core/language.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { agent, packet } from '../../helpers/handoff.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { bullPrefix } from '../../../src/handoff/bull-pools.ts';

describe('handoff queue on BullMQ and real Redis', () => {
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

  it('two agents and ten customers: positions move as agents take work, by language, within capacity', async () => {
    const languages: Language[] = ['fa', 'en', 'fa', 'fa', 'en', 'ar', 'fa', 'en', 'fa', 'en'];
    for (const [i, language] of languages.entries()) {
      clock.advance(1_000);
      await queue.enqueue(packet(`c${i}`, language));
    }
    expect(await queue.waitingIds()).toEqual(languages.map((_, i) => `c${i}`));

    const sara = agent('sara', ['fa'], 2);
    const john = agent('john', ['en'], 2);
    const first = await queue.take(sara);
    expect(first).toMatchObject({ kind: 'taken', ticket: { conversationId: 'c0', agentId: 'sara' } });
    const second = await queue.take(john);
    expect(second).toMatchObject({ kind: 'taken', ticket: { conversationId: 'c1' } });
    expect((await queue.waitingIds()).slice(0, 3)).toEqual(['c2', 'c3', 'c4']);

    expect(await queue.take(sara)).toMatchObject({ kind: 'taken', ticket: { conversationId: 'c2' } });
    expect(await queue.take(sara)).toEqual({ kind: 'at-capacity', capacity: 2 });
    expect(await queue.take(john)).toMatchObject({ kind: 'taken', ticket: { conversationId: 'c4' } });

    // Nobody serves Arabic: c5 keeps waiting while others are served.
    const resolved = await queue.resolve('c0', 'address changed');
    expect(resolved).toMatchObject({ agentId: 'sara', language: 'fa', note: 'address changed' });
    expect(await queue.take(sara)).toMatchObject({ kind: 'taken', ticket: { conversationId: 'c3' } });
    expect(await queue.waitingIds()).toEqual(['c5', 'c6', 'c7', 'c8', 'c9']);
    expect(await queue.chatsOf('sara')).toEqual(expect.arrayContaining(['c2', 'c3']));
  });

  it('escalating the same conversation twice keeps one ticket', async () => {
    const a = await queue.enqueue(packet('c1', 'fa'));
    const b = await queue.enqueue(packet('c1', 'fa', ['anger']));
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(await queue.waitingIds()).toEqual(['c1']);
  });

  it('serves an angry customer first', async () => {
    await queue.enqueue(packet('calm', 'en', ['repeated-failure']));
    clock.advance(1_000);
    await queue.enqueue(packet('angry', 'en', ['anger']));
    expect(await queue.waitingIds()).toEqual(['angry', 'calm']);
    expect(await queue.take(agent('john', ['en']))).toMatchObject({ ticket: { conversationId: 'angry' } });
  });

  it('a released chat goes back in line at the front of its priority, and the next agent gets it', async () => {
    await queue.enqueue(packet('c1', 'fa'));
    clock.advance(1_000);
    await queue.enqueue(packet('c2', 'fa'));
    await queue.take(agent('sara', ['fa']));
    clock.advance(1_000);
    await queue.enqueue(packet('c3', 'fa'));
    await queue.release('c1');
    expect(await queue.waitingIds()).toEqual(['c1', 'c2', 'c3']);
    expect(await queue.chatsOf('sara')).toEqual([]);
    expect(await queue.take(agent('reza', ['fa']))).toMatchObject({
      ticket: { conversationId: 'c1', agentId: 'reza' },
    });
  });

  it('keeps a taken chat locked while the agent is there, and transfers it', async () => {
    await queue.enqueue(packet('c1', 'en'));
    await queue.take(agent('john', ['en']));
    await queue.keepAlive('john');
    const lockTtl = await bull.pttl(`${bullPrefix(prefix)}:handoff.default.en:c-c1:lock`);
    expect(lockTtl).toBeGreaterThan(4_000);

    expect(await queue.transfer('c1', agent('fa-only', ['fa']))).toBe(false);
    expect(await queue.transfer('c1', agent('mary', ['en', 'ar']))).toBe(true);
    expect(await queue.chatsOf('mary')).toEqual(['c1']);
    expect((await queue.ticket('c1'))?.agentId).toBe('mary');
    clock.advance(60_000);
    const closed = await queue.resolve('c1');
    expect(closed).toMatchObject({ agentId: 'mary', handleMs: 60_000 });
  });

  it('lets a waiting customer leave the line', async () => {
    await queue.enqueue(packet('c1', 'ar'));
    expect(await queue.cancel('c1')).toBe(true);
    expect(await queue.waitingIds()).toEqual([]);
    expect(await queue.take(agent('amal', ['ar']))).toEqual({ kind: 'none' });
    expect((await queue.enqueue(packet('c1', 'ar'))).duplicate).toBe(false);
  });

  it('gives a snapshot with the line and the recent work', async () => {
    await queue.enqueue(packet('c1', 'en'));
    await queue.take(agent('john', ['en']));
    clock.advance(120_000);
    await queue.resolve('c1');
    await queue.enqueue(packet('c2', 'en'));
    const snapshot = await queue.snapshot([]);
    expect(snapshot.waiting.map((w) => w.ticketId)).toEqual(['c2']);
    expect(snapshot.recent).toEqual([expect.objectContaining({ handleMs: 120_000, language: 'en' })]);
  });

  it('releases and resolves a chat whose lock lapsed (no process renewed it in time)', async () => {
    const short = new HandoffQueue({ redis, bullConnection: bull, prefix, clock, lockMs: 200 });
    try {
      await short.enqueue(packet('c1', 'en'));
      await short.enqueue(packet('c2', 'en'));
      await short.take(agent('john', ['en']));
      await new Promise((resolve) => setTimeout(resolve, 350));
      await short.release('c1');
      expect(await short.waitingIds()).toEqual(['c1', 'c2']);
      expect(await short.take(agent('mary', ['en']))).toMatchObject({ ticket: { conversationId: 'c1' } });
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await short.resolve('c1')).toMatchObject({ agentId: 'mary' });
      expect(await short.take(agent('mary', ['en']))).toMatchObject({ ticket: { conversationId: 'c2' } });
    } finally {
      await short.close();
    }
  });

  it('fairness: a calm customer who has waited past the bound goes before a newer angry one', async () => {
    const fair = new HandoffQueue({ redis, bullConnection: bull, prefix, clock, maxOvertakeMs: 60_000 });
    try {
      await fair.enqueue(packet('patient', 'en', ['repeated-failure'])); // no head start
      clock.advance(61_000); // past the bound: the angry newcomer's 60 s head start does not reach back
      await fair.enqueue(packet('angry', 'en', ['anger']));
      expect(await fair.waitingIds()).toEqual(['patient', 'angry']);
      const snapshot = await fair.snapshot([]);
      expect(snapshot.waiting.map((t) => [t.ticketId, t.rank])).toEqual([
        ['patient', 1_000_000],
        ['angry', 1_061_000 - 60_000],
      ]);
      expect(await fair.take(agent('john', ['en']))).toMatchObject({ ticket: { conversationId: 'patient' } });
      expect(await fair.take(agent('john', ['en']))).toMatchObject({ ticket: { conversationId: 'angry' } });
    } finally {
      await fair.close();
    }
  });

  it('fairness: an angry newcomer still goes before a calm customer who came seconds earlier', async () => {
    const fair = new HandoffQueue({ redis, bullConnection: bull, prefix, clock, maxOvertakeMs: 60_000 });
    try {
      await fair.enqueue(packet('calm', 'en', ['repeated-failure']));
      clock.advance(5_000);
      await fair.enqueue(packet('asked', 'en', ['customer-asked'])); // 30 s head start
      clock.advance(5_000);
      await fair.enqueue(packet('angry', 'en', ['anger']));
      expect(await fair.waitingIds()).toEqual(['angry', 'asked', 'calm']);
      expect((await fair.takeTicket(agent('mary', ['en']), 'calm')).kind).toBe('taken'); // a deliberate pick
      expect(await fair.take(agent('john', ['en']))).toMatchObject({ ticket: { conversationId: 'angry' } });
      // Back in line, a chat goes to the front: its customer was already being served.
      expect(await fair.release('calm')).toMatchObject({ status: 'waiting', rank: 1_000_000 - 1e13 });
      expect(await fair.waitingIds()).toEqual(['calm', 'asked']);
    } finally {
      await fair.close();
    }
  });

  it('agents taking at once in one pool get the first tickets by rank, each a different one', async () => {
    for (const [i, reasons] of (
      [['repeated-failure'], ['customer-asked'], ['anger'], ['repeated-failure'], ['anger']] as const
    ).entries()) {
      await queue.enqueue(packet(`c${i}`, 'fa', [...reasons]));
      clock.advance(10_000);
    }
    const order = await queue.waitingIds();
    expect(order).toEqual(['c2', 'c4', 'c1', 'c0', 'c3']);
    const takers = ['a', 'b', 'c'].map((id) => agent(id, ['fa'], 1));
    const taken = await Promise.all(takers.map((a) => queue.take(a)));
    const ids = taken.map((t) => (t.kind === 'taken' ? t.ticket.conversationId : t.kind));
    expect([...ids].sort()).toEqual(['c1', 'c2', 'c4']);
    expect(await queue.waitingIds()).toEqual(['c0', 'c3']);
  });

  it('gives tickets queued by the version before the fairness rule their rank', async () => {
    await queue.enqueue(packet('old', 'en', ['repeated-failure']));
    clock.advance(1_000);
    await queue.enqueue(packet('new', 'en', ['repeated-failure']));
    const waiting = `${prefix}{human}:handoff:waiting`;
    await redis.zadd(waiting, 3e13 + 1_000_000, 'old'); // as the old version scored it
    await redis.hdel(`${prefix}{human}:handoff:ticket:old`, 'rank');
    expect(await queue.waitingIds()).toEqual(['new', 'old']);
    expect(await queue.rankOldTickets()).toBe(1);
    expect(await queue.waitingIds()).toEqual(['old', 'new']);
    expect(await queue.rankOldTickets()).toBe(0);
  });
});
