import type { Conversation } from '../conversations/conversation.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ChannelRegistry } from '../adapters/channel-adapter.ts';

export interface TypingNoticeOptions {
  readonly conversation: Conversation;
  readonly events: ConversationEvents;
  readonly channels?: ChannelRegistry;
  /** Show "typing…" only if the turn is still running after this long. */
  readonly afterMs: number;
}

/**
 * "The bot is typing" for a turn that takes a noticeable time. Most turns answer in a few milliseconds,
 * and a flash of "typing…" (and a call to the platform for it) helps nobody, so it is shown only once the
 * turn has run for `afterMs`, and taken down when the turn is written.
 */
export class TypingNotice {
  private shown: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: TypingNoticeOptions) {
    this.timer = setTimeout(() => {
      this.shown = this.show(true);
    }, o.afterMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.shown) return;
    await this.shown;
    await this.show(false);
  }

  private async show(on: boolean): Promise<void> {
    const { conversation, events, channels } = this.o;
    try {
      await events.publish(conversation.id, { type: 'typing', who: 'bot', on });
      await channels?.showTyping(conversation, on);
    } catch {
      // Best effort: a typing notice that could not be shown does not fail the turn.
    }
  }
}
