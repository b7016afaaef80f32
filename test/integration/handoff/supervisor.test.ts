import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../../src/adapters/channel-adapter.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import type { ChannelName } from '../../../src/core/message.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { MemoryConversationEvents } from '../../../src/conversations/memory-conversation-events.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { createTurnRunner } from '../../../src/dialogs/turn-runner.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { HandoffService } from '../../../src/handoff/handoff-service.ts';
import { Supervisor, type SupervisorOptions } from '../../../src/handoff/supervisor.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { eventually } from '../../helpers/time.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

/** Something that stays pending until the test opens it. */
function gate() {
  let open: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { done, open: () => open() };
}

const INTERVAL_MS = 200; // the lease lives 600 ms without a renewal

describe('the supervisor keeps its lease while it works, and slow channels stay off its rounds', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let queue: HandoffQueue;
  let store: RedisConversationStore;
  let events: MemoryConversationEvents;
  let service: HandoffService;
  let channels: ChannelRegistry;
  let run: ReturnType<typeof createTurnRunner>;
  const supervisors: Supervisor[] = [];
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 8));

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    store = new RedisConversationStore({ redis, prefix, clock });
    events = new MemoryConversationEvents();
    channels = new ChannelRegistry();
    const writer = new ConversationWriter({ store, events, deliver: channels.deliver });
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock });
    let notices = 0;
    service = new HandoffService({
      queue,
      store,
      writer,
      events,
      clock,
      channels,
      catalog: () => catalog,
      knowledge: () => knowledge,
      waitPolicy: { minIntervalMs: 0 },
      // A notice that changes at every look, so that every round has something to tell every customer.
      waitNotice: async (conversation) => {
        notices += 1;
        const position = (await queue.waitingIds()).indexOf(conversation.id) + 1;
        return { position, text: `#${position} (${notices})` };
      },
    });
    const engine = new DialogEngine({
      knowledge: () => knowledge,
      catalog: () => catalog,
      clock,
      handoff: true,
    });
    run = createTurnRunner({ store, events, writer, engine, clock, handoff: service });
  });
  afterEach(async () => {
    for (const supervisor of supervisors.splice(0)) await supervisor.stop();
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  const supervisor = (extra: Partial<SupervisorOptions> = {}) => {
    const made = new Supervisor({
      redis,
      prefix,
      queue,
      service,
      store,
      isPresent: async () => true,
      agentName: async (id) => id,
      intervalMs: INTERVAL_MS,
      drainMs: 0,
      ...extra,
    });
    supervisors.push(made);
    return made;
  };

  const askForPerson = (conversationId: string, channel: ChannelName) =>
    run({
      direction: 'in',
      channel,
      conversationId,
      customer: { id: `cust-${conversationId}` },
      text: 'I want to talk to a human',
      sentAt: clock.now(),
      platformMessageId: `p-${conversationId}`,
      raw: {},
    });

  it('a round slower than the lease TTL keeps the lease: another supervisor cannot take it meanwhile', async () => {
    const slow = gate();
    let entered = false;
    const first = supervisor({
      beforeTick: async () => {
        entered = true;
        await slow.done;
      },
    });
    const other = supervisor();
    const round = first.tick();
    await eventually(() => entered, 'the round to start');
    // Look again and again for four lease lifetimes while the round is stuck.
    const until = Date.now() + 4 * 3 * INTERVAL_MS;
    let looks = 0;
    while (Date.now() < until) {
      expect(await other.tick()).toBe(false);
      looks += 1;
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS / 2));
    }
    expect(looks).toBeGreaterThan(4);
    slow.open();
    expect(await round).toBe(true);
    await first.stop(); // frees the lease
    expect(await other.tick()).toBe(true);
  });

  it('a Telegram wait edit that hangs longer than the lease TTL holds neither the rounds, nor the lease, nor other channels', async () => {
    const hang = gate();
    const edits = new Map<string, number>();
    channels.register({
      channel: 'telegram',
      deliver: async () => undefined,
      async showWait(conversation) {
        const count = (edits.get(conversation.id) ?? 0) + 1;
        edits.set(conversation.id, count);
        if (count === 1) await hang.done; // Telegram retrying for a minute
      },
    });
    await askForPerson('tg-1', 'telegram');
    await askForPerson('web-1', 'web');
    const webWaits: unknown[] = [];
    await events.subscribe('web-1', (event) => {
      if (event.type === 'wait') webWaits.push(event);
    });
    let rounds = 0;
    const first = supervisor({
      beforeTick: async () => {
        rounds += 1;
      },
    });
    const other = supervisor();
    first.start();
    await eventually(() => edits.get('tg-1') === 1, 'the Telegram edit to hang');
    const roundsAtHang = rounds;
    const webAtHang = webWaits.length;
    // Rounds go on and the web customer keeps getting updates while the Telegram edit hangs, for more
    // than the lease's lifetime (6 rounds of 200 ms > 600 ms)...
    await eventually(() => rounds >= roundsAtHang + 6, 'six more rounds');
    await eventually(() => webWaits.length >= webAtHang + 3, 'more waits for the web customer');
    // ...no second edit is started for the conversation whose edit is still on its way...
    expect(edits.get('tg-1')).toBe(1);
    // ...and the lease stayed with the working supervisor.
    expect(await other.tick()).toBe(false);

    hang.open();
    await eventually(() => (edits.get('tg-1') ?? 0) >= 2, 'the next edit once the first one returned');
  });

  it('returns an absent agent’s chat to the line in the round and tells the customer in the background', async () => {
    const hang = gate();
    let slow = false;
    const delivered: string[] = [];
    channels.register({
      channel: 'telegram',
      async deliver(_conversation, messages) {
        if (slow) await hang.done; // the customer's channel is slow
        delivered.push(...messages.map((m) => m.text));
      },
    });
    await askForPerson('tg-2', 'telegram');
    await service.take({
      id: 'mary',
      name: 'Mary',
      role: 'agent',
      languages: ['en'],
      skills: [],
      capacity: 2,
      team: 'default',
    });
    delivered.length = 0;
    slow = true;
    const away = supervisor({ isPresent: async () => false });
    const released = away.tick();
    // The round ends while the message about it is still on its way.
    expect(await released).toBe(true);
    expect(await queue.waitingIds()).toEqual(['tg-2']);
    expect((await store.get('tg-2'))?.state).toBe('waiting');
    expect(delivered).toEqual([]);
    hang.open();
    await away.settled();
    expect(delivered).toContain(catalog.text('en', 'agent_released', { agent: 'mary' }));
  });
});
