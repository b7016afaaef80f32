import { Redis } from 'ioredis';
import { reportRedisErrors, type RedisErrorListener } from './redis-error-log.ts';

export interface CreateRedisOptions {
  /**
   * Told about connection errors at a sane rate (see reportRedisErrors). Default: one line on stderr per
   * 30 s at most. Errors are never unhandled either way.
   */
  readonly onError?: RedisErrorListener;
}

/**
 * A Redis connection for hamdel's commands. Connects lazily; `connect()` it to fail fast at start-up.
 * While Redis is away it reconnects every second at most, and a command fails (MaxRetriesPerRequestError,
 * see redis-errors.ts) after three attempts, so callers answer REDIS_UNAVAILABLE within seconds.
 */
export function createRedis(url: string, name: string, options: CreateRedisOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: `hamdel:${name}`,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(times * 50, 1_000),
  });
  reportRedisErrors(redis, name, options.onError ?? printRedisErrors);
  return redis;
}

function printRedisErrors(report: Parameters<RedisErrorListener>[0]): void {
  if (report.kind === 'error') {
    console.error(`Redis connection "${report.connection}": ${report.error.message} (retrying)`);
  }
}

/** Whether something answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
