import type { Conversation } from '../conversations/conversation.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import { KeyedWork } from '../core/keyed-work.ts';
import { RedisLock } from '../core/redis-lock.ts';
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
  /** How often to look (default 5 s). The lease lives three times as long without a renewal. */
  readonly intervalMs?: number;
  /** Messages to customers sent at once per channel (default 4); the others wait their turn. */
  readonly sendsPerChannel?: number;
  /** How long `stop` waits for messages still being sent (default 5 s). */
  readonly drainMs?: number;
  /** A round or a message to a customer failed (`conversationId` for the latter). */
  readonly onError?: (error: unknown, conversationId?: string) => void;
}

/**
 * The human queue's caretaker. One process at a time (a Redis lease, renewed while a round runs) keeps the
 * locks of present agents' chats alive, returns the chats of agents who went away or whose console died to
 * the front of the line, moves long waits up in priority, removes closed tickets past their retention, and keeps waiting customers' place and wait up to
 * date. A round only reads and writes Redis: what customers are told (a message, an edited wait) is sent in
 * the background, a few at a time per channel and one at a time per conversation, so a slow channel holds
 * neither the round nor the lease.
 */
export class Supervisor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly intervalMs: number;
  private readonly lease: RedisLock;
  private readonly sends: KeyedWork;

  constructor(private readonly o: SupervisorOptions) {
    this.intervalMs = o.intervalMs ?? 5_000;
    this.lease = new RedisLock({
      redis: o.redis,
      key: `${o.prefix ?? 'hamdel:'}handoff:supervisor`,
      ttlMs: this.intervalMs * 3,
    });
    this.sends = new KeyedWork({
      perLane: o.sendsPerChannel ?? 4,
      onError: (error, conversationId) => o.onError?.(error, conversationId),
    });
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

  /** Stops looking, frees the lease, and waits (up to `drainMs`) for messages still being sent. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.lease.release();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.sends.settled(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.o.drainMs ?? 5_000);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Resolves once every message the rounds so far queued for customers is sent (or failed). */
  settled(): Promise<void> {
    return this.sends.settled();
  }

  /** One round; returns false when another process holds the lease (or took it during the round). */
  async tick(): Promise<boolean> {
    if (!(await this.lease.acquire())) return false;
    let lost = false;
    this.lease.keepAlive(() => {
      lost = true;
    });
    try {
      await this.o.beforeTick?.();
      for (const [agentId, chats] of await this.o.queue.assignments()) {
        if (lost) return false;
        if (await this.o.isPresent(agentId)) {
          await this.o.queue.keepAlive(agentId);
          continue;
        }
        const name = await this.o.agentName(agentId);
        for (const conversationId of chats) {
          if (this.sends.busy(conversationId)) continue;
          const conversation = await this.o.service.returnToLine(conversationId);
          if (conversation) this.send(conversation, () => this.o.service.tellReleased(conversation, name));
        }
      }
      if (lost) return false;
      await this.o.queue.rankOldTickets(); // tickets queued by a version before the fairness rule
      await this.o.queue.pruneClosed(); // closed tickets past CLOSED_TICKET_RETENTION_DAYS
      await this.o.service.pruneSearch(); // and their conversations in the search index
      for (const conversationId of await this.o.queue.waitingIds()) {
        if (lost) return false;
        if (this.sends.busy(conversationId)) continue; // the last update is still on its way
        const conversation = await this.o.store.get(conversationId);
        if (conversation) this.send(conversation, () => this.updateWait(conversationId));
      }
      return !lost;
    } finally {
      // Between rounds the lease lives out its TTL; the next round extends it. A process that stops
      // ticking (or hangs outside a round) loses it to another after three intervals.
      this.lease.abandon();
    }
  }

  private send(conversation: Conversation, work: () => Promise<void>): void {
    this.sends.add(conversation.id, conversation.channel, work);
  }

  /** Reads the conversation again when its turn comes (it may have been taken meanwhile). */
  private async updateWait(conversationId: string): Promise<void> {
    const conversation = await this.o.store.get(conversationId);
    if (conversation) await this.o.service.updateWait(conversation);
  }
}
