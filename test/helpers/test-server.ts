import type { Clock } from '../../src/core/clock.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import { createHamdel, type Hamdel } from '../../src/server/hamdel.ts';
import { createRedis } from '../../src/core/redis.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from './redis.ts';

export interface TestServer {
  readonly url: string;
  readonly prefix: string;
  readonly hamdel: Hamdel;
  /** Stops the server; with `keepData` the Redis keys stay (to start a new server on the same data). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real hamdel server on a random port, with real Redis under a random key prefix and the sample
 * knowledge base from content/.
 */
export async function startTestServer(
  options: { prefix?: string; env?: Record<string, string>; clock?: Clock; rateWindowMs?: number } = {},
): Promise<TestServer> {
  const prefix = options.prefix ?? randomPrefix();
  const config: Config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL,
    KEY_PREFIX: prefix,
    CONTENT_WATCH: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const hamdel = await createHamdel(config, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rateWindowMs ? { rateWindowMs: options.rateWindowMs } : {}),
  });
  const url = await hamdel.listen();
  return {
    url,
    prefix,
    hamdel,
    async close({ keepData = false } = {}) {
      await hamdel.close();
      if (!keepData) {
        const redis = createRedis(config, 'test-cleanup'); // the server's own Redis, whatever its topology
        await redis.connect();
        await deleteKeys(redis, prefix);
        redis.disconnect();
      }
    },
  };
}

/**
 * A clock that runs at real speed but starts at `start` (for tests that must fall inside or outside the
 * sample team's business hours whatever time CI runs).
 */
export function clockFrom(start: number): Clock {
  const offset = start - Date.now();
  return { now: () => Date.now() + offset };
}
