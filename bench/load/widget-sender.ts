import type { TurnOutcome } from './generator-protocol.ts';
import { languageOf, QuestionSequence, type QuestionPools } from './questions.ts';
import { WidgetConversation } from './widget-conversation.ts';

export interface WidgetSenderOptions {
  readonly servers: readonly string[];
  readonly conversations: number;
  readonly pools: QuestionPools;
  /** Names this run's visitors, so that runs do not share conversations. */
  readonly runTag: string;
}

/**
 * Many widget conversations, each on its own WebSocket, opened before the run (conversation i on server
 * i % servers, page language fa, ar and en in turn). Turn i is a message of conversation i % conversations.
 * A conversation handed to a person is replaced by a new visitor.
 */
export class WidgetSender {
  /** Slots whose replacement is being opened. */
  private readonly replacing = new Set<number>();
  private generation = 0;
  private closed = false;

  private constructor(
    private readonly o: WidgetSenderOptions,
    private readonly conversations: WidgetConversation[],
    private readonly sequences: readonly QuestionSequence[],
  ) {}

  static async open(o: WidgetSenderOptions): Promise<WidgetSender> {
    const conversations: WidgetConversation[] = [];
    const BATCH = 50; // a few dozen handshakes at a time, as visitors arrive
    for (let start = 0; start < o.conversations; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, o.conversations - start) }, (_, k) => {
        const i = start + k;
        const server = o.servers[i % o.servers.length] ?? '';
        return WidgetConversation.open(server, `${o.runTag}-${i}-0`, languageOf(i));
      });
      conversations.push(...(await Promise.all(batch)));
    }
    const sequences = conversations.map((_, i) => new QuestionSequence(o.pools, languageOf(i), i + 1));
    return new WidgetSender(o, conversations, sequences);
  }

  send(index: number): Promise<TurnOutcome> {
    const i = index % this.conversations.length;
    const conversation = this.conversations[i];
    if (!conversation) return Promise.resolve({ ok: false, code: 'NO_CONVERSATION' });
    if (conversation.handedOver) this.replace(i, conversation);
    return conversation.say(this.sequences[i]?.take() ?? 'hello');
  }

  close(): void {
    this.closed = true;
    for (const conversation of this.conversations) conversation.close();
  }

  /**
   * A customer waiting for a person gets silence from the bot: a new visitor takes the slot (opened in the
   * background; the old conversation takes the slot's turns until then).
   */
  private replace(i: number, old: WidgetConversation): void {
    if (this.replacing.has(i)) return;
    this.replacing.add(i);
    this.generation += 1;
    const server = this.o.servers[i % this.o.servers.length] ?? '';
    WidgetConversation.open(server, `${this.o.runTag}-${i}-${this.generation}`, languageOf(i)).then(
      (fresh) => {
        this.replacing.delete(i);
        if (this.closed) return fresh.close();
        this.conversations[i] = fresh;
        setTimeout(() => old.close(), 30_000).unref(); // its turns in flight still end
      },
      () => this.replacing.delete(i),
    );
  }
}
