import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import type { RedisConnection } from './redis-script.ts';

/** Where every rate-limit counter lives, under the installation's key prefix. */
export function rateLimitNamespace(prefix: string): string {
  return `${prefix}rate:`;
}

export interface RateVerdict {
  readonly allowed: boolean;
  /** When refused: seconds until the window ends. */
  readonly retryAfterSeconds: number;
}

/**
 * hamdel's one rate limiter: a fixed-window counter per key in Redis, so a limit holds across
 * connections and processes. It is @fastify/rate-limit's own Redis store (the plugin guards the HTTP
 * routes with it, server/http-hardening.ts); this class puts it to work for what is not an HTTP request,
 * such as the widget's frames. Each check is one script on one key (one slot on a Cluster).
 */
export class RedisRateLimit {
  private readonly store: RedisStore;
  private readonly redis: RedisConnection;

  constructor(options: { readonly redis: RedisConnection; readonly prefix: string }) {
    this.redis = options.redis;
    this.store = new RedisStore(false, false, options.redis, rateLimitNamespace(options.prefix));
  }

  /**
   * Counts one event for `key`; refused past `max` in the window. `max` 0 means no limit (nothing counted).
   * While the connection is not ready (Redis away) the event passes at once rather than wait for Redis:
   * what it asks for meets the outage itself and says so.
   */
  hit(key: string, max: number, windowMs: number): Promise<RateVerdict> {
    if (max <= 0 || this.redis.status !== 'ready')
      return Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
    return new Promise((resolve, reject) => {
      this.store.incr(
        key,
        (error, result) => {
          if (error || !result) return reject(error ?? new Error('rate limit: no answer from Redis'));
          const allowed = result.current <= max;
          resolve({ allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(result.ttl / 1000)) });
        },
        windowMs,
        max,
      );
    });
  }

  /**
   * Whether one more event for `key` would pass, without counting it (for limits that count only some
   * events, such as failures: peek first, `hit` when the event happened). Passes while Redis is away, as `hit`.
   */
  peek(key: string, max: number): Promise<RateVerdict> {
    if (max <= 0 || this.redis.status !== 'ready')
      return Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
    return new Promise((resolve, reject) => {
      this.store.read(key, (error, result) => {
        if (error || !result) return reject(error ?? new Error('rate limit: no answer from Redis'));
        const allowed = result.current < max;
        resolve({ allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(result.ttl / 1000)) });
      });
    });
  }
}
