import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../core/redis-script.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { HandoffQueue } from './handoff-queue.ts';
import type { HandoffService } from './handoff-service.ts';

export interface SupervisorOptions {
  readonly redis: RedisConnection;
  readonly prefix?: string;
  readonly queue: HandoffQueue;
  readonly service: HandoffService;
  readonly store: ConversationStore;
  /** Whether the agent's console is alive (their presence heartbeat has not expired). */
  readonly isPresent: (agentId: string) => Promise<boolean>;
  readonly agentName: (agentId: string) => Promise<string>;
  /** Runs first in each round the lease is held (e.g. marking agents whose console died as offline). */
  readonly beforeTick?: () => Promise<void>;
  /** How often to look (default 5 s). */
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * The human queue's caretaker. One process at a time (a Redis lease) keeps the locks of present agents'
 * chats alive, returns the chats of agents who went away or whose console died to the front of the line
 * (the customer is told), moves long waits up in priority, and keeps waiting customers' place and wait up to
 * date.
 */
export class Supervisor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly token = randomUUID();
  private readonly intervalMs: number;

  constructor(private readonly o: SupervisorOptions) {
    this.intervalMs = o.intervalMs ?? 5_000;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.o.onError?.(error))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.o.redis.eval(
      `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
      1,
      this.leaseKey(),
      this.token,
    );
  }

  /** One round; returns false when another process holds the lease. */
  async tick(): Promise<boolean> {
    if (!(await this.lease())) return false;
    await this.o.beforeTick?.();
    for (const [agentId, chats] of await this.o.queue.assignments()) {
      if (await this.o.isPresent(agentId)) {
        await this.o.queue.keepAlive(agentId);
        continue;
      }
      const name = await this.o.agentName(agentId);
      for (const conversationId of chats) await this.o.service.release(conversationId, name);
    }
    await this.o.queue.age();
    for (const conversationId of await this.o.queue.waitingIds()) {
      const conversation = await this.o.store.get(conversationId);
      if (conversation) await this.o.service.updateWait(conversation);
    }
    return true;
  }

  private leaseKey(): string {
    return `${this.o.prefix ?? 'hamdel:'}handoff:supervisor`;
  }

  private async lease(): Promise<boolean> {
    const ttl = String(this.intervalMs * 3);
    const held = await this.o.redis.eval(
      `local v = redis.call('GET', KEYS[1])
       if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
       if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
       return 0`,
      1,
      this.leaseKey(),
      this.token,
      ttl,
    );
    return held === 1;
  }
}
