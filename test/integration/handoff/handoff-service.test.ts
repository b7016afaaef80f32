import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { InboundMessage } from '../../../src/core/message.ts';
import type { Agent } from '../../../src/agents/agent.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { MemoryConversationEvents } from '../../../src/conversations/memory-conversation-events.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { createTurnRunner } from '../../../src/dialogs/turn-runner.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { HandoffService } from '../../../src/handoff/handoff-service.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

const sara: Agent = {
  id: 'sara',
  name: 'سارا',
  role: 'agent',
  languages: ['fa'],
  skills: [],
  capacity: 2,
  team: 'default',
};

describe('a conversation handed to a person and back, on real Redis and BullMQ', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let queue: HandoffQueue;
  let store: RedisConversationStore;
  let service: HandoffService;
  let run: ReturnType<typeof createTurnRunner>;
  let n = 0;
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 8));

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    store = new RedisConversationStore({ redis, prefix, clock });
    const events = new MemoryConversationEvents();
    const writer = new ConversationWriter({ store, events });
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock });
    service = new HandoffService({
      queue,
      store,
      writer,
      events,
      clock,
      catalog: () => catalog,
      knowledge: () => knowledge,
      // The estimator is tested on its own; here the notice only has to carry the live position.
      waitNotice: async (conversation) => {
        const position = (await queue.waitingIds()).indexOf(conversation.id) + 1;
        return {
          position,
          text: catalog.text(conversation.language ?? 'en', 'queue_status', { position, wait: '' }),
        };
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
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  const say = (text: string, conversationId = 'c1'): Promise<readonly { text: string }[]> => {
    n += 1;
    const message: InboundMessage = {
      direction: 'in',
      channel: 'web',
      conversationId,
      customer: { id: `v-${conversationId}` },
      text,
      sentAt: clock.now(),
      platformMessageId: `m${n}`,
      raw: {},
    };
    return run(message);
  };

  it('asks for a person in Persian, waits silently, talks with the agent, rates, and gets the bot back', async () => {
    const first = await say('سلام، میخوام با یه کارشناس صحبت کنم');
    expect(first.at(-1)?.text).toBe(catalog.text('fa', 'handoff_connecting'));
    expect((await store.get('c1'))?.state).toBe('waiting');
    let transcript = await store.transcript('c1');
    expect(transcript.at(-1)?.text).toContain('۱'); // "you are number 1 in line", in Persian digits

    expect(await say('کسی هست؟')).toEqual([]); // the bot stays silent while the customer waits

    const taken = await service.take(sara);
    expect(taken).toMatchObject({ kind: 'taken', packet: { language: 'fa', reasons: ['customer-asked'] } });
    expect((await store.get('c1'))?.state).toBe('agent');
    transcript = await store.transcript('c1');
    expect(transcript.at(-1)).toMatchObject({
      author: { kind: 'system' },
      text: catalog.text('fa', 'agent_joined', { agent: 'سارا' }),
    });

    await service.say(sara, 'c1', 'سلام، من سارا هستم. چطور می‌تونم کمکتون کنم؟');
    expect(await say('سفارشم هنوز نرسیده')).toEqual([]); // nor while a person has the chat

    clock.advance(5 * 60_000);
    await service.resolve(sara, 'c1', 'tracking sent');
    const conversation = await store.get('c1');
    expect(conversation).toMatchObject({ state: 'bot' });
    transcript = await store.transcript('c1');
    expect(transcript.at(-1)?.choices?.map((c) => c.label)).toEqual(['۱', '۲', '۳', '۴', '۵']);

    const thanks = await say('#rate:5');
    expect(thanks.map((r) => r.text)).toEqual([catalog.text('fa', 'survey_thanks')]);
    const [closed] = await queue.closedTickets();
    expect(closed).toMatchObject({ agentId: 'sara', rating: 5, handleMs: 5 * 60_000, note: 'tracking sent' });
    expect(closed?.firstReplyMs).toBe(0);

    const again = await say('هزینه ارسال چقدره؟');
    expect(again.at(-1)).toMatchObject({ meta: { kind: 'answer', articleId: 'delivery-cost' } });
  });

  it('lets a waiting customer leave the line, in Arabic', async () => {
    await say('ابي اكلم موظف خدمة العملاء', 'c2');
    expect(await queue.waitingIds()).toEqual(['c2']);
    const left = await say('خلاص ما احتاج', 'c2');
    expect(left.map((r) => r.text)).toEqual([catalog.text('ar', 'wait_cancelled')]);
    expect(await queue.waitingIds()).toEqual([]);
    expect((await store.get('c2'))?.state).toBe('bot');
  });

  it('puts a chat back in line when its agent leaves, and tells the customer', async () => {
    await say('I need to talk to a human please', 'c3');
    const englishSara = { ...sara, name: 'Sara', languages: ['en' as const] };
    await service.take(englishSara);
    await service.release(englishSara, 'c3');
    expect((await store.get('c3'))?.state).toBe('waiting');
    const transcript = await store.transcript('c3');
    expect(transcript.map((e) => e.text)).toContain(catalog.text('en', 'agent_released', { agent: 'Sara' }));
    expect(await queue.waitingIds()).toEqual(['c3']);
  });
});

describe('the supervisor', () => {
  it('returns the chats of an agent who went away to the line, keeps present agents’ chats, and updates waits', async () => {
    const { Supervisor } = await import('../../../src/handoff/supervisor.ts');
    const redis = connectRedis();
    const bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const prefix = randomPrefix();
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 8));
    const store = new RedisConversationStore({ redis, prefix, clock });
    const events = new MemoryConversationEvents();
    const waits: unknown[] = [];
    const writer = new ConversationWriter({ store, events });
    const queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock });
    let position = 0;
    const service = new HandoffService({
      queue,
      store,
      writer,
      events,
      clock,
      catalog: () => catalog,
      knowledge: () => knowledge,
      waitNotice: async (c) => {
        position = (await queue.waitingIds()).indexOf(c.id) + 1;
        return { position, text: `#${position}` };
      },
    });
    const engine = new DialogEngine({
      knowledge: () => knowledge,
      catalog: () => catalog,
      clock,
      handoff: true,
    });
    const run = createTurnRunner({ store, events, writer, engine, clock, handoff: service });
    const present = new Set(['john']);
    const supervisor = new Supervisor({
      redis,
      prefix,
      queue,
      service,
      store,
      isPresent: async (id) => present.has(id),
      agentName: async (id) => id,
    });
    try {
      for (const id of ['a', 'b', 'c']) {
        await run({
          direction: 'in',
          channel: 'web',
          conversationId: id,
          customer: { id },
          text: 'I want to talk to a human',
          sentAt: clock.now(),
          platformMessageId: `p-${id}`,
          raw: {},
        });
      }
      await events.subscribe('c', (e) => waits.push(e));
      const john: Agent = { ...sara, id: 'john', name: 'John', languages: ['en'] };
      const mary: Agent = { ...sara, id: 'mary', name: 'Mary', languages: ['en'] };
      await service.take(john);
      await service.take(mary); // mary's console dies: she is not present
      clock.advance(60_000);
      expect(await supervisor.tick()).toBe(true);
      await supervisor.settled(); // what customers are told is sent in the background
      expect(await queue.chatsOf('john')).toEqual(['a']);
      expect(await queue.chatsOf('mary')).toEqual([]);
      expect(await queue.waitingIds()).toEqual(['b', 'c']); // b is back at the front
      expect((await store.get('b'))?.state).toBe('waiting');
      expect(waits).toContainEqual({ type: 'wait', position: 2, text: '#2' });

      const other = new Supervisor({
        redis,
        prefix,
        queue,
        service,
        store,
        isPresent: async () => true,
        agentName: async (id) => id,
      });
      expect(await other.tick()).toBe(false); // one caretaker at a time
    } finally {
      await supervisor.stop();
      await queue.close();
      await deleteKeys(redis, prefix);
      redis.disconnect();
      bull.disconnect();
    }
  });
});
