import { ManualClock, type Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { InboundMessage } from '../core/message.ts';
import type { Conversation, TranscriptEntry } from '../conversations/conversation.ts';
import { ConversationWriter } from '../conversations/conversation-writer.ts';
import { MemoryConversationEvents } from '../conversations/memory-conversation-events.ts';
import { MemoryConversationStore } from '../conversations/memory-conversation-store.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { DialogEngine, type DialogEngineOptions } from './dialog-engine.ts';
import type { MessageCatalog } from './message-catalog.ts';
import { createTurnRunner } from './turn-runner.ts';

export interface DialogTestClientOptions {
  readonly knowledge: KnowledgeSnapshot;
  readonly catalog: MessageCatalog;
  readonly clock?: Clock;
  readonly channel?: string;
  readonly conversationId?: string;
  readonly customerId?: string;
  readonly engine?: Partial<
    Pick<
      DialogEngineOptions,
      'steps' | 'defaultLanguage' | 'anger' | 'angerAction' | 'handoff' | 'observer' | 'helpful'
    >
  >;
}

/**
 * Talks to the dialog engine as a customer would, in memory: send a message, get the bot's replies.
 * For unit tests of dialogs (yours and hamdel's).
 */
export class DialogTestClient {
  readonly store: MemoryConversationStore;
  private readonly handle: ReturnType<typeof createTurnRunner>;
  private readonly clock: Clock;
  private readonly channel: string;
  private readonly conversationId: string;
  private readonly customerId: string;
  private counter = 0;

  constructor(options: DialogTestClientOptions) {
    this.clock = options.clock ?? new ManualClock(Date.UTC(2026, 0, 1, 9));
    this.channel = options.channel ?? 'test';
    this.conversationId = options.conversationId ?? 'test-conversation';
    this.customerId = options.customerId ?? 'test-customer';
    this.store = new MemoryConversationStore(this.clock);
    const engine = new DialogEngine({
      knowledge: () => options.knowledge,
      catalog: () => options.catalog,
      clock: this.clock,
      ...options.engine,
    });
    const events = new MemoryConversationEvents();
    this.handle = createTurnRunner({
      store: this.store,
      events,
      writer: new ConversationWriter({ store: this.store, events }),
      engine,
      clock: this.clock,
    });
  }

  /** Sends the customer's text and returns the bot's replies. */
  async send(text: string, options: { languageHint?: Language } = {}): Promise<readonly TranscriptEntry[]> {
    this.counter += 1;
    const message: InboundMessage = {
      direction: 'in',
      channel: this.channel,
      conversationId: this.conversationId,
      customer: { id: this.customerId },
      text,
      sentAt: this.clock.now(),
      platformMessageId: `test-${this.counter}`,
      raw: { text },
      ...(options.languageHint ? { languageHint: options.languageHint } : {}),
    };
    return this.handle(message);
  }

  /** Sends the text and returns only the replies' texts. */
  async say(text: string, options: { languageHint?: Language } = {}): Promise<string[]> {
    return (await this.send(text, options)).map((entry) => entry.text);
  }

  async conversation(): Promise<Conversation | undefined> {
    return this.store.get(this.conversationId);
  }

  async transcript(): Promise<TranscriptEntry[]> {
    return this.store.transcript(this.conversationId);
  }
}
