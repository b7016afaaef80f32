import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { InboundMessage, OutboundMessage } from '../../../src/core/message.ts';
import type { ConversationEvent } from '../../../src/conversations/conversation-events.ts';
import { MemoryConversationEvents } from '../../../src/conversations/memory-conversation-events.ts';
import { MemoryConversationStore } from '../../../src/conversations/memory-conversation-store.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { createTurnRunner, type HandoffHooks } from '../../../src/dialogs/turn-runner.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent } from '../../helpers/content.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

describe('turn runner', () => {
  it('stores the customer message with the allow-listed part of its raw payload, announces every entry, and hands replies to the channel', async () => {
    const { store, seen, delivered, run } = await setUp();
    const message: InboundMessage = {
      direction: 'in',
      channel: 'telegram',
      conversationId: 'c1',
      customer: { id: 'u1', displayName: 'Sara' },
      text: 'where is my order?',
      sentAt: 900,
      platformMessageId: '77',
      raw: {
        update_id: 77,
        message: { message_id: 5, text: 'where is my order?', from: { id: 9, first_name: 'Sara' } },
      },
    };
    const replies = await run(message);

    const transcript = await store.transcript('c1');
    expect(transcript[0]).toMatchObject({
      author: { kind: 'customer' },
      raw: { update_id: 77, message: { message_id: 5, from: { id: 9 } } },
      platformMessageId: '77',
    });
    expect(seen.filter((e) => e.type === 'entry')).toHaveLength(transcript.length);
    expect(seen.some((e) => e.type === 'typing')).toBe(false); // a quick turn shows no "typing…"
    expect(delivered.map((d) => d.text)).toEqual(replies.map((r) => r.text));
    expect(delivered[0]).toMatchObject({
      direction: 'out',
      channel: 'telegram',
      conversationId: 'c1',
      language: 'en',
    });
    expect((await store.getCustomer('telegram', 'u1'))?.displayName).toBe('Sara');
  });

  it('shows "typing…" only while a slow turn runs, and takes it down before the replies', async () => {
    const { store, seen, run } = await setUp({
      typingAfterMs: 5,
      steps: [
        async (context, next) => {
          await new Promise((resolve) => setTimeout(resolve, 60));
          context.say('greeting');
          await next();
        },
      ],
    });
    await run(textMessage('m1', 'hello'));
    const kinds = seen.map((e) => (e.type === 'typing' ? `typing:${e.on}` : e.type));
    expect(kinds.slice(0, 2)).toEqual(['typing:true', 'typing:false']);
    expect(kinds.filter((k) => k === 'entry')).toHaveLength((await store.transcript('c1')).length);
  });

  it('runs a turn once: the same message again writes nothing and sends nothing, and returns the same replies', async () => {
    const { store, delivered, run } = await setUp();
    const first = await run(textMessage('m1', 'where is my order?'));
    const again = await run(textMessage('m1', 'where is my order?'));
    expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(await store.transcript('c1')).toHaveLength(1 + first.length);
    expect(delivered).toHaveLength(first.length);
  });

  it('finishes a turn cut short after its commit: sends it out and escalates once, without writing it again', async () => {
    let failDelivery = true;
    const escalated: string[] = [];
    const { store, delivered, run } = await setUp({
      deliver: async () => {
        if (failDelivery) throw new Error('the process died while sending');
      },
      handoff: {
        escalate: async (conversation) => {
          escalated.push(conversation.id);
          await store.update(conversation.id, { state: 'waiting' });
        },
        cancel: async () => undefined,
        rate: async () => undefined,
      },
    });
    const message = textMessage('m1', 'I want to talk to a person');
    await expect(run(message)).rejects.toThrow('died while sending');
    const written = await store.transcript('c1');
    expect(escalated).toEqual([]);

    failDelivery = false;
    const replies = await run(message);
    expect(await store.transcript('c1')).toEqual(written);
    expect(replies.map((r) => r.id)).toEqual(written.slice(1).map((e) => e.id));
    expect(delivered.map((d) => d.text)).toEqual(replies.map((r) => r.text));
    expect(escalated).toEqual(['c1']);

    await run(message);
    expect(escalated).toEqual(['c1']);
    expect(delivered).toHaveLength(replies.length);
  });
});

function textMessage(id: string, text: string): InboundMessage {
  return {
    direction: 'in',
    channel: 'telegram',
    conversationId: 'c1',
    customer: { id: 'u1' },
    text,
    sentAt: 900,
    platformMessageId: id,
    raw: {},
  };
}

async function setUp(
  options: {
    typingAfterMs?: number;
    steps?: ConstructorParameters<typeof DialogEngine>[0]['steps'];
    deliver?: (replies: readonly OutboundMessage[]) => Promise<void>;
    handoff?: HandoffHooks;
  } = {},
) {
  const clock = new ManualClock(1_000);
  const store = new MemoryConversationStore(clock);
  const events = new MemoryConversationEvents();
  const seen: ConversationEvent[] = [];
  await events.subscribe('c1', (e) => seen.push(e));
  const delivered: OutboundMessage[] = [];
  const writer = new ConversationWriter({
    store,
    events,
    deliver: async (_conversation, replies) => {
      await options.deliver?.(replies);
      delivered.push(...replies);
    },
  });
  const run = createTurnRunner({
    store,
    events,
    writer,
    clock,
    ...(options.typingAfterMs !== undefined ? { typingAfterMs: options.typingAfterMs } : {}),
    ...(options.handoff ? { handoff: options.handoff } : {}),
    engine: new DialogEngine({
      knowledge: () => knowledge,
      catalog: () => catalog,
      clock,
      handoff: options.handoff !== undefined,
      ...(options.steps ? { steps: options.steps } : {}),
    }),
  });
  return { store, events, seen, delivered, run };
}
