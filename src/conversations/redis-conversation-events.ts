import type { RedisConnection } from '../core/redis-script.ts';
import { conversationKeys, type ConversationKeys } from './redis-keys.ts';
import type {
  ConversationEvent,
  ConversationEventHandler,
  ConversationEvents,
} from './conversation-events.ts';

export interface RedisConversationEventsOptions {
  /** Connection used to publish (shared with other commands). */
  readonly redis: RedisConnection;
  /** A connection of its own for SUBSCRIBE (it cannot run other commands); closed by close(). */
  readonly subscriber: RedisConnection;
  readonly prefix?: string;
}

/** Conversation events over Redis pub/sub: one subscriber connection per process, one channel per conversation. */
export class RedisConversationEvents implements ConversationEvents {
  private readonly keys: ConversationKeys;
  private readonly handlers = new Map<string, Set<ConversationEventHandler>>();

  constructor(private readonly options: RedisConversationEventsOptions) {
    this.keys = conversationKeys(options.prefix ?? 'hamdel:');
    options.subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  async publish(conversationId: string, event: ConversationEvent): Promise<void> {
    await this.options.redis.publish(this.keys.events(conversationId), JSON.stringify(event));
  }

  async subscribe(conversationId: string, handler: ConversationEventHandler): Promise<() => Promise<void>> {
    const channel = this.keys.events(conversationId);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    await this.subscriberReady();
    // Always await SUBSCRIBE: a second subscriber must also wait until the channel is live.
    await this.options.subscriber.subscribe(channel);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(channel);
        await this.options.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.options.subscriber.disconnect();
  }

  /** SUBSCRIBE before the connection is ready breaks ioredis's ready check; wait for it. */
  private async subscriberReady(): Promise<void> {
    const { subscriber } = this.options;
    if (subscriber.status === 'ready') return;
    if (subscriber.status === 'wait') {
      await subscriber.connect();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      subscriber.once('ready', resolve);
      subscriber.once('end', () => reject(new Error('the Redis subscriber connection ended')));
    });
  }

  private dispatch(channel: string, message: string): void {
    const set = this.handlers.get(channel);
    if (!set) return;
    let event: ConversationEvent;
    try {
      event = JSON.parse(message) as ConversationEvent;
    } catch {
      return;
    }
    for (const handler of [...set]) handler(event);
  }
}
