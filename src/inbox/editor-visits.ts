import type { RedisConnection } from '../core/redis-script.ts';
import { InboxKeys } from './inbox-keys.ts';

/** When each editor last looked at the inbox (a hash, agent id → ms), for "new since your last visit". */
export class EditorVisits {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.key = new InboxKeys(prefix).visits;
  }

  /** The editor's last visit, if they visited before. */
  async last(agentId: string): Promise<number | undefined> {
    const value = await this.redis.hget(this.key, agentId);
    return value === null ? undefined : Number(value);
  }

  /** Notes a visit now; returns the one before it. */
  async visit(agentId: string, at: number): Promise<number | undefined> {
    const [[, previous] = []] = ((await this.redis
      .multi()
      .hget(this.key, agentId)
      .hset(this.key, agentId, at)
      .exec()) ?? []) as [unknown, string | null][];
    return typeof previous === 'string' ? Number(previous) : undefined;
  }
}
