import type { ChainableCommander } from 'ioredis';
import type { RedisConnection } from '../core/redis-script.ts';
import { humanKeyPrefix } from '../agents/agent-keys.ts';
import type { CompletedTicket } from './queue-snapshot.ts';
import type { ClosedTicket } from './ticket.ts';

/** Recent completions kept for wait estimates. */
const RECENT = 500;

/**
 * Finished chats: each kept (with the rating that may come after) for the analytics, and the most recent
 * ones as the handle times the wait estimator learns from.
 */
export class ClosedTickets {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  /** The handoff queue's keys (recorded in its transactions, so in its Cluster slot). */
  private key(...parts: string[]): string {
    return `${humanKeyPrefix(this.prefix)}handoff:${parts.join(':')}`;
  }

  /** Adds the commands that record `closed` to a transaction. */
  record(tx: ChainableCommander, closed: ClosedTicket): ChainableCommander {
    return tx
      .lpush(this.key('recent'), JSON.stringify(closed))
      .ltrim(this.key('recent'), 0, RECENT - 1)
      .set(this.key('closed', closed.ref), JSON.stringify(closed))
      .zadd(this.key('closed'), closed.endedAt, closed.ref);
  }

  /** Stores the customer's 1-5 rating with the closed ticket. */
  async rate(ref: string, rating: number): Promise<ClosedTicket | undefined> {
    const raw = await this.redis.get(this.key('closed', ref));
    if (!raw) return undefined;
    const rated: ClosedTicket = { ...(JSON.parse(raw) as ClosedTicket), rating };
    await this.redis.set(this.key('closed', ref), JSON.stringify(rated));
    return rated;
  }

  /** Closed tickets, newest first. */
  async list(limit = 100): Promise<ClosedTicket[]> {
    const refs = await this.redis.zrevrange(this.key('closed'), 0, limit - 1);
    if (refs.length === 0) return [];
    const raws = await this.redis.mget(...refs.map((ref) => this.key('closed', ref)));
    return raws.flatMap((raw) => (raw ? [JSON.parse(raw) as ClosedTicket] : []));
  }

  /** The most recent completions, newest first, as the wait estimator reads them. */
  async recent(): Promise<CompletedTicket[]> {
    return (await this.redis.lrange(this.key('recent'), 0, RECENT - 1)).map((raw) => {
      const c = JSON.parse(raw) as ClosedTicket;
      return {
        language: c.language,
        team: c.team,
        waitMs: c.waitMs,
        handleMs: c.handleMs,
        endedAt: c.endedAt,
      };
    });
  }
}
