import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../../src/adapters/channel-adapter.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import type { OutboundMessage } from '../../../src/core/message.ts';
import type { ConversationEvent } from '../../../src/conversations/conversation-events.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { MemoryConversationEvents } from '../../../src/conversations/memory-conversation-events.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { createTurnRunner } from '../../../src/dialogs/turn-runner.ts';
import type { Agent } from '../../../src/agents/agent.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { HandoffService } from '../../../src/handoff/handoff-service.ts';
import { Supervisor } from '../../../src/handoff/supervisor.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { eventually } from '../../helpers/time.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

const mary: Agent = {
  id: 'mary',
  name: 'Mary',
  role: 'agent',
  languages: ['en'],
  skills: [],
  capacity: 2,
  team: 'default',
};

/**
 * "The wait may be told twice": a supervisor round that came while the first notice of a wait (on an
 * escalation, or after an agent's release) was still on its way used to find no notice remembered and
 * push its own update too, before the message. Now the first notice is told once, and updates follow it.
 */
describe('a wait is told once, and the message comes before any update', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let queue: HandoffQueue;
  let store: RedisConversationStore;
  let events: MemoryConversationEvents;
  let service: HandoffService;
  let supervisor: Supervisor;
  let run: ReturnType<typeof createTurnRunner>;
  /** What the customer's channel was asked to do, in order. */
  let told: string[];
  let hold: ((message: OutboundMessage) => boolean) | undefined;
  let held: { message: OutboundMessage; open: () => void } | undefined;
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 8));

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    store = new RedisConversationStore({ redis, prefix, clock });
    events = new MemoryConversationEvents();
    told = [];
    hold = undefined;
    held = undefined;
    const channels = new ChannelRegistry();
    channels.register({
      channel: 'telegram',
      async deliver(_conversation, messages) {
        for (const message of messages) {
          if (hold?.(message)) {
            await new Promise<void>((resolve) => {
              held = { message, open: resolve };
            });
          }
          told.push(`${message.meta?.kind ?? message.author.kind}: ${message.text}`);
        }
      },
      async showWait(_conversation, wait) {
        told.push(`wait: ${wait.text}`);
      },
    });
    const writer = new ConversationWriter({ store, events, deliver: channels.deliver });
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock });
    let looks = 0;
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
      // A notice that changes at every look: any round that may tell something does.
      waitNotice: async () => {
        looks += 1;
        return { position: 1, text: `look ${looks}` };
      },
    });
    const engine = new DialogEngine({
      knowledge: () => knowledge,
      catalog: () => catalog,
      clock,
      handoff: true,
    });
    run = createTurnRunner({ store, events, writer, engine, clock, handoff: service });
    supervisor = new Supervisor({
      redis,
      prefix,
      queue,
      service,
      store,
      isPresent: async () => true,
      agentName: async (id) => id,
      drainMs: 0,
    });
  });
  afterEach(async () => {
    held?.open();
    await supervisor.stop();
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  const askForPerson = (conversationId: string) =>
    run({
      direction: 'in',
      channel: 'telegram',
      conversationId,
      customer: { id: `c-${conversationId}` },
      text: 'I want to talk to a human',
      sentAt: clock.now(),
      platformMessageId: `p-${conversationId}`,
      raw: {},
    });

  const record = (conversationId: string) => {
    const seen: ConversationEvent[] = [];
    void events.subscribe(conversationId, (event) => seen.push(event));
    return seen;
  };

  it('on escalation: a round while the place message is on its way tells nothing', async () => {
    const seen = record('tg-1');
    hold = (message) => message.meta?.kind === 'handoff' && (message.choices?.length ?? 0) > 0;
    const turn = askForPerson('tg-1');
    await eventually(() => held, 'the place message on its way');
    expect((await store.get('tg-1'))?.state).toBe('waiting'); // the supervisor sees a waiting customer
    expect(await supervisor.tick()).toBe(true);
    await supervisor.settled();
    expect(told.filter((line) => line.startsWith('wait:'))).toEqual([]);
    expect(seen.filter((event) => event.type === 'wait')).toEqual([]);

    held?.open();
    await turn;
    const place = told.filter((line) => /^(handoff|wait): look/.test(line));
    expect(place).toEqual(['handoff: look 1']); // told once
    // The widget's live line shows the same place at once, after the message.
    const kinds = seen.map((e) => (e.type === 'entry' ? `entry:${e.entry.text}` : e.type));
    expect(kinds.indexOf('wait')).toBeGreaterThan(kinds.indexOf('entry:look 1'));
    expect(seen.find((e) => e.type === 'wait')).toEqual({ type: 'wait', position: 1, text: 'look 1' });

    // From then on, rounds update it in place.
    expect(await supervisor.tick()).toBe(true);
    await supervisor.settled();
    expect(told.at(-1)).toBe('wait: look 2');
    const waiting = await store.get('tg-1');
    expect(waiting && (await service.shownWait(waiting))).toEqual({ position: 1, text: 'look 2' });
  });

  it('after a release: a round while the agent-left message is on its way tells nothing', async () => {
    await askForPerson('tg-2');
    expect(await service.take(mary)).toMatchObject({ kind: 'taken' });
    told = [];
    hold = (message) => message.author.kind === 'system';
    const released = service.release(mary, 'tg-2');
    await eventually(() => held, 'the agent-left message on its way');
    expect((await store.get('tg-2'))?.state).toBe('waiting');
    expect(await supervisor.tick()).toBe(true);
    await supervisor.settled();
    expect(told).toEqual([]);
    held?.open();
    await released;
    expect(told).toEqual([
      `system: ${catalog.text('en', 'agent_released', { agent: 'Mary' })}`,
      expect.stringMatching(/^handoff: look \d+$/),
    ]);
  });

  it('a first notice lost on its way (a crash) is taken over by the rounds after a minute', async () => {
    hold = (message) => message.meta?.kind === 'handoff' && (message.choices?.length ?? 0) > 0;
    const turn = askForPerson('tg-3');
    await eventually(() => held, 'the place message on its way');
    await supervisor.tick();
    await supervisor.settled();
    expect(told.filter((line) => line.startsWith('wait:'))).toEqual([]);
    clock.advance(61_000);
    await supervisor.tick();
    await supervisor.settled();
    expect(told.filter((line) => line.startsWith('wait:'))).toHaveLength(1);
    held?.open();
    await turn;
  });
});
