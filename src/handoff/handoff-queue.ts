import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { RedisConnection } from '../core/redis-script.ts';
import type { Clock } from '../core/clock.ts';
import { RedisLock } from '../core/redis-lock.ts';
import type { RedisErrorListener } from '../core/redis-error-log.ts';
import type { Agent } from '../agents/agent.ts';
import { agentKeys, humanKeyPrefix } from '../agents/agent-keys.ts';
import type { HandoffPacket } from './handoff-packet.ts';
import { DEFAULT_MAX_OVERTAKE_MS, lineRank, priorityFor, returnedRank } from './priority.ts';
import type { AgentLoad, QueueSnapshot, WaitingTicket } from './queue-snapshot.ts';
import { bullPrefix, BullPools, jobId, type LockedJob } from './bull-pools.ts';
import { ClosedTickets, DEFAULT_CLOSED_RETENTION_MS } from './closed-tickets.ts';
import { type ClosedTicket, type TakeResult, type TakeTicketResult, type Ticket } from './ticket.ts';
import { canServe, makePool, parsePoolName, poolName } from './routing.ts';

export interface HandoffQueueOptions {
  /** A connection for hamdel's own keys. */
  readonly redis: RedisConnection;
  /** A connection BullMQ may use (created with maxRetriesPerRequest: null). */
  readonly bullConnection: RedisConnection;
  readonly prefix?: string;
  readonly clock: Clock;
  /** How long a taken chat stays locked without a renewal from the agent's side (default 60 s). */
  readonly lockMs?: number;
  /** Told, at a sane rate, about errors of BullMQ's queues and workers (Redis away); default: ignored. */
  readonly onError?: RedisErrorListener;
  /** How long a closed ticket (with the agent's note and the rating) is kept after it ended (default 365 days). */
  readonly closedRetentionMs?: number;
  /**
   * The fairness bound (`HANDOFF_MAX_OVERTAKE_SECONDS`, default 120 s): no ticket is served before one that
   * came more than this long before it. Angry customers get this head start, others half or none (priority.ts).
   */
  readonly maxOvertakeMs?: number;
}

/** What `forget` did with a conversation's tickets. */
export type ForgetResult =
  | { readonly kind: 'forgotten'; readonly closed: number; readonly cancelled: boolean }
  /** An agent holds the chat: nothing was removed. */
  | { readonly kind: 'held'; readonly agentId: string };

export type { ClosedTicket, TakeResult, TakeTicketResult, Ticket } from './ticket.ts';

/**
 * The human queue on BullMQ: one job per escalation (the job id is the conversation's, so escalating twice is
 * harmless), one BullMQ queue per pool of agents who could take it (team, language, skills). Agents pull work:
 * `take` picks the first ticket in line that the agent can serve and claims that very job from BullMQ with a
 * lock that the caller keeps alive with `keepAlive`; `release` puts it back in its own place, `resolve`
 * completes it. The line is a sorted set across pools, scored by each ticket's rank (the fairness rule,
 * `lineRank` in priority.ts), so that "Take next", positions and wait estimates follow one order; BullMQ's
 * own order inside a pool is not used for the pick.
 */
export class HandoffQueue {
  private readonly prefix: string;
  private readonly bull: BullPools;
  private readonly closed: ClosedTickets;
  private readonly maxOvertakeMs: number;

  constructor(private readonly o: HandoffQueueOptions) {
    this.prefix = o.prefix ?? 'hamdel:';
    this.bull = new BullPools(o.bullConnection, bullPrefix(this.prefix), o.lockMs ?? 60_000, o.onError);
    this.closed = new ClosedTickets(o.redis, this.prefix, o.closedRetentionMs);
    this.maxOvertakeMs = o.maxOvertakeMs ?? DEFAULT_MAX_OVERTAKE_MS;
  }

  /** The Redis connection and key prefix of the queue's own keys, for companions that keep state beside it. */
  get redis(): RedisConnection {
    return this.o.redis;
  }

  get keyPrefix(): string {
    return this.prefix;
  }

  /** How long closed tickets are kept after they ended (CLOSED_TICKET_RETENTION_DAYS). */
  get closedRetentionMs(): number {
    return this.o.closedRetentionMs ?? DEFAULT_CLOSED_RETENTION_MS;
  }

  /** The queue's own keys, in the human side's Cluster slot with the agents' and BullMQ's (agent-keys.ts). */
  private key(...parts: string[]): string {
    return `${humanKeyPrefix(this.prefix)}handoff:${parts.join(':')}`;
  }

  /**
   * The set of conversations an agent holds. The queue writes it; agent presence reads it (the count in
   * the admin list, the chats named when an agent goes away), so it is the agents' key.
   */
  private chatsKey(agentId: string): string {
    return agentKeys(this.prefix).chats(agentId);
  }

  /** Conversation ids of every chat an agent holds, by agent. */
  async assignments(): Promise<Map<string, string[]>> {
    const byAgent = new Map<string, string[]>();
    for (const agentId of await this.o.redis.smembers(this.key('agents'))) {
      const chats = await this.chatsOf(agentId);
      if (chats.length > 0) byAgent.set(agentId, chats);
      else await this.o.redis.srem(this.key('agents'), agentId); // emptied since: forget (lazily)
    }
    return byAgent;
  }

  /** Puts the conversation in line; a conversation already in line or with an agent is left as it is. */
  async enqueue(packet: HandoffPacket): Promise<{ ticket: Ticket; duplicate: boolean }> {
    const existing = await this.ticket(packet.conversationId);
    if (existing) return { ticket: existing, duplicate: true };
    const pool = makePool(packet.team, packet.language, packet.skills);
    const priority = priorityFor(packet.reasons);
    const enqueuedAt = this.o.clock.now();
    const rank = lineRank(priority, enqueuedAt, this.maxOvertakeMs);
    const name = poolName(pool);
    await this.bull.queue(name).add('handoff', packet, {
      jobId: jobId(packet.conversationId),
      priority,
      removeOnComplete: true,
      removeOnFail: true,
    });
    const ticket: Ticket = {
      conversationId: packet.conversationId,
      pool,
      priority,
      enqueuedAt,
      rank,
      status: 'waiting',
      channel: packet.channel,
    };
    await this.o.redis
      .multi()
      .incr(this.key('version'))
      .hset(this.key('ticket', packet.conversationId), {
        pool: name,
        priority: String(priority),
        enqueuedAt: String(enqueuedAt),
        rank: String(rank),
        status: 'waiting',
        channel: packet.channel,
      })
      .zadd(this.key('waiting'), rank, packet.conversationId)
      .sadd(this.key('pools'), name)
      .exec();
    return { ticket, duplicate: false };
  }

  async ticket(conversationId: string): Promise<Ticket | undefined> {
    const hash = await this.o.redis.hgetall(this.key('ticket', conversationId));
    const pool = hash.pool ? parsePoolName(hash.pool) : undefined;
    if (!pool) return undefined;
    const [priority, enqueuedAt] = [Number(hash.priority), Number(hash.enqueuedAt)];
    return {
      conversationId,
      pool,
      priority,
      enqueuedAt,
      // Tickets queued before ranks were kept take the rank the rule gives them now.
      rank: hash.rank ? Number(hash.rank) : lineRank(priority, enqueuedAt, this.maxOvertakeMs),
      status: hash.status === 'assigned' ? 'assigned' : 'waiting',
      ...(hash.agentId ? { agentId: hash.agentId } : {}),
      ...(hash.assignedAt ? { assignedAt: Number(hash.assignedAt) } : {}),
      ...(hash.firstReplyAt ? { firstReplyAt: Number(hash.firstReplyAt) } : {}),
      ...(hash.tags ? { tags: JSON.parse(hash.tags) as string[] } : {}),
      ...(hash.channel ? { channel: hash.channel } : {}),
      ...(hash.answeredAt ? { answeredAt: Number(hash.answeredAt) } : {}),
    };
  }

  /** Replaces the tags of a ticket in hand or in line; false when there is no ticket. */
  async setTags(conversationId: string, tags: readonly string[]): Promise<boolean> {
    const key = this.key('ticket', conversationId);
    if (!(await this.o.redis.hexists(key, 'pool'))) return false;
    if (tags.length === 0) await this.o.redis.hdel(key, 'tags');
    else await this.o.redis.hset(key, { tags: JSON.stringify(tags) });
    return true;
  }

  /** The packet of a ticket in line or in hand. */
  async packet(conversationId: string): Promise<HandoffPacket | undefined> {
    const ticket = await this.ticket(conversationId);
    if (!ticket) return undefined;
    const job = await this.bull.job(poolName(ticket.pool), conversationId);
    return job?.data;
  }

  /** Changes whenever the line or the agents' hands change (for caches of the line). */
  async version(): Promise<string> {
    return (await this.o.redis.get(this.key('version'))) ?? '0';
  }

  /** Conversation ids in line, first served first. */
  async waitingIds(): Promise<string[]> {
    return this.o.redis.zrange(this.key('waiting'), 0, -1);
  }

  /** Names of every pool that has had a ticket (see `poolName`). */
  async pools(): Promise<string[]> {
    return (await this.o.redis.smembers(this.key('pools'))).sort();
  }

  /** Conversation ids the agent holds. */
  async chatsOf(agentId: string): Promise<string[]> {
    return this.o.redis.smembers(this.chatsKey(agentId));
  }

  /** Claims the first ticket in line that the agent can serve, if the agent has room for another chat. */
  async take(agent: Agent): Promise<TakeResult> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const held = await this.o.redis.scard(this.chatsKey(agent.id));
      if (held >= agent.capacity) return { kind: 'at-capacity', capacity: agent.capacity };
      const conversationId = await this.firstServable(agent);
      if (!conversationId) return { kind: 'none' };
      const result = await this.claim(agent, conversationId);
      if (result.kind === 'taken' || result.kind === 'at-capacity') return result;
      // 'gone' or 'held': another agent was faster; look again
    }
    return { kind: 'none' };
  }

  /**
   * Claims one given ticket for the agent (an agent pressing "Take" on it), under the same rules as `take`:
   * the agent must be able to serve its pool and have room for another chat.
   */
  takeTicket(agent: Agent, conversationId: string): Promise<TakeTicketResult> {
    return this.claim(agent, conversationId);
  }

  /**
   * Claims one ticket's job from BullMQ. hamdel's line decides which ticket, so the job is claimed by id: it
   * is put at the head of its pool (priority 0 is served before every prioritized job), claimed with
   * `getNextJob`, and given back its priority so that the job keeps its class. A short claim per pool (a
   * `RedisLock`) keeps two claims in one pool from crossing; of agents taking the same ticket at once exactly
   * one wins, and the others find it held.
   */
  private async claim(agent: Agent, conversationId: string): Promise<TakeTicketResult> {
    const first = await this.ticket(conversationId);
    if (!first) return { kind: 'gone' };
    const name = poolName(first.pool);
    const lock = new RedisLock({ redis: this.o.redis, key: this.key('claim-pool', name), ttlMs: 10_000 });
    // A pool claimed this long (a claim takes milliseconds) has a stuck taker: report the ticket as gone.
    if (!(await lock.acquireWithin({ waitMs: 2_000, retryMs: 10 }))) return { kind: 'gone' };
    try {
      const ticket = await this.ticket(conversationId);
      if (!ticket) return { kind: 'gone' };
      if (ticket.status === 'assigned') return { kind: 'held', agentId: ticket.agentId ?? '' };
      if (!canServe(agent, ticket.pool)) return { kind: 'cannot-serve' };
      if ((await this.o.redis.scard(this.chatsKey(agent.id))) >= agent.capacity) {
        return { kind: 'at-capacity', capacity: agent.capacity };
      }
      const job = await this.bull.job(name, conversationId);
      if (!job) return { kind: 'gone' };
      await job.changePriority({ priority: 0, lifo: true });
      const token = randomUUID();
      const next = await this.bull.worker(name).getNextJob(token, { block: false });
      if (!next || next.id !== job.id) {
        // Only a process without the pool's claim (an older version) gets here: the job we got goes back,
        // and the ticket keeps its own priority.
        if (next) await next.moveToWait(token);
        await job.changePriority({ priority: ticket.priority }).catch(() => undefined);
        const now = await this.ticket(conversationId);
        return now ? { kind: 'held', agentId: now.agentId ?? '' } : { kind: 'gone' };
      }
      await next.changePriority({ priority: ticket.priority });
      return { kind: 'taken', ...(await this.assign(next, agent.id, token)) };
    } finally {
      await lock.release();
    }
  }

  /** Renews the locks of the agent's chats; call it while the agent is present. */
  async keepAlive(agentId: string): Promise<void> {
    for (const conversationId of await this.chatsOf(agentId)) {
      const found = await this.activeJob(conversationId);
      if (found) await found.job.extendLock(found.token, this.bull.lockMs);
    }
  }

  /**
   * Puts a chat back in line (the agent left, or passed it on) at the front: before every ticket never taken,
   * by its own rank among chats put back (`returnedRank`).
   */
  async release(conversationId: string): Promise<Ticket | undefined> {
    const found = await this.activeJob(conversationId);
    const ticket = await this.ticket(conversationId);
    if (!ticket || ticket.status !== 'assigned') return ticket;
    if (found) await this.bull.withLock(found, (token) => found.job.moveToWait(token));
    const rank = returnedRank(ticket.rank);
    await this.o.redis
      .multi()
      .incr(this.key('version'))
      .hset(this.key('ticket', conversationId), { status: 'waiting', rank: String(rank) })
      .hdel(this.key('ticket', conversationId), 'agentId', 'token', 'assignedAt', 'firstReplyAt')
      .srem(this.chatsKey(ticket.agentId ?? ''), conversationId)
      .zadd(this.key('waiting'), rank, conversationId)
      .exec();
    return this.ticket(conversationId);
  }

  /** Hands a chat to another agent directly (their capacity permitting). */
  async transfer(conversationId: string, to: Agent): Promise<boolean> {
    const ticket = await this.ticket(conversationId);
    if (!ticket || ticket.status !== 'assigned' || !canServe(to, ticket.pool)) return false;
    if ((await this.o.redis.scard(this.chatsKey(to.id))) >= to.capacity) return false;
    await this.o.redis
      .multi()
      .incr(this.key('version'))
      .hset(this.key('ticket', conversationId), { agentId: to.id })
      .smove(this.chatsKey(ticket.agentId ?? ''), this.chatsKey(to.id), conversationId)
      .sadd(this.key('agents'), to.id)
      .exec();
    return true;
  }

  /**
   * Notes the agent's first reply (for time-to-first-reply) and the first reply of anyone since the
   * conversation was put in line; returns the ticket when this reply was that very first one.
   */
  async markReplied(conversationId: string): Promise<Ticket | undefined> {
    const now = String(this.o.clock.now());
    const key = this.key('ticket', conversationId);
    const [, first] = (await this.o.redis
      .multi()
      .hsetnx(key, 'firstReplyAt', now)
      .hsetnx(key, 'answeredAt', now)
      .exec()) ?? [
      [null, 0],
      [null, 0],
    ];
    if (first?.[1] !== 1) return undefined;
    return this.ticket(conversationId);
  }

  /** Completes a chat: the job is done, the figures are kept for the analytics. */
  async resolve(conversationId: string, note?: string): Promise<ClosedTicket | undefined> {
    const ticket = await this.ticket(conversationId);
    if (!ticket || ticket.status !== 'assigned' || !ticket.agentId || ticket.assignedAt === undefined) {
      return undefined;
    }
    const found = await this.activeJob(conversationId);
    if (found) {
      // No return value: BullMQ would copy it into its events stream, which outlives the closed ticket.
      await this.bull.withLock(found, (token) => found.job.moveToCompleted(null, token, false));
    }
    const now = this.o.clock.now();
    const closed: ClosedTicket = {
      ref: `${conversationId}@${now}`,
      conversationId,
      agentId: ticket.agentId,
      language: ticket.pool.language,
      team: ticket.pool.team,
      ...(ticket.channel ? { channel: ticket.channel } : {}),
      enqueuedAt: ticket.enqueuedAt,
      waitMs: ticket.assignedAt - ticket.enqueuedAt,
      handleMs: now - ticket.assignedAt,
      endedAt: now,
      ...(ticket.firstReplyAt !== undefined ? { firstReplyMs: ticket.firstReplyAt - ticket.assignedAt } : {}),
      ...(note ? { note } : {}),
      ...(ticket.tags && ticket.tags.length > 0 ? { tags: ticket.tags } : {}),
    };
    const tx = this.o.redis
      .multi()
      .incr(this.key('version'))
      .del(this.key('ticket', conversationId))
      .srem(this.chatsKey(ticket.agentId), conversationId);
    await this.closed.record(tx, closed).exec();
    return closed;
  }

  /** Stores the customer's 1-5 rating (and what they wrote with it) with the closed ticket. */
  rate(ref: string, rating: number, comment?: string): Promise<ClosedTicket | undefined> {
    return this.closed.rate(ref, rating, comment);
  }

  /** Closed tickets, newest first (for analytics). */
  closedTickets(limit = 100): Promise<ClosedTicket[]> {
    return this.closed.list(limit);
  }

  /** Closed tickets past the retention are removed (the supervisor calls this each round); returns how many. */
  pruneClosed(): Promise<number> {
    return this.closed.prune(this.o.clock.now());
  }

  /** Every closed ticket of one conversation, with the agents' notes and ratings. */
  closedOf(conversationId: string): Promise<ClosedTicket[]> {
    return this.closed.ofConversation(conversationId);
  }

  /**
   * Removes everything the queue keeps about one conversation (a customer's data is erased): a waiting
   * ticket leaves the line, its BullMQ job goes, the closed tickets go, and BullMQ's event streams forget
   * the job. Refuses, removing nothing, while an agent holds the chat. Safe to run again after a crash.
   */
  async forget(conversationId: string): Promise<ForgetResult> {
    const ticket = await this.ticket(conversationId);
    if (ticket?.status === 'assigned') return { kind: 'held', agentId: ticket.agentId ?? '' };
    const cancelled = ticket ? await this.cancel(conversationId) : false;
    const id = jobId(conversationId);
    for (const name of await this.pools()) {
      const queue = this.bull.queue(name);
      const job = await queue.getJob(id);
      if (job && (await job.isActive())) return { kind: 'held', agentId: '' };
      await job?.remove();
      await forgetJobEvents(this.o.redis, queue.keys.events ?? queue.toKey('events'), id);
    }
    const closed = await this.closed.ofConversation(conversationId);
    await this.closed.remove(
      closed.map((c) => c.ref),
      conversationId,
    );
    await this.o.redis
      .multi()
      .del(this.key('ticket', conversationId))
      .zrem(this.key('waiting'), conversationId)
      .exec();
    return { kind: 'forgotten', closed: closed.length, cancelled };
  }

  /** The customer no longer waits ("never mind"): the ticket leaves the line. */
  async cancel(conversationId: string): Promise<boolean> {
    const ticket = await this.ticket(conversationId);
    if (!ticket || ticket.status !== 'waiting') return false;
    const job = await this.bull.job(poolName(ticket.pool), conversationId);
    await job?.remove();
    await this.o.redis
      .multi()
      .incr(this.key('version'))
      .del(this.key('ticket', conversationId))
      .zrem(this.key('waiting'), conversationId)
      .exec();
    return true;
  }

  /** The line and the recent work, for positions and wait estimates. */
  async snapshot(agents: readonly AgentLoad[]): Promise<QueueSnapshot> {
    const ids = await this.waitingIds();
    const tickets = await Promise.all(ids.map((id) => this.ticket(id))); // auto-pipelined by ioredis
    const waiting: WaitingTicket[] = [];
    for (const [index, id] of ids.entries()) {
      const t = tickets[index];
      if (!t) continue;
      waiting.push({
        ticketId: id,
        language: t.pool.language,
        skills: t.pool.skills,
        team: t.pool.team,
        enqueuedAt: t.enqueuedAt,
        priority: t.priority,
        rank: t.rank,
      });
    }
    const recent = await this.closed.recent();
    return { now: this.o.clock.now(), waiting, agents, recent };
  }

  async close(): Promise<void> {
    await this.bull.close();
  }

  private async assign(job: Job<HandoffPacket>, agentId: string, token: string) {
    const conversationId = job.data.conversationId;
    const now = this.o.clock.now();
    await this.o.redis
      .multi()
      .incr(this.key('version'))
      .hset(this.key('ticket', conversationId), {
        status: 'assigned',
        agentId,
        token,
        assignedAt: String(now),
      })
      .zrem(this.key('waiting'), conversationId)
      .sadd(this.chatsKey(agentId), conversationId)
      .sadd(this.key('agents'), agentId)
      .exec();
    const ticket = await this.ticket(conversationId);
    if (!ticket) throw new Error(`ticket of ${conversationId} vanished while being taken`);
    return { ticket, packet: job.data };
  }

  /** The first ticket in line (by rank) that the agent can serve. */
  private async firstServable(agent: Agent): Promise<string | undefined> {
    const ids = await this.waitingIds();
    if (ids.length === 0) return undefined;
    const pipeline = this.o.redis.pipeline();
    for (const id of ids) pipeline.hget(this.key('ticket', id), 'pool');
    const pools = (await pipeline.exec()) ?? [];
    for (const [index, [, name]] of pools.entries()) {
      const pool = typeof name === 'string' ? parsePoolName(name) : undefined;
      if (pool && canServe(agent, pool)) return ids[index];
    }
    return undefined;
  }

  /**
   * Gives tickets put in line by an earlier version (scored by priority class, 1e13 apart) their rank, so
   * that they are not left behind every newer ticket; returns how many moved. Harmless to run often.
   */
  async rankOldTickets(): Promise<number> {
    let moved = 0;
    for (const conversationId of await this.o.redis.zrangebyscore(this.key('waiting'), 1e13, '+inf')) {
      const ticket = await this.ticket(conversationId);
      if (!ticket || ticket.status !== 'waiting') continue;
      await this.o.redis
        .multi()
        .incr(this.key('version'))
        .hset(this.key('ticket', conversationId), { rank: String(ticket.rank) })
        .zadd(this.key('waiting'), 'XX', ticket.rank, conversationId)
        .exec();
      moved += 1;
    }
    return moved;
  }

  private async activeJob(conversationId: string): Promise<LockedJob | undefined> {
    const [pool, token] = await this.o.redis.hmget(this.key('ticket', conversationId), 'pool', 'token');
    if (!pool || !token) return undefined;
    const job = await this.bull.job(pool, conversationId);
    return job ? { job, token, pool } : undefined;
  }
}

/** Deletes the entries of a BullMQ events stream that name one job (added, completed with its note...). */
async function forgetJobEvents(redis: RedisConnection, stream: string, id: string): Promise<void> {
  let start = '-';
  for (;;) {
    const rows = await redis.xrange(stream, start, '+', 'COUNT', 1000);
    const named = rows.filter(([, fields]) => fields.some((value, i) => i % 2 === 1 && value === id));
    if (named.length > 0) await redis.xdel(stream, ...named.map(([entryId]) => entryId));
    const last = rows[rows.length - 1];
    if (!last || rows.length < 1000) return;
    start = `(${last[0]}`;
  }
}
