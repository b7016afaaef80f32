import type { RedisConnection } from '../core/redis-script.ts';
import type { Clock } from '../core/clock.ts';
import type { AgentPresence, AgentStatus } from './agent.ts';
import { agentKeys, type AgentKeys } from './agent-keys.ts';

export interface PresenceOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  readonly clock: Clock;
  /**
   * How long an agent counts as present after their last heartbeat, in ms (default 45 000). The
   * console beats every third of this (15 s), so two lost beats are forgiven.
   */
  readonly heartbeatTtlMs?: number;
}

/** Why an agent stopped taking chats. */
export type UnavailableReason = 'away' | 'offline' | 'expired';

/** An agent who was online (or away) and no longer is; `chats` are those they still hold. */
export interface AgentUnavailable {
  readonly agentId: string;
  readonly status: Exclude<AgentStatus, 'online'>;
  /** "away" or "offline" when the agent said so; "expired" when their heartbeat stopped. */
  readonly reason: UnavailableReason;
  readonly chats: readonly string[];
  readonly at: number;
}

/** Lifecycle events (e.g. to put an unavailable agent's chats back in the queue). */
export interface PresenceListener {
  unavailable?(event: AgentUnavailable): void | Promise<void>;
}

/**
 * Marks as offline every agent whose beat is at or before ARGV[1]; returns their ids. Safe to run anywhere.
 * ARGV[3] is the start of an agent's key: every key it touches carries the `{human}` hash tag.
 */
const SWEEP = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('HSET', ARGV[3] .. id .. ':presence', 'status', 'offline', 'since', ARGV[2])
end
return expired`;

/** Adds the conversation only while the agent holds fewer than ARGV[2] (0: no limit). */
/**
 * Agent presence on Redis. Status (online, away, offline) is what the agent chose; liveness is a
 * heartbeat time per agent in a sorted set, compared with the injected clock, so that an agent whose
 * console died reads as offline at once and is turned offline (with an event) by the next `sweep`.
 * Chats in hand are a set of conversation ids per agent, the one the handoff queue writes when an agent
 * takes, passes on or resolves a chat: the count is the set's size and cannot drift.
 */
export class RedisPresence {
  private readonly redis: RedisConnection;
  private readonly keys: AgentKeys;
  private readonly clock: Clock;
  readonly heartbeatTtlMs: number;
  private readonly listeners = new Set<PresenceListener>();

  constructor(options: PresenceOptions) {
    this.redis = options.redis;
    this.keys = agentKeys(options.prefix ?? 'hamdel:');
    this.clock = options.clock;
    this.heartbeatTtlMs = options.heartbeatTtlMs ?? 45_000;
    if (!(this.heartbeatTtlMs > 0)) throw new RangeError('heartbeatTtlMs must be positive');
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets what the agent chose. Going online or away also counts as a heartbeat. */
  async setStatus(agentId: string, status: AgentStatus): Promise<AgentPresence> {
    const now = this.clock.now();
    const tx = this.redis
      .multi()
      .hget(this.keys.presence(agentId), 'status')
      .hset(this.keys.presence(agentId), { status, since: String(now) })
      .sadd(this.keys.present(), agentId);
    if (status === 'offline') tx.zrem(this.keys.beats(), agentId);
    else tx.zadd(this.keys.beats(), now, agentId);
    const results = await tx.exec();
    const previous = results?.[0]?.[1];
    if (status !== 'online' && previous !== status && (previous === 'online' || previous === 'away')) {
      await this.emit([agentId], status, status, now);
    }
    return this.get(agentId);
  }

  /**
   * The console is alive. An agent who was offline (never signed in, or swept) comes online; an agent
   * who chose "away" stays away.
   */
  async heartbeat(agentId: string): Promise<AgentPresence> {
    const now = this.clock.now();
    const key = this.keys.presence(agentId);
    const results = await this.redis
      .multi()
      .zadd(this.keys.beats(), now, agentId)
      .sadd(this.keys.present(), agentId)
      .hsetnx(key, 'since', String(now))
      .hget(key, 'status')
      .exec();
    const status = results?.[3]?.[1];
    if (status !== 'online' && status !== 'away') {
      await this.redis.hset(key, { status: 'online', since: String(now) });
    }
    return this.get(agentId);
  }

  async get(agentId: string): Promise<AgentPresence> {
    const [presence] = await this.read([agentId]);
    return presence ?? { agentId, status: 'offline', activeChats: 0, since: 0 };
  }

  /** Every agent who has had a presence, ordered by id. */
  async list(): Promise<AgentPresence[]> {
    const ids = (await this.redis.smembers(this.keys.present())).sort();
    return this.read(ids);
  }

  /** The conversations the agent holds (the handoff queue keeps this set). */
  async chats(agentId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.chats(agentId))).sort();
  }

  /**
   * Turns offline every agent whose last heartbeat is older than the TTL at `now`, emits `unavailable`
   * (reason "expired") for each, and returns the events. Call it periodically (e.g. every 5 s) from any
   * number of processes: each expired agent is reported by exactly one sweep.
   */
  async sweep(now: number = this.clock.now()): Promise<AgentUnavailable[]> {
    const cutoff = now - this.heartbeatTtlMs;
    const expired = (await this.redis.eval(
      SWEEP,
      1,
      this.keys.beats(),
      String(cutoff),
      String(now),
      this.keys.agent(''), // the presence keys it writes share KEYS[1]'s slot (agent-keys.ts)
    )) as string[];
    return this.emit(expired, 'offline', 'expired', now);
  }

  /**
   * Removes the agent's presence records (when the account is removed). The set of chats they hold stays:
   * it is the handoff queue's, and the supervisor finds it there and puts those chats back in line.
   */
  async forget(agentId: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.keys.presence(agentId))
      .zrem(this.keys.beats(), agentId)
      .srem(this.keys.present(), agentId)
      .exec();
  }

  private async read(ids: readonly string[]): Promise<AgentPresence[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      pipeline
        .hmget(this.keys.presence(id), 'status', 'since')
        .zscore(this.keys.beats(), id)
        .scard(this.keys.chats(id));
    }
    const results = (await pipeline.exec()) ?? [];
    const cutoff = this.clock.now() - this.heartbeatTtlMs;
    return ids.map((agentId, i) => {
      const [status, since] = (results[3 * i]?.[1] as (string | null)[] | undefined) ?? [];
      const beat = results[3 * i + 1]?.[1] as string | null | undefined;
      const alive = beat != null && Number(beat) > cutoff;
      const chosen: AgentStatus = status === 'online' || status === 'away' ? status : 'offline';
      return {
        agentId,
        status: alive ? chosen : 'offline',
        activeChats: Number(results[3 * i + 2]?.[1] ?? 0),
        since: Number(since ?? 0),
      };
    });
  }

  private async emit(
    ids: readonly string[],
    status: AgentUnavailable['status'],
    reason: UnavailableReason,
    at: number,
  ): Promise<AgentUnavailable[]> {
    const events: AgentUnavailable[] = [];
    for (const agentId of ids) events.push({ agentId, status, reason, chats: await this.chats(agentId), at });
    const errors: unknown[] = [];
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          await listener.unavailable?.(event);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'A presence listener failed');
    return events;
  }
}
