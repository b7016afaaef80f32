import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { HamdelError } from '../core/errors.ts';
import type { InboundMessage } from '../core/message.ts';
import type { TranscriptEntry } from './conversation.ts';
import type { ConversationEvents } from './conversation-events.ts';
import { conversationKeys, type ConversationKeys } from './redis-keys.ts';

/** Runs one turn for one inbound message and returns the entries it added after the customer's. */
export type TurnHandler = (message: InboundMessage) => Promise<readonly TranscriptEntry[]>;

export interface TurnOutcome {
  /** True when this platform message had been delivered before: it was not handled again. */
  readonly duplicate: boolean;
  readonly replies: readonly TranscriptEntry[];
}

export interface TurnQueueOptions {
  readonly redis: Redis;
  readonly events: ConversationEvents;
  readonly handler: TurnHandler;
  readonly prefix?: string;
  /** How long a process holds a conversation before another may take over if it dies (default 30 s). */
  readonly lockMs?: number;
  /** How long a platform message id is remembered to drop repeated deliveries (default 24 h). */
  readonly dedupeSeconds?: number;
  /** How long a caller waits for its turn before TURN_TIMEOUT (default 30 s). */
  readonly timeoutMs?: number;
  /** How often a waiting caller checks for a result or a dead lock holder (default 250 ms). */
  readonly pollMs?: number;
  readonly onError?: (error: unknown, message: InboundMessage) => void;
}

/** A queued message, to wait for its outcome. */
export interface TurnTicket {
  readonly key: string;
  readonly conversationId: string;
  /** The platform message had been delivered before. */
  readonly duplicate: boolean;
}

interface QueuedTurn {
  readonly key: string;
  readonly message: InboundMessage;
}

interface StoredResult {
  readonly replies: readonly TranscriptEntry[];
  readonly failed?: string;
}

// SET seen NX + RPUSH inbox, atomically: a message is either remembered and queued, or neither.
const ENQUEUE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[3])
  return 1
end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * Handles the messages of each conversation strictly one at a time and in arrival order, whichever process
 * received them: messages go into a per-conversation inbox list in Redis, and whichever process holds the
 * conversation's lock drains it. A message is removed from the inbox only together with its stored result,
 * so a process that dies mid-turn loses nothing: when its lock expires, another process handles the message.
 * A repeated delivery of the same platform message id is handled once and answered with the first result.
 */
export class TurnQueue {
  private readonly keys: ConversationKeys;
  private readonly lockMs: number;
  private readonly dedupeSeconds: number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly options: TurnQueueOptions) {
    this.keys = conversationKeys(options.prefix ?? 'hamdel:');
    this.lockMs = options.lockMs ?? 30_000;
    this.dedupeSeconds = options.dedupeSeconds ?? 86_400;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pollMs = options.pollMs ?? 250;
  }

  /** Queues the message and resolves once its turn is done (by this or another process). */
  async submit(message: InboundMessage): Promise<TurnOutcome> {
    return this.outcome(await this.enqueue(message));
  }

  /** Refuses new messages and waits (up to `timeoutMs`) for the turns this process is running or awaiting. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closing = true;
    const settled = Promise.allSettled([...this.inFlight]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /**
   * Puts the message in its conversation's inbox (or recognizes a repeated delivery). Once this resolves the
   * message is stored and will be handled, even if this process dies.
   */
  async enqueue(message: InboundMessage): Promise<TurnTicket> {
    if (this.closing)
      throw new HamdelError('TURN_TIMEOUT', 'This process is shutting down; send the message again.');
    const key = messageKey(message);
    const queued = await this.options.redis.eval(
      ENQUEUE,
      2,
      this.keys.seen(message.conversationId, messageKey(message)),
      this.keys.inbox(message.conversationId),
      message.conversationId,
      String(this.dedupeSeconds),
      JSON.stringify({ key, message } satisfies QueuedTurn),
    );
    return { key, conversationId: message.conversationId, duplicate: queued !== 1 };
  }

  /** Handles the inbox if no other process is, and resolves with the ticket's result. */
  outcome(ticket: TurnTicket): Promise<TurnOutcome> {
    return this.track(this.waitForOutcome(ticket));
  }

  private async waitForOutcome(ticket: TurnTicket): Promise<TurnOutcome> {
    const { conversationId, key, duplicate } = ticket;
    let wake: () => void = () => undefined;
    const unsubscribe = await this.options.events.subscribe(conversationId, (event) => {
      if (event.type === 'turn-done' && event.messageKey === key) wake();
    });
    try {
      const deadline = Date.now() + this.timeoutMs;
      for (;;) {
        const result = await this.readResult(conversationId, key);
        if (result) {
          if (result.failed && !duplicate) {
            throw new HamdelError('TURN_TIMEOUT', `The turn failed: ${result.failed}`, { conversationId });
          }
          return { duplicate, replies: result.replies };
        }
        await this.drain(conversationId);
        if (await this.readResult(conversationId, key)) continue;
        if (Date.now() > deadline) {
          throw new HamdelError('TURN_TIMEOUT', `No result for message ${key} in time`, { conversationId });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      await unsubscribe();
    }
  }

  /** Handles every queued message of the conversation if this process can take its lock. */
  async drain(conversationId: string): Promise<void> {
    const { redis } = this.options;
    const lockKey = this.keys.lock(conversationId);
    const inboxKey = this.keys.inbox(conversationId);
    for (;;) {
      const token = randomUUID();
      const locked = await redis.set(lockKey, token, 'PX', this.lockMs, 'NX');
      if (locked !== 'OK') return;
      const renew = setInterval(() => {
        redis.eval(RENEW, 1, lockKey, token, String(this.lockMs)).catch(() => undefined);
      }, this.lockMs / 3);
      try {
        for (;;) {
          const raw = await redis.lindex(inboxKey, 0);
          if (raw === null) break;
          await this.handleHead(conversationId, raw);
        }
      } finally {
        clearInterval(renew);
        await redis.eval(RELEASE, 1, lockKey, token);
      }
      // A message queued while the lock was being released would otherwise wait for its sender's poll.
      if ((await redis.llen(inboxKey)) === 0) return;
    }
  }

  private async handleHead(conversationId: string, raw: string): Promise<void> {
    const { redis, events } = this.options;
    let turn: QueuedTurn;
    try {
      turn = JSON.parse(raw) as QueuedTurn;
    } catch {
      await redis.lpop(this.keys.inbox(conversationId));
      return;
    }
    const resultKey = this.keys.result(conversationId, turn.key);
    if ((await redis.exists(resultKey)) === 0) {
      let result: StoredResult;
      try {
        result = { replies: await this.options.handler(turn.message) };
      } catch (error) {
        this.options.onError?.(error, turn.message);
        result = { replies: [], failed: error instanceof Error ? error.message : String(error) };
      }
      await redis
        .multi()
        .set(resultKey, JSON.stringify(result), 'EX', this.dedupeSeconds)
        .lpop(this.keys.inbox(conversationId))
        .exec();
    } else {
      await redis.lpop(this.keys.inbox(conversationId));
    }
    await events.publish(conversationId, { type: 'turn-done', messageKey: turn.key });
  }

  private async readResult(conversationId: string, key: string): Promise<StoredResult | undefined> {
    const raw = await this.options.redis.get(this.keys.result(conversationId, key));
    return raw === null ? undefined : (JSON.parse(raw) as StoredResult);
  }
}

function messageKey(message: InboundMessage): string {
  return createHash('sha1').update(`${message.channel}\u0000${message.platformMessageId}`).digest('hex');
}
