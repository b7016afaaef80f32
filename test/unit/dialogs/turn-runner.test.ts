import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { InboundMessage, OutboundMessage } from '../../../src/core/message.ts';
import type { ConversationEvent } from '../../../src/conversations/conversation-events.ts';
import { MemoryConversationEvents } from '../../../src/conversations/memory-conversation-events.ts';
import { MemoryConversationStore } from '../../../src/conversations/memory-conversation-store.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { createTurnRunner } from '../../../src/dialogs/turn-runner.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent } from '../../helpers/content.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

describe('turn runner', () => {
  it('stores the customer message with its raw payload, announces every entry, and hands replies to the channel', async () => {
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
        delivered.push(...replies);
      },
    });
    const run = createTurnRunner({
      store,
      events,
      writer,
      clock,
      engine: new DialogEngine({ knowledge: () => knowledge, catalog: () => catalog, clock }),
    });
    const message: InboundMessage = {
      direction: 'in',
      channel: 'telegram',
      conversationId: 'c1',
      customer: { id: 'u1', displayName: 'Sara' },
      text: 'where is my order?',
      sentAt: 900,
      platformMessageId: '77',
      raw: { update_id: 77, message: { text: 'where is my order?' } },
    };
    const replies = await run(message);

    const transcript = await store.transcript('c1');
    expect(transcript[0]).toMatchObject({
      author: { kind: 'customer' },
      raw: message.raw,
      platformMessageId: '77',
    });
    expect(seen.filter((e) => e.type === 'entry')).toHaveLength(transcript.length);
    expect(seen[0]).toEqual({ type: 'typing', who: 'bot', on: true });
    expect(seen.at(-1)).toEqual({ type: 'typing', who: 'bot', on: false });
    expect(delivered.map((d) => d.text)).toEqual(replies.map((r) => r.text));
    expect(delivered[0]).toMatchObject({
      direction: 'out',
      channel: 'telegram',
      conversationId: 'c1',
      language: 'en',
    });
    expect((await store.getCustomer('telegram', 'u1'))?.displayName).toBe('Sara');
  });
});
