import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { RedisConversationStore } from '../../src/conversations/redis-conversation-store.ts';
import { conversationKeys } from '../../src/conversations/redis-keys.ts';
import type { ConversationEvent } from '../../src/conversations/conversation-events.ts';
import { RedisConversationEvents } from '../../src/conversations/redis-conversation-events.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../helpers/redis.ts';
import { eventually } from '../helpers/time.ts';

const DAY = 86_400_000;

describe('conversation store on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let clock: ManualClock;
  let store: RedisConversationStore;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    clock = new ManualClock(Date.now());
    store = new RedisConversationStore({ redis, prefix, clock, retentionDays: 7 });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('creates a conversation once and updates its state', async () => {
    const a = await store.ensure({ id: 'c1', channel: 'web', customerId: 'v1' });
    const b = await store.ensure({ id: 'c1', channel: 'web', customerId: 'other' });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ state: 'bot', greeted: false, failedAnswers: 0, customerId: 'v1' });
    const updated = await store.update('c1', {
      state: 'waiting',
      language: 'fa',
      handoffRequest: { at: 1, reason: 'customer-asked' },
      lastChoices: [{ label: 'x', value: '#none' }],
    });
    expect(updated).toMatchObject({
      state: 'waiting',
      language: 'fa',
      handoffRequest: { reason: 'customer-asked' },
    });
    const cleared = await store.update('c1', { lastChoices: undefined, handoffRequest: undefined });
    expect(cleared.lastChoices).toBeUndefined();
    expect(cleared.handoffRequest).toBeUndefined();
    await expect(store.update('nope', { state: 'bot' })).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
  });

  it('keeps the transcript append-only and in order, and reads after an id', async () => {
    await store.ensure({ id: 'c1', channel: 'web', customerId: 'v1' });
    const written = [];
    for (let i = 0; i < 5; i += 1) {
      written.push(
        await store.append('c1', { author: { kind: 'customer' }, text: `m${i}`, at: clock.now() }),
      );
    }
    const all = await store.transcript('c1');
    expect(all.map((e) => e.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const after = await store.transcript('c1', { after: written[2]?.id ?? '' });
    expect(after.map((e) => e.text)).toEqual(['m3', 'm4']);
  });

  it('keeps conversations for the retention period after their last message', async () => {
    await store.ensure({ id: 'c1', channel: 'web', customerId: 'v1' });
    await store.append('c1', { author: { kind: 'customer' }, text: 'hello', at: clock.now() });
    const keys = conversationKeys(prefix);
    for (const key of [keys.transcript('c1'), keys.conversation('c1')]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(6 * DAY);
      expect(ttl).toBeLessThanOrEqual(7 * DAY);
    }
  });

  it('drops transcript entries older than the retention period', async () => {
    const short = new RedisConversationStore({ redis, prefix, clock, retentionMs: 300 });
    await short.ensure({ id: 'c2', channel: 'web', customerId: 'v1' });
    await short.append('c2', { author: { kind: 'customer' }, text: 'old', at: clock.now() });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await short.append('c2', { author: { kind: 'customer' }, text: 'new', at: clock.now() });
    expect((await short.transcript('c2')).map((e) => e.text)).toEqual(['new']);
  });

  it('remembers customers', async () => {
    const first = await store.touchCustomer({ channel: 'web', id: 'v1', displayName: 'Sara' });
    clock.advance(1_000);
    const again = await store.touchCustomer({ channel: 'web', id: 'v1' });
    expect(again).toMatchObject({
      firstSeen: first.firstSeen,
      lastSeen: first.firstSeen + 1_000,
      displayName: 'Sara',
    });
  });

  it('commits a turn at once and only once by its id, and tells a later reader how far it got', async () => {
    const init = { id: 'c9', channel: 'web', customerId: 'v9' };
    const opened = await store.openTurn(init, { turnId: 't1', recent: 12 });
    expect(opened.conversation).toMatchObject({ id: 'c9', state: 'bot', customerId: 'v9' });
    expect(opened.committed).toBeUndefined();
    const write = {
      entries: [
        { author: { kind: 'customer' as const }, text: 'سلام، سفارشم کجاست؟', at: 1 },
        { author: { kind: 'bot' as const }, text: 'سفارش شما در راه است.', at: 2 },
      ],
      patch: { language: 'fa' as const, greeted: true, lastChoices: [] },
      result: { effects: { escalate: { reasons: [] } }, language: 'fa' },
    };
    const first = await store.commitTurn('c9', 't1', write);
    expect(first.fresh).toBe(true);
    expect(first.conversation).toMatchObject({ language: 'fa', greeted: true });
    expect(first.entries.map((e) => e.text)).toEqual(write.entries.map((e) => e.text));
    expect(first.record).toMatchObject({ id: 't1', stage: 'committed', result: write.result });

    const again = await store.commitTurn('c9', 't1', write);
    expect(again.fresh).toBe(false);
    expect(await store.transcript('c9')).toHaveLength(2);

    await store.markTurn('c9', 't1', 'delivered');
    const reopened = await store.openTurn(init, { turnId: 't1', recent: 1 });
    expect(reopened.committed).toMatchObject({
      id: 't1',
      stage: 'delivered',
      entryIds: first.record.entryIds,
    });
    expect(reopened.recent.map((e) => e.text)).toEqual(['سفارش شما در راه است.']);
    // The mood step reads only the customer's own messages among the newest entries.
    const customers = await store.openTurn(init, { turnId: 't1', recent: 12, recentOf: 'customer' });
    expect(customers.recent.map((e) => e.text)).toEqual(['سلام، سفارشم کجاست؟']);
    expect(customers.recent[0]?.id).toBe(first.record.entryIds[0]);
    const none = await store.openTurn(init, { turnId: 't1', recent: 1, recentOf: 'customer' });
    expect(none.recent).toEqual([]);
    expect(await store.entries('c9', first.record.entryIds)).toEqual(first.entries);

    // A later turn replaces the record; marking the old one changes nothing.
    await store.commitTurn('c9', 't2', { ...write, entries: write.entries.slice(0, 1) });
    await store.markTurn('c9', 't1', 'done');
    expect((await store.openTurn(init, { turnId: 't2', recent: 0 })).committed).toMatchObject({
      id: 't2',
      stage: 'committed',
    });
  });

  it('announces a committed turn to every process in the same step: its language, then each entry with its id', async () => {
    const subscriber = connectRedis();
    const events = new RedisConversationEvents({ redis, subscriber, prefix });
    const announcing = new RedisConversationStore({ redis, prefix, clock, announce: true });
    const seen: ConversationEvent[] = [];
    const stop = await events.subscribe('c5', (event) => seen.push(event));
    await announcing.openTurn({ id: 'c5', channel: 'web', customerId: 'v5' }, { turnId: 't1', recent: 0 });
    const committed = await announcing.commitTurn('c5', 't1', {
      entries: [
        { author: { kind: 'customer' }, text: 'متى يصل طلبي؟', at: 1, raw: { nested: { ok: true } } },
        { author: { kind: 'bot' }, text: 'يصل خلال ٣ أيام.', at: 2 },
      ],
      patch: { language: 'ar' },
      result: null,
    });
    expect(committed.announced).toBe(true);
    await eventually(() => seen.length === 3, 'three events');
    expect(seen).toEqual([
      { type: 'language', language: 'ar' },
      ...committed.entries.map((entry) => ({ type: 'entry', entry })),
    ]);
    await stop();
    await events.close();
  });
});
