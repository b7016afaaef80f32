import type { RedisConnection } from '../core/redis-script.ts';
import { conversationKeys } from '../conversations/redis-keys.ts';

/** An agent's internal note on a chat: for agents only, never sent to the customer nor in their transcript. */
export interface ChatNote {
  readonly id: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly text: string;
  readonly at: number;
}

/** Notes kept per conversation at most (the oldest go first). */
const MAX_NOTES = 200;

/**
 * Internal notes, kept beside the conversation (`conv:{id}:notes`, in its Cluster slot) and apart from its
 * transcript, so that nothing that replays or delivers the transcript (the widget, Telegram, Slack, the
 * HTTP channel) can ever carry one. Kept as long as closed tickets are; erased with the customer's data.
 */
export class ChatNotes {
  private readonly keys: ReturnType<typeof conversationKeys>;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly retentionMs: number,
  ) {
    this.keys = conversationKeys(prefix);
  }

  async add(conversationId: string, note: ChatNote): Promise<void> {
    const key = this.keys.notes(conversationId);
    await this.redis
      .multi()
      .rpush(key, JSON.stringify(note))
      .ltrim(key, -MAX_NOTES, -1)
      .pexpire(key, this.retentionMs)
      .exec();
  }

  /** The conversation's notes, oldest first. */
  async list(conversationId: string): Promise<ChatNote[]> {
    const raws = await this.redis.lrange(this.keys.notes(conversationId), 0, -1);
    return raws.map((raw) => JSON.parse(raw) as ChatNote);
  }
}
