import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { RedisConnection } from '../../src/core/redis-script.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses. */
export function randomPrefix(): string {
  return `hamdel-test:${randomUUID()}:`;
}

export function connectRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** Deletes every key under the prefix (on a Cluster, on every master, one key at a time across slots). */
export async function deleteKeys(redis: RedisConnection, prefix: string): Promise<void> {
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (redis instanceof Cluster) await Promise.all(keys.map((key) => redis.del(key)));
      else if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  }
}
