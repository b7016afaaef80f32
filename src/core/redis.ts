import { Redis } from 'ioredis';

/** A Redis connection for hamdel's commands. Connects lazily; `connect()` it to fail fast at start-up. */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectionName: `hamdel:${name}`,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
  });
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
