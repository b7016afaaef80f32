import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Redis connection hamdel runs commands on: one server, a Sentinel-managed master, or a Cluster. */
export type RedisConnection = Redis | Cluster;

/**
 * A Lua script sent once and then run by its SHA1 (EVALSHA), falling back to EVAL when the server does not
 * know it yet (after a restart or a failover). Every key a script touches must be passed in KEYS, and on a
 * Cluster all of them must hash to one slot (hamdel tags one conversation's keys with `{id}`).
 */
export class RedisScript {
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(
    redis: RedisConnection,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const argv = args.map(String);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...argv);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...argv);
    }
  }
}
