import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '../core/redis-script.ts';
import type { Clock } from '../core/clock.ts';
import { agentKeys, type AgentKeys } from './agent-keys.ts';

export interface LoginThrottleOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  readonly clock: Clock;
  /** The window failures are counted over, in ms (default 15 min). */
  readonly windowMs?: number;
  /** Failed sign-ins allowed per agent id in the window (default 5). */
  readonly perAgent?: number;
  /**
   * Failed sign-ins allowed per client address in the window (default 20: a whole office behind one
   * address must not lock itself out; one address guessing many ids is still stopped).
   */
  readonly perAddress?: number;
}

/** A sign-in attempt under way: when the password is right, hand it to `succeeded`. */
export interface LoginAttempt {
  readonly allowed: boolean;
  /** When not allowed: seconds until the next attempt may be made. */
  readonly retryAfterSeconds: number;
  readonly agentId: string;
  readonly address: string;
  readonly member: string;
}

/**
 * Counts failed sign-ins per agent id and per client address over a sliding window (a Redis sorted set of
 * attempt times, by the injected clock). An attempt is recorded *before* the password is checked, so that
 * parallel guesses cannot slip past the limit; a successful one is taken back, a failed one stays.
 */
export class LoginThrottle {
  private readonly redis: RedisConnection;
  private readonly keys: AgentKeys;
  private readonly clock: Clock;
  readonly windowMs: number;
  readonly perAgent: number;
  readonly perAddress: number;

  constructor(options: LoginThrottleOptions) {
    this.redis = options.redis;
    this.keys = agentKeys(options.prefix ?? 'hamdel:');
    this.clock = options.clock;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.perAgent = options.perAgent ?? 5;
    this.perAddress = options.perAddress ?? 20;
  }

  /** Records the attempt; `allowed` is false when either limit is already spent (the attempt is then dropped). */
  async begin(agentId: string, address: string): Promise<LoginAttempt> {
    const now = this.clock.now();
    const member = `${now}:${randomBytes(6).toString('hex')}`;
    const byId = this.keys.loginFailures('id', agentId);
    const byAddress = this.keys.loginFailures('ip', address);
    const tx = this.redis.multi();
    for (const key of [byId, byAddress]) {
      tx.zremrangebyscore(key, '-inf', now - this.windowMs)
        .zadd(key, now, member)
        .zcard(key)
        .pexpire(key, this.windowMs);
    }
    const results = (await tx.exec()) ?? [];
    const idCount = Number(results[2]?.[1] ?? 0);
    const addressCount = Number(results[6]?.[1] ?? 0);
    const attempt = { agentId, address, member };
    if (idCount <= this.perAgent && addressCount <= this.perAddress) {
      return { ...attempt, allowed: true, retryAfterSeconds: 0 };
    }
    await this.forget(attempt);
    const waits = await Promise.all([
      idCount > this.perAgent ? this.freeAt(byId, this.perAgent, now) : 0,
      addressCount > this.perAddress ? this.freeAt(byAddress, this.perAddress, now) : 0,
    ]);
    return {
      ...attempt,
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)),
    };
  }

  /** The password was right: the attempt does not count, and the id's earlier failures are forgiven. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.redis
      .multi()
      .del(this.keys.loginFailures('id', attempt.agentId))
      .zrem(this.keys.loginFailures('ip', attempt.address), attempt.member)
      .exec();
  }

  private async forget(attempt: Pick<LoginAttempt, 'agentId' | 'address' | 'member'>): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.keys.loginFailures('id', attempt.agentId), attempt.member)
      .zrem(this.keys.loginFailures('ip', attempt.address), attempt.member)
      .exec();
  }

  /** Milliseconds until the log at `key` holds fewer than `limit` attempts. */
  private async freeAt(key: string, limit: number, now: number): Promise<number> {
    const count = await this.redis.zcard(key);
    const index = count - limit;
    if (index < 0) return 0;
    const row = await this.redis.zrange(key, index, index, 'WITHSCORES');
    const time = Number(row[1] ?? now);
    return Math.max(0, time + this.windowMs - now);
  }
}
