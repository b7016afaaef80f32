import type { ChainableCommander } from 'ioredis';
import type { RedisConnection } from '../core/redis-script.ts';
import { humanKeyPrefix } from '../agents/agent-keys.ts';
import type { CompletedTicket } from './queue-snapshot.ts';
import type { ClosedTicket } from './ticket.ts';

/** Recent completions kept for wait estimates. */
const RECENT = 500;

const DAY_MS = 86_400_000;

/** Closed tickets are kept this long after they ended unless told otherwise (CLOSED_TICKET_RETENTION_DAYS). */
export const DEFAULT_CLOSED_RETENTION_MS = 365 * DAY_MS;

/**
 * Finished chats: each kept (with the rating and the agent's note) for the analytics, for `retentionMs`
 * after it ended, and the most recent ones' figures (no ids, no note) as the handle times the wait
 * estimator learns from.
 */
export class ClosedTickets {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly retentionMs = DEFAULT_CLOSED_RETENTION_MS,
  ) {}

  /** The handoff queue's keys (recorded in its transactions, so in its Cluster slot). */
  private key(...parts: string[]): string {
    return `${humanKeyPrefix(this.prefix)}handoff:${parts.join(':')}`;
  }

  /** Adds the commands that record `closed` to a transaction. */
  record(tx: ChainableCommander, closed: ClosedTicket): ChainableCommander {
    const figures: CompletedTicket = {
      language: closed.language,
      team: closed.team,
      waitMs: closed.waitMs,
      handleMs: closed.handleMs,
      endedAt: closed.endedAt,
    };
    // The key's own time to live backs up `prune` (which the supervisor runs) by a day.
    return tx
      .lpush(this.key('recent'), JSON.stringify(figures))
      .ltrim(this.key('recent'), 0, RECENT - 1)
      .set(this.key('closed', closed.ref), JSON.stringify(closed), 'PX', this.retentionMs + DAY_MS)
      .zadd(this.key('closed'), closed.endedAt, closed.ref);
  }

  /** Stores the customer's 1-5 rating (and their comment, if any) with the closed ticket. */
  async rate(ref: string, rating: number, comment?: string): Promise<ClosedTicket | undefined> {
    const raw = await this.redis.get(this.key('closed', ref));
    if (!raw) return undefined;
    const rated: ClosedTicket = {
      ...(JSON.parse(raw) as ClosedTicket),
      rating,
      ...(comment ? { comment } : {}),
    };
    await this.redis.set(this.key('closed', ref), JSON.stringify(rated), 'KEEPTTL');
    return rated;
  }

  /**
   * Removes closed tickets that ended more than the retention before `now` (at most `limit` per call,
   * oldest first); returns how many. Safe to run from several processes at once.
   */
  async prune(now: number, limit = 500): Promise<number> {
    const refs = await this.redis.zrangebyscore(
      this.key('closed'),
      '-inf',
      now - this.retentionMs,
      'LIMIT',
      0,
      limit,
    );
    await this.remove(refs);
    return refs.length;
  }

  /** Every closed ticket of one conversation (refs are `<conversation id>@<time>`). */
  async ofConversation(conversationId: string): Promise<ClosedTicket[]> {
    const refs: string[] = [];
    const pattern = `${globEscape(conversationId)}@*`;
    let cursor = '0';
    do {
      const [next, pairs] = await this.redis.zscan(
        this.key('closed'),
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        500,
      );
      for (let i = 0; i < pairs.length; i += 2) refs.push(pairs[i] as string);
      cursor = next;
    } while (cursor !== '0');
    const raws = refs.length > 0 ? await this.redis.mget(...refs.map((ref) => this.key('closed', ref))) : [];
    return refs.map((ref, i) => {
      const raw = raws[i];
      return raw ? (JSON.parse(raw) as ClosedTicket) : ({ ref, conversationId } as ClosedTicket);
    });
  }

  /**
   * Forgets closed tickets (their record and place in the index), and any entry of the recent list that
   * still names their conversation (lists written before the list kept figures only).
   */
  async remove(refs: readonly string[], conversationId?: string): Promise<void> {
    if (refs.length > 0) {
      await this.redis
        .multi()
        .del(...refs.map((ref) => this.key('closed', ref)))
        .zrem(this.key('closed'), ...refs)
        .exec();
    }
    if (conversationId === undefined) return;
    const needle = `"conversationId":${JSON.stringify(conversationId)}`;
    for (const raw of await this.redis.lrange(this.key('recent'), 0, -1)) {
      if (raw.includes(needle)) await this.redis.lrem(this.key('recent'), 0, raw);
    }
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

/** `text` as a literal in a Redis MATCH pattern. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
