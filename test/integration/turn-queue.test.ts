import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/core/message.ts';
import type { TranscriptEntry } from '../../src/conversations/conversation.ts';
import { RedisConversationEvents } from '../../src/conversations/redis-conversation-events.ts';
import { conversationKeys } from '../../src/conversations/redis-keys.ts';
import { TurnQueue, type TurnHandler } from '../../src/conversations/turn-queue.ts';
import { systemClock } from '../../src/core/clock.ts';
import { HamdelError } from '../../src/core/errors.ts';
import { RedisConversationStore } from '../../src/conversations/redis-conversation-store.ts';
import { turnIdOf } from '../../src/conversations/turn-id.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../helpers/redis.ts';
import { eventually } from '../helpers/time.ts';

/** One simulated process: its own Redis connections, events and turn queue. */
function startProcess(
  prefix: string,
  handler: TurnHandler,
  extra: { lockMs?: number; pollMs?: number; sweepMs?: number; announce?: boolean } = {},
) {
  const redis = connectRedis();
  const subscriber = connectRedis();
  const events = new RedisConversationEvents({ redis, subscriber, prefix });
  const queue = new TurnQueue({ redis, events, prefix, handler, ...extra });
  return {
    queue,
    events,
    async stop() {
      await events.close();
      redis.disconnect();
    },
  };
}

function message(id: string, text: string, conversationId = 'c1'): InboundMessage {
  return {
    direction: 'in',
    channel: 'test',
    conversationId,
    customer: { id: 'customer-1' },
    text,
    sentAt: Date.now(),
    platformMessageId: id,
    raw: {},
  };
}

function reply(text: string): TranscriptEntry {
  return { id: `${Date.now()}-0`, author: { kind: 'bot' }, text, at: Date.now() };
}

describe('TurnQueue on real Redis', () => {
  let prefix: string;
  let admin: Redis;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(() => {
    prefix = randomPrefix();
    admin = connectRedis();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it('handles the messages of one conversation one at a time, in arrival order, across two processes', async () => {
    const handled: string[] = [];
    let active = 0;
    let maxActive = 0;
    const handler: TurnHandler = async (m) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(5 + Math.random() * 15);
      handled.push(m.text);
      active -= 1;
      return [reply(`re ${m.text}`)];
    };
    const a = startProcess(prefix, handler);
    const b = startProcess(prefix, handler);
    stops.push(a.stop, b.stop);
    // Both processes connected first, so that arrival order is the order of sending below.
    await Promise.all([
      a.queue.submit(message('warm-a', 'x', 'warm-a')),
      b.queue.submit(message('warm-b', 'x', 'warm-b')),
    ]);
    handled.length = 0;
    maxActive = 0;

    // Arrival order is the order of enqueueing; the turns then run while both processes compete.
    const sent: string[] = [];
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const text = `m${i}`;
      sent.push(text);
      const process = i % 2 === 0 ? a : b;
      const ticket = await process.queue.enqueue(message(`p${i}`, text));
      pending.push(process.queue.outcome(ticket));
    }
    const outcomes = (await Promise.all(pending)) as { replies: TranscriptEntry[] }[];

    expect(handled).toEqual(sent);
    expect(maxActive).toBe(1);
    expect(outcomes.map((o) => o.replies[0]?.text)).toEqual(sent.map((t) => `re ${t}`));
    expect(await admin.llen(conversationKeys(prefix).inbox('c1'))).toBe(0);
  });

  it('handles a repeated delivery of the same platform message once and answers it with the first result', async () => {
    let calls = 0;
    const p = startProcess(prefix, async (m) => {
      calls += 1;
      await sleep(20);
      return [reply(`answer to ${m.text}`)];
    });
    stops.push(p.stop);

    const [first, concurrentRepeat] = await Promise.all([
      p.queue.submit(message('same-id', 'hello')),
      p.queue.submit(message('same-id', 'hello')),
    ]);
    const laterRepeat = await p.queue.submit(message('same-id', 'hello'));

    expect(calls).toBe(1);
    expect([first.duplicate, concurrentRepeat.duplicate].sort()).toEqual([false, true]);
    expect(laterRepeat.duplicate).toBe(true);
    expect(laterRepeat.replies.map((r) => r.text)).toEqual(['answer to hello']);
  });

  it('loses nothing when the process holding a conversation dies: another takes over when its lock expires', async () => {
    const keys = conversationKeys(prefix);
    // A process that died mid-turn: it left the lock (with its expiry) and the message in the inbox.
    await admin.set(keys.lock('c1'), 'dead-process', 'PX', 400);
    await admin.set(keys.seen('c1', 'orphan-key'), 'c1', 'EX', 60);
    await admin.rpush(
      keys.inbox('c1'),
      JSON.stringify({ key: 'orphan-key', message: message('orphan', 'first') }),
    );

    const handled: string[] = [];
    const p = startProcess(
      prefix,
      async (m) => {
        handled.push(m.text);
        return [reply(m.text)];
      },
      { pollMs: 50 },
    );
    stops.push(p.stop);
    const started = Date.now();
    const outcome = await p.queue.submit(message('next', 'second'));

    expect(handled).toEqual(['first', 'second']);
    expect(outcome.replies[0]?.text).toBe('second');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('reports a failing turn to its caller and goes on with the next message', async () => {
    const p = startProcess(prefix, async (m) => {
      if (m.text === 'boom') throw new Error('engine exploded');
      return [reply(m.text)];
    });
    stops.push(p.stop);
    await expect(p.queue.submit(message('x1', 'boom'))).rejects.toMatchObject({ code: 'TURN_TIMEOUT' });
    const next = await p.queue.submit(message('x2', 'fine'));
    expect(next.replies[0]?.text).toBe('fine');
  });

  it('keeps message ids apart per conversation: two customers may use the same id, a retry is answered once', async () => {
    let calls = 0;
    const p = startProcess(prefix, async (m) => {
      calls += 1;
      return [reply(`${m.conversationId}: ${m.text}`)];
    });
    stops.push(p.stop);
    const a = await p.queue.submit(message('m-1', 'hello', 'c1'));
    const b = await p.queue.submit(message('m-1', 'hi', 'c2'));
    const retry = await p.queue.submit(message('m-1', 'hello', 'c1'));
    expect([a.duplicate, b.duplicate, retry.duplicate]).toEqual([false, false, true]);
    expect(b.replies[0]?.text).toBe('c2: hi');
    expect(retry.replies[0]?.text).toBe('c1: hello');
    expect(calls).toBe(2);
  });

  it('picks up an inbox a dead process left, within seconds, with nobody waiting for it', async () => {
    const keys = conversationKeys(prefix);
    const dead = startProcess(prefix, async () => [reply('never')]);
    stops.push(dead.stop);
    // The dead process had queued the message and taken the conversation, then died (its lock lives on).
    const handled: string[] = [];
    const orphan = message('o-1', 'are you there?', 'c7');
    await admin.set(keys.lock('c7'), 'dead-process', 'PX', 300);
    const ticket = await dead.queue.enqueue(orphan);
    expect(ticket.local).toBeUndefined();

    const alive = startProcess(
      prefix,
      async (m) => {
        handled.push(m.text);
        return [reply(m.text)];
      },
      { sweepMs: 100 },
    );
    stops.push(alive.stop);
    alive.queue.startSweeping();
    await eventually(() => handled.length === 1, 'the sweep to handle the orphaned message');
    expect(await admin.llen(keys.inbox('c7'))).toBe(0);
    await eventually(
      async () => (await admin.zscore(`${prefix}turns:pending`, 'c7')) === null,
      'the conversation to leave the pending set',
    );
    expect(handled).toEqual(['are you there?']);
  });

  it('frees a conversation whose turn Redis cut short as soon as Redis answers, not when its lock runs out', async () => {
    const keys = conversationKeys(prefix);
    const runs: string[] = [];
    const p = startProcess(
      prefix,
      async (m) => {
        runs.push(m.text);
        // The first run meets Redis away (as ioredis reports it after its reconnection attempts).
        if (runs.length === 1) throw new HamdelError('REDIS_UNAVAILABLE', 'Redis went away mid-turn');
        return [reply(m.text)];
      },
      // A lock that outlives the test: only a release lets the waiting caller run the message again.
      { lockMs: 120_000, pollMs: 50 },
    );
    stops.push(p.stop);
    const outcome = await p.queue.submit(message('r-1', 'is my parcel coming?', 'c8'));
    expect(outcome.replies[0]?.text).toBe('is my parcel coming?');
    expect(runs).toEqual(['is my parcel coming?', 'is my parcel coming?']);
    expect(await admin.llen(keys.inbox('c8'))).toBe(0);
    expect(await admin.exists(keys.lock('c8'))).toBe(0);
  });

  it('keeps a result as the ids of its replies when it can read entries back, and answers a repeat in full', async () => {
    const store = new RedisConversationStore({ redis: admin, prefix, clock: systemClock });
    const redis = connectRedis();
    const subscriber = connectRedis();
    const events = new RedisConversationEvents({ redis, subscriber, prefix });
    const queue = new TurnQueue({
      redis,
      events,
      prefix,
      entries: (conversationId, ids) => store.entries(conversationId, ids),
      handler: async (m) => {
        await store.ensure({ id: m.conversationId, channel: 'test', customerId: 'customer-1' });
        return [
          await store.append(m.conversationId, { author: { kind: 'bot' }, text: `پاسخ: ${m.text}`, at: 1 }),
        ];
      },
    });
    stops.push(async () => {
      await events.close();
      redis.disconnect();
    });
    const first = await queue.submit(message('k-1', 'سلام', 'c3'));
    const kept = await admin.get(conversationKeys(prefix).seen('c3', turnIdOf(message('k-1', 'سلام', 'c3'))));
    expect(JSON.parse(kept ?? '{}')).toEqual({ ids: first.replies.map((r) => r.id) });
    const repeat = await queue.submit(message('k-1', 'سلام', 'c3'));
    expect(repeat).toEqual({ duplicate: true, replies: first.replies });
  });

  it('settles once every turn it started is done, the ones queued meanwhile too', async () => {
    const done: string[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const handler: TurnHandler = async (m) => {
      await gate;
      done.push(m.text);
      return [reply(`re ${m.text}`)];
    };
    const { queue, stop } = startProcess(prefix, handler);
    stops.push(stop);
    await queue.enqueue(message('s-1', 'one', 'c4'));
    await queue.enqueue(message('s-2', 'two', 'c4'));
    await queue.enqueue(message('s-3', 'three', 'c5'));
    let settled = false;
    const settling = queue.settled().then(() => (settled = true));
    await sleep(20);
    expect(settled).toBe(false); // the turns wait at the gate
    open();
    await settling;
    expect(done.sort()).toEqual(['one', 'three', 'two']);
  });

  it('announces a finished turn from the script that stores its result, and gives the handler its turn id', async () => {
    const ids: (string | undefined)[] = [];
    const a = startProcess(
      prefix,
      async (m, turnId) => {
        ids.push(turnId);
        return [reply(`re ${m.text}`)];
      },
      { announce: true },
    );
    // A's own publishing goes nowhere: what B hears comes from the script.
    a.events.publish = async () => undefined;
    const b = startProcess(prefix, async () => []);
    stops.push(a.stop, b.stop);
    const sent = message('m-announced', 'hello', 'c-announced');
    const key = turnIdOf(sent);
    const seen = conversationKeys(prefix).seen('c-announced', key);
    const heard: { messageKey: string; stored: string | null }[] = [];
    const unsubscribe = await b.events.subscribe('c-announced', (event) => {
      if (event.type !== 'turn-done') return;
      // Read as the event arrives: the result is already stored.
      void admin.get(seen).then((stored) => heard.push({ messageKey: event.messageKey, stored }));
    });
    stops.push(unsubscribe);
    const outcome = await a.queue.submit(sent);
    expect(outcome.replies.map((entry) => entry.text)).toEqual(['re hello']);
    expect(ids).toEqual([key]);
    await eventually(() => heard.length === 1, 'the turn-done event');
    expect(heard[0]?.messageKey).toBe(key);
    expect(heard[0]?.stored).toContain('re hello');
  });
});
