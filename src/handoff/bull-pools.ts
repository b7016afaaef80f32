import { Queue, Worker, type Job } from 'bullmq';
import { reportRedisErrors, type RedisErrorListener } from '../core/redis-error-log.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { HandoffPacket } from './handoff-packet.ts';
import { humanKeyPrefix } from '../agents/agent-keys.ts';

/** A chat's job in BullMQ with the token that holds its lock. */
export interface LockedJob {
  readonly job: Job<HandoffPacket>;
  readonly token: string;
  readonly pool: string;
}

/**
 * The BullMQ side of the human queue: one Queue (to add, find and change jobs) and one Worker without a
 * processor (to claim jobs for agents with `getNextJob`) per pool, created on first use.
 */
export class BullPools {
  private readonly queues = new Map<string, Queue<HandoffPacket>>();
  private readonly workers = new Map<string, Worker<HandoffPacket>>();

  constructor(
    private readonly connection: RedisConnection,
    private readonly prefix: string,
    readonly lockMs: number,
    /** Told, at a sane rate, about the errors queues and workers emit (their connections' errors). */
    private readonly onError: RedisErrorListener = () => undefined,
  ) {}

  queue(pool: string): Queue<HandoffPacket> {
    let queue = this.queues.get(pool);
    if (!queue) {
      queue = new Queue<HandoffPacket>(pool, { connection: this.connection, prefix: this.prefix });
      reportRedisErrors(queue, `bullmq queue ${pool}`, this.onError);
      this.queues.set(pool, queue);
    }
    return queue;
  }

  worker(pool: string): Worker<HandoffPacket> {
    let worker = this.workers.get(pool);
    if (!worker) {
      worker = new Worker<HandoffPacket>(pool, null, {
        connection: this.connection,
        prefix: this.prefix,
        autorun: false,
        lockDuration: this.lockMs,
      });
      reportRedisErrors(worker, `bullmq worker ${pool}`, this.onError);
      this.workers.set(pool, worker);
    }
    return worker;
  }

  /** The job of a conversation in a pool, if it is there. */
  async job(pool: string, conversationId: string): Promise<Job<HandoffPacket> | undefined> {
    return (await this.queue(pool).getJob(jobId(conversationId))) ?? undefined;
  }

  /**
   * Runs a BullMQ step that needs the chat's lock. A lock can lapse (no process renewed it in time: all were
   * down, or a round ran long); nobody else can hold it then, since an active job is never handed out
   * again, so the step is done without the lock check (BullMQ's token "0").
   */
  async withLock<T>(locked: LockedJob, step: (token: string) => Promise<T>): Promise<T> {
    try {
      return await step(locked.token);
    } catch (error) {
      const lockKey = `${this.queue(locked.pool).toKey(locked.job.id ?? '')}:lock`;
      if ((await this.connection.exists(lockKey)) === 1) throw error;
      return step('0');
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.workers.clear();
    this.queues.clear();
  }
}

/**
 * The BullMQ prefix of the human queue's pools. It carries the human side's hash tag, as BullMQ asks of a
 * Redis Cluster: every key of a queue (and here of every pool) in one slot, where hamdel's own queue keys are.
 */
export function bullPrefix(prefix: string): string {
  return `${humanKeyPrefix(prefix)}bull`;
}

/** BullMQ job ids may not contain ":"; conversation ids from integrators might. */
export function jobId(conversationId: string): string {
  return `c-${encodeURIComponent(conversationId)}`;
}
