import { HamdelError } from '../core/errors.ts';
import { asRedisUnavailable, REDIS_UNAVAILABLE_MESSAGE } from '../core/redis-errors.ts';
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
  /**
   * How long `subscribe` waits for a subscriber connection that is not ready (Redis away) before it fails
   * with REDIS_UNAVAILABLE (default 2 s).
   */
  readonly readyTimeoutMs?: number;
}

/**
 * Conversation events over Redis pub/sub: one subscriber connection per process, one channel per
 * conversation. When the subscriber connection comes back after a loss, ioredis subscribes its channels
 * again; once it has, `onResume` listeners are told (events published meanwhile are gone).
 */
export class RedisConversationEvents implements ConversationEvents {
  private readonly keys: ConversationKeys;
  private readonly handlers = new Map<string, Set<ConversationEventHandler>>();
  private readonly resumeListeners = new Set<() => void>();
  /** Channels whose UNSUBSCRIBE failed (Redis away): ioredis would subscribe them again on reconnect. */
  private readonly stale = new Set<string>();
  private readyWait: Promise<void> | undefined;
  private everReady = false;

  constructor(private readonly options: RedisConversationEventsOptions) {
    this.keys = conversationKeys(options.prefix ?? 'hamdel:');
    const { subscriber } = options;
    this.everReady = subscriber.status === 'ready'; // connected before (createHamdel connects it first)
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    subscriber.on('ready', () => {
      if (!this.everReady) {
        this.everReady = true;
        return;
      }
      void this.resumed();
    });
  }

  async publish(conversationId: string, event: ConversationEvent): Promise<void> {
    await publishEvent(this.options.redis, this.keys, conversationId, event);
  }

  async subscribe(conversationId: string, handler: ConversationEventHandler): Promise<() => Promise<void>> {
    const channel = this.keys.events(conversationId);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    try {
      await this.subscriberReady();
      // Always await SUBSCRIBE: a second subscriber must also wait until the channel is live.
      await this.options.subscriber.subscribe(channel);
      this.stale.delete(channel);
    } catch (error) {
      this.forget(channel, handler);
      throw asRedisUnavailable(error);
    }
    return async () => {
      if (!this.forget(channel, handler)) return;
      await this.options.subscriber.unsubscribe(channel).catch(() => this.stale.add(channel));
    };
  }

  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.resumeListeners.clear();
    this.options.subscriber.disconnect();
  }

  /** Removes a handler; true when it was the channel's last. */
  private forget(channel: string, handler: ConversationEventHandler): boolean {
    const current = this.handlers.get(channel);
    if (!current?.delete(handler)) return false;
    if (current.size > 0) return false;
    this.handlers.delete(channel);
    return true;
  }

  /**
   * SUBSCRIBE before the connection is ready breaks ioredis's ready check: wait for it, but not for long
   * (every caller shares one wait), so that a subscription while Redis is away fails with REDIS_UNAVAILABLE.
   */
  private async subscriberReady(): Promise<void> {
    const { subscriber } = this.options;
    if (subscriber.status === 'ready') return;
    if (subscriber.status === 'wait') {
      await subscriber.connect();
      return;
    }
    if (subscriber.status === 'end') {
      throw new HamdelError('REDIS_UNAVAILABLE', 'The Redis subscriber connection was closed.');
    }
    this.readyWait ??= new Promise<void>((resolve, reject) => {
      const timeoutMs = this.options.readyTimeoutMs ?? 2_000;
      const timer = setTimeout(() => {
        subscriber.off('ready', ready);
        reject(new HamdelError('REDIS_UNAVAILABLE', REDIS_UNAVAILABLE_MESSAGE, { timeoutMs }));
      }, timeoutMs);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      subscriber.once('ready', ready);
    }).finally(() => {
      this.readyWait = undefined;
    });
    await this.readyWait;
  }

  /**
   * ioredis sends its SUBSCRIBEs again right after `ready`; a PING on the same connection answers after
   * them, so listeners are told once the channels are live again. Channels left only because their
   * UNSUBSCRIBE failed are dropped.
   */
  private async resumed(): Promise<void> {
    const { subscriber } = this.options;
    try {
      const stale = [...this.stale].filter((channel) => !this.handlers.has(channel));
      this.stale.clear();
      if (stale.length > 0) await subscriber.unsubscribe(...stale);
      await subscriber.ping();
    } catch {
      return; // lost again; the next `ready` tries again
    }
    for (const listener of [...this.resumeListeners]) listener();
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

/** Publishes only, with no subscriber connection: for a CLI that tells the running processes (agent:passwd). */
export function redisEventPublisher(
  redis: RedisConnection,
  prefix = 'hamdel:',
): Pick<ConversationEvents, 'publish'> {
  const keys = conversationKeys(prefix);
  return { publish: (conversationId, event) => publishEvent(redis, keys, conversationId, event) };
}

async function publishEvent(
  redis: RedisConnection,
  keys: ConversationKeys,
  conversationId: string,
  event: ConversationEvent,
): Promise<void> {
  await redis.publish(keys.events(conversationId), JSON.stringify(event));
}
