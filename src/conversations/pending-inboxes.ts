import { RedisScript, type RedisConnection } from '../core/redis-script.ts';

// Removes a conversation only if no message came after the one just handled (its score is unchanged).
const SETTLE = new RedisScript(
  `if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end return 0`,
);

/**
 * The conversations that may have messages waiting, across every process: a sorted set of conversation ids
 * scored by the time their newest message was queued. A message is added here before it enters its inbox,
 * and its conversation leaves only once a drain found the inbox empty after it, so an inbox left behind by a
 * process that died is always found by the sweep (its key is one key: any Cluster slot will do).
 */
export class PendingInboxes {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.key = `${prefix}turns:pending`;
  }

  async add(conversationId: string, at: number): Promise<void> {
    await this.redis.zadd(this.key, at, conversationId);
  }

  /** The conversation's inbox was found empty after the message queued at `at`. */
  async settle(conversationId: string, at: number): Promise<void> {
    await SETTLE.run(this.redis, [this.key], [conversationId, at]);
  }

  /** Conversations whose newest message was queued before `before`, oldest first. */
  async due(before: number, limit: number): Promise<{ conversationId: string; at: number }[]> {
    const flat = await this.redis.zrangebyscore(this.key, '-inf', before, 'WITHSCORES', 'LIMIT', 0, limit);
    const due: { conversationId: string; at: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      due.push({ conversationId: flat[i] as string, at: Number(flat[i + 1]) });
    }
    return due;
  }
}
