import type { RedisConnection } from '../../core/redis-script.ts';
import type { Choice } from '../../core/message.ts';
import { withLock } from '../../core/redis-lock.ts';
import { SeenOnce } from '../../core/seen-once.ts';
import type { HandoffPacket } from '../../handoff/handoff-packet.ts';

/** The message an escalation was posted as in the agents' channel, and its thread. */
export interface ThreadRecord {
  readonly channel: string;
  /** The escalation message (the thread's root). */
  readonly ts: string;
  /** The last transcript entry when it was posted: later customer entries are mirrored into the thread. */
  readonly since?: string;
  /** When the ticket entered the line (an escalation after a resolved one gets a new thread). */
  readonly enqueuedAt: number;
  /** The message with Resolve and Release while an agent holds the chat, and the assignment it is for. */
  readonly control?: { readonly ts: string; readonly assignedAt: number; readonly agentName: string };
  /** The packet as it was posted (the ticket and its packet are gone once resolved). */
  readonly packet: HandoffPacket;
  /** A hash of what the root message last showed (to skip identical updates). */
  readonly shown?: string;
  /** Set once the escalation is over; the message is not changed again. */
  readonly closed?: 'resolved' | 'cancelled' | 'gone';
}

/** A customer's "place in line" message, edited in place as the line moves. */
export interface WaitMessage {
  readonly channel: string;
  readonly ts: string;
  readonly choices: readonly Choice[];
}

const DAY = 86_400;

/** What `SlackState.seen` remembers: an id per kind, for `ttlSeconds`, claimed for `claimMs` until confirmed. */
export interface SeenKind {
  readonly ttlSeconds: number;
  readonly claimMs: number;
}

/** What the Slack side keeps in Redis, under `<prefix>{slack}:`; every process of an installation shares it. */
export class SlackState {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly retentionSeconds = 30 * DAY,
  ) {}

  /**
   * Every key carries the hash tag `{slack}`: on a Redis Cluster they share one slot, so that a thread's
   * record, its root and the set of followed threads are saved in one MULTI. Slack's traffic is small.
   */
  private key(...parts: string[]): string {
    return `${this.prefix}{slack}:${parts.join(':')}`;
  }

  /**
   * Ids of one kind handled once across every process (claim, handle, confirm; forget when it failed):
   * Events API deliveries, escalations posted, transcript entries mirrored into threads.
   */
  seen(kind: string, o: SeenKind): SeenOnce {
    return new SeenOnce({ redis: this.redis, key: (id) => this.key('once', kind, id), ...o });
  }

  /** Runs `work` while holding a per-name Redis lock, renewed while it works (waits for it up to `waitMs`). */
  async locked<T>(name: string, work: () => Promise<T>, waitMs = 5_000): Promise<T> {
    return withLock({ redis: this.redis, key: this.key('lock', name), ttlMs: 10_000, waitMs }, work);
  }

  /** The key of the lease that says which process follows the threads (see EscalationBoard). */
  get boardLeaseKey(): string {
    return this.key('board');
  }

  /** Notes that a linked agent acted in Slack; they count as present for `idleMs` (see SlackPresenceKeeper). */
  async markActive(agentId: string, idleMs: number): Promise<void> {
    await this.redis.set(this.key('active', agentId), '1', 'PX', idleMs);
  }

  async isActive(agentId: string): Promise<boolean> {
    return (await this.redis.exists(this.key('active', agentId))) === 1;
  }

  async dmChannel(conversationId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key('dm', conversationId))) ?? undefined;
  }

  async rememberDmChannel(conversationId: string, channel: string): Promise<void> {
    await this.redis.set(this.key('dm', conversationId), channel, 'EX', this.retentionSeconds);
  }

  async waitMessage(conversationId: string): Promise<WaitMessage | undefined> {
    const raw = await this.redis.get(this.key('wait', conversationId));
    return raw ? (JSON.parse(raw) as WaitMessage) : undefined;
  }

  async rememberWaitMessage(conversationId: string, message: WaitMessage): Promise<void> {
    await this.redis.set(this.key('wait', conversationId), JSON.stringify(message), 'EX', DAY);
  }

  async thread(conversationId: string): Promise<ThreadRecord | undefined> {
    const raw = await this.redis.get(this.key('thread', conversationId));
    return raw ? (JSON.parse(raw) as ThreadRecord) : undefined;
  }

  /** Saves the record, maps the thread back to the conversation and counts it as followed. */
  async saveThread(conversationId: string, record: ThreadRecord): Promise<void> {
    await this.redis
      .multi()
      .set(this.key('thread', conversationId), JSON.stringify(record), 'EX', this.retentionSeconds)
      .set(this.key('root', record.channel, record.ts), conversationId, 'EX', this.retentionSeconds)
      .sadd(this.key('followed'), conversationId)
      .exec();
  }

  /** The conversation whose escalation is the root of this thread. */
  async conversationOfThread(channel: string, threadTs: string): Promise<string | undefined> {
    return (await this.redis.get(this.key('root', channel, threadTs))) ?? undefined;
  }

  /** Conversations whose threads are live (mirrored, kept up to date). */
  async followed(): Promise<string[]> {
    return this.redis.smembers(this.key('followed'));
  }

  /** What is kept about one conversation, for an export of the customer's data. */
  async exportConversation(conversationId: string) {
    const [dmChannel, waitMessage, thread] = await Promise.all([
      this.dmChannel(conversationId),
      this.waitMessage(conversationId),
      this.thread(conversationId),
    ]);
    return {
      ...(dmChannel ? { dmChannel } : {}),
      ...(waitMessage ? { waitMessage } : {}),
      ...(thread ? { thread } : {}),
    };
  }

  /**
   * Removes what is kept about one conversation, for an erasure of the customer's data: its DM channel,
   * wait message, escalation thread (and the thread's way back), its place among followed threads, and the
   * "seen once" marks named by it: Events API deliveries (`eventIds`), transcript entries mirrored
   * (`entryIds`), escalations posted (`postedAt`, their times in line).
   */
  async forgetConversation(
    conversationId: string,
    seen: { eventIds: readonly string[]; entryIds: readonly string[]; postedAt: readonly number[] },
  ): Promise<void> {
    const thread = await this.thread(conversationId);
    const posted = new Set(seen.postedAt);
    if (thread) posted.add(thread.enqueuedAt);
    const tx = this.redis
      .multi()
      .del(
        this.key('dm', conversationId),
        this.key('wait', conversationId),
        this.key('lock', `sync:${conversationId}`),
        ...seen.eventIds.map((id) => this.key('once', 'event', id)),
        ...seen.entryIds.map((id) => this.key('once', 'mirrored', `${conversationId}:${id}`)),
        ...[...posted].map((at) => this.key('once', 'posted', `${conversationId}:${at}`)),
      )
      .srem(this.key('followed'), conversationId);
    if (thread) tx.del(this.key('root', thread.channel, thread.ts));
    // The record goes last: a run cut short finds the thread again.
    await tx.del(this.key('thread', conversationId)).exec();
  }

  async unfollow(conversationId: string): Promise<void> {
    await this.redis.srem(this.key('followed'), conversationId);
  }
}
