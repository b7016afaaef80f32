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
    await service.take({ ...sara, languages: ['en'] });
    await service.release('c3', 'Sara');
    expect((await store.get('c3'))?.state).toBe('waiting');
    const transcript = await store.transcript('c3');
    expect(transcript.map((e) => e.text)).toContain(catalog.text('en', 'agent_released', { agent: 'Sara' }));
    expect(await queue.waitingIds()).toEqual(['c3']);
  });
});
