/**
 * The support-day simulation's `SimulatedQueue` over the real `HandoffQueue` (BullMQ on Redis), so that
 * `npm run bench:queue` measures the queue hamdel ships, not a model of it. Time is the simulation's: the
 * queue gets a clock that reads the simulation's virtual time, so enqueue times, waits and handle times
 * are virtual minutes while BullMQ does its work in real time underneath.
 *
 * The mapping:
 * - a sim ticket becomes a handoff packet (conversation id = ticket id; language, team, skills as they
 *   are; the sim's priority as its reason: 1 angry, 2 asked for a person, 3 repeated failures, so the
 *   queue ranks it as the sim drew it);
 * - a sim agent becomes an `Agent`; only agents whose presence is "online" take work (the queue itself
 *   knows nothing about presence: the server's console does that check, here this class does);
 * - `takeNext` is `queue.take(agent)`, `complete` is `queue.resolve`, and `snapshot` is
 *   `queue.snapshot(loads)` with the loads of the agents present and their chats from `queue.chatsOf`.
 *
 * Every key lives under a random prefix, deleted by `close()`.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Clock } from '../src/core/clock.ts';
import { reportRedisErrors, type RedisErrorReport } from '../src/core/redis-error-log.ts';
import type { Agent, AgentStatus } from '../src/agents/agent.ts';
import type { EscalationReason, HandoffPacket } from '../src/handoff/handoff-packet.ts';
import { HandoffQueue } from '../src/handoff/handoff-queue.ts';
import type { AgentLoad, QueueSnapshot } from '../src/handoff/queue-snapshot.ts';
import type { SimAgent, SimTicket, SimulatedQueue } from './queue-sim.ts';

export interface RedisSimQueueOptions {
  /** The simulation's clock (virtual time). */
  readonly clock: Clock;
  /** Default `REDIS_URL` from the environment, else redis://127.0.0.1:6379. */
  readonly redisUrl?: string;
  /** Key prefix; default a random `hamdel-bench:<uuid>:`. */
  readonly prefix?: string;
  /**
   * BullMQ's lock on a taken chat, in real ms. Nobody renews it in the simulation (there is no console),
   * so it must outlast the run; default 6 hours.
   */
  readonly lockMs?: number;
  /**
   * Pass only this many recent completions to the estimator (default: all the queue keeps, 500, as the
   * server does). `MemoryQueue` keeps 200; `--compare` sets 200 so that both feed the estimator alike.
   */
  readonly recentLimit?: number;
  /** The queue's fairness bound (`HANDOFF_MAX_OVERTAKE_SECONDS` in ms); default the queue's. */
  readonly maxOvertakeMs?: number;
}

/** The sim's priority as the reason the queue turns back into a priority. */
function reasonsFor(priority: number): EscalationReason[] {
  return priority <= 1 ? ['anger'] : priority === 2 ? ['customer-asked'] : ['repeated-failure'];
}

function packetOf(ticket: SimTicket): HandoffPacket {
  return {
    conversationId: ticket.ticketId,
    channel: 'web',
    customer: { id: `customer-${ticket.ticketId}` },
    language: ticket.language,
    reasons: reasonsFor(ticket.priority),
    failedAnswers: 0,
    articlesOffered: [],
    summary: '',
    lastMessages: [],
    skills: ticket.skills,
    team: ticket.team,
    requestedAt: ticket.enqueuedAt,
  };
}

function agentOf(sim: SimAgent): Agent {
  return {
    id: sim.agentId,
    name: sim.agentId,
    role: 'agent',
    languages: sim.languages,
    skills: sim.skills,
    capacity: sim.capacity,
    team: sim.team,
  };
}

export class RedisSimQueue implements SimulatedQueue {
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly bull: Redis;
  private readonly queue: HandoffQueue;
  private readonly presence = new Map<string, { agent: SimAgent; status: AgentStatus }>();

  constructor(private readonly o: RedisSimQueueOptions) {
    const url = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    this.prefix = o.prefix ?? `hamdel-bench:${randomUUID()}:`;
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, connectionName: 'hamdel:bench' });
    this.bull = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'hamdel:bench-bullmq' });
    const printError = (report: RedisErrorReport) => {
      if (report.kind === 'error') console.error(`Redis (${report.connection}): ${report.error.message}`);
    };
    reportRedisErrors(this.redis, 'bench', printError);
    reportRedisErrors(this.bull, 'bench-bullmq', printError);
    this.queue = new HandoffQueue({
      redis: this.redis,
      bullConnection: this.bull,
      prefix: this.prefix,
      clock: o.clock,
      lockMs: o.lockMs ?? 6 * 3_600_000,
      ...(o.maxOvertakeMs !== undefined ? { maxOvertakeMs: o.maxOvertakeMs } : {}),
    });
  }

  async enqueue(ticket: SimTicket): Promise<void> {
    const { duplicate } = await this.queue.enqueue(packetOf(ticket));
    if (duplicate) throw new Error(`ticket ${ticket.ticketId} was already queued`);
  }

  async takeNext(agent: SimAgent): Promise<string | undefined> {
    if (this.presence.get(agent.agentId)?.status !== 'online') return undefined;
    const result = await this.queue.take(agentOf(agent));
    return result.kind === 'taken' ? result.ticket.conversationId : undefined;
  }

  async complete(ticketId: string): Promise<void> {
    const closed = await this.queue.resolve(ticketId);
    if (closed === undefined) throw new Error(`ticket ${ticketId} is not in hand`);
  }

  async setPresence(agent: SimAgent, status: AgentStatus): Promise<void> {
    this.presence.set(agent.agentId, { agent, status });
  }

  async snapshot(now: number): Promise<QueueSnapshot> {
    if (now !== this.o.clock.now()) throw new Error('snapshot asked for another time than the clock says');
    const loads: AgentLoad[] = [];
    for (const { agent, status } of this.presence.values()) {
      if (status === 'offline') continue;
      const activeChats = (await this.queue.chatsOf(agent.agentId)).length;
      loads.push({ ...agent, status, activeChats });
    }
    const snapshot = await this.queue.snapshot(loads);
    const limit = this.o.recentLimit;
    return limit === undefined ? snapshot : { ...snapshot, recent: snapshot.recent.slice(0, limit) };
  }

  /** Closes BullMQ's queues and workers, deletes every key under the prefix and disconnects. */
  async close(): Promise<void> {
    await this.queue.close();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await this.redis.del(...keys);
    } while (cursor !== '0');
    this.redis.disconnect();
    this.bull.disconnect();
  }
}
