import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AgentStore } from '../../agents/agent-store.ts';
import { RedisLock } from '../../core/redis-lock.ts';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { SeenOnce } from '../../core/seen-once.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import {
  QUEUE_CHANNEL,
  type ConversationEvent,
  type ConversationEvents,
} from '../../conversations/conversation-events.ts';
import type { HandoffQueue } from '../../handoff/handoff-queue.ts';
import { controlMessage, escalationMessage, type EscalationStatus } from './packet-blocks.ts';
import type { SlackState, ThreadRecord } from './slack-state.ts';
import { ThreadMirror } from './thread-mirror.ts';

export interface EscalationBoardOptions {
  readonly client: App['client'];
  /** SLACK_AGENT_CHANNEL. */
  readonly channel: string;
  readonly queue: HandoffQueue;
  readonly events: ConversationEvents;
  /** Where transcripts are read when a process takes the threads over (entries the last one missed). */
  readonly store: ConversationStore;
  readonly agents: AgentStore;
  readonly state: SlackState;
  /** For the lease that picks the one process that posts and follows (the same Redis as `state`). */
  readonly redis: RedisConnection;
  readonly log: Logger;
  /**
   * How long the board's lease outlives a process that died before another one takes the threads over
   * (default 15 s). The holder renews it every third of this.
   */
  readonly leaseMs?: number;
  /** How often the line is read again besides on queue events, and other processes try the lease (default 10 s). */
  readonly rescanMs?: number;
}

type Ending = NonNullable<ThreadRecord['closed']>;

/**
 * The agents' channel, outbound: every escalation (of any channel's customer) is posted once with its
 * packet and a Take button, the message follows the ticket (taken by whom, resolved, gone), a thread message
 * with Resolve and Release follows each assignment, and the customer's messages (and console replies) are
 * mirrored into the thread, each once.
 *
 * One process does this for every thread: the one that holds the board's Redis lease (renewed while it
 * lives). The others only try the lease at each rescan; when the holder closes or dies, one of them takes
 * over, brings the threads up to date and mirrors the entries written meanwhile (from the transcript, after
 * the entry the thread started at). Posts and mirrors are claimed before and confirmed after (SeenOnce), so a
 * hand-over neither loses nor repeats one. Updates are serialized per conversation by a short Redis lock
 * (Take is pressed in whichever process Slack reaches).
 */
export class EscalationBoard {
  private readonly following = new Map<string, Promise<() => Promise<void>>>();
  private readonly lease: RedisLock;
  private readonly posted: SeenOnce;
  private readonly mirror: ThreadMirror;
  private readonly rescanMs: number;
  private unsubscribeQueue: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private stopped = false;
  /** Whether this process held the lease at its last scan. */
  private held = false;
  /** Mirrors and updates under way (stop waits for them). */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly o: EscalationBoardOptions) {
    const leaseMs = o.leaseMs ?? 15_000;
    this.rescanMs = o.rescanMs ?? 10_000;
    this.lease = new RedisLock({ redis: o.redis, key: o.state.boardLeaseKey, ttlMs: leaseMs });
    // A claim outlives a holder that died mid-post by a third of the lease, so the next holder finds it free.
    const claimMs = Math.max(1_000, Math.floor(leaseMs / 3));
    this.posted = o.state.seen('posted', { ttlSeconds: 30 * 86_400, claimMs });
    this.mirror = new ThreadMirror({ client: o.client, store: o.store, state: o.state, claimMs });
  }

  async start(): Promise<void> {
    this.unsubscribeQueue = await this.o.events.subscribe(QUEUE_CHANNEL, () => this.schedule());
    this.schedule();
    await this.scanning;
    this.timer = setInterval(() => this.schedule(), this.rescanMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unsubscribeQueue?.();
    await this.scanning;
    await Promise.allSettled([...this.pending]);
    await this.dropThreads();
    await this.lease.release().catch(() => undefined); // another process takes over at its next rescan
  }

  /** One scan at a time; changes during a scan cause one more. */
  private schedule(): void {
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error: unknown) => this.o.log.error({ err: error }, 'Slack: reading the line failed'))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          this.schedule();
        }
      });
  }

  /**
   * With the lease: posts new escalations and follows every live thread (taking over those another process
   * posted). Without it: follows nothing.
   */
  async scan(): Promise<void> {
    if (this.stopped) return;
    if (!(await this.lease.acquire())) {
      if (this.held) this.o.log.warn({}, 'Slack: another process follows the escalation threads now');
      await this.dropThreads();
      return;
    }
    this.held = true;
    this.lease.keepAlive(() => this.schedule()); // lost: the next scan lets the threads go
    for (const conversationId of await this.o.queue.waitingIds()) {
      const ticket = await this.o.queue.ticket(conversationId);
      if (!ticket) continue;
      const thread = await this.o.state.thread(conversationId);
      if (thread?.enqueuedAt === ticket.enqueuedAt) continue;
      const guard = `${conversationId}:${ticket.enqueuedAt}`;
      if (!(await this.posted.claim(guard))) continue; // posted already (or being posted)
      try {
        await this.post(conversationId, ticket.enqueuedAt);
      } catch (error) {
        // Slack refused (the app not in the channel, an outage): the next scan tries again.
        await this.posted.forget(guard).catch(() => undefined);
        this.o.log.error({ err: error, conversationId }, 'Slack: posting an escalation failed');
        continue;
      }
      await this.posted.confirm(guard);
    }
    const followed = new Set(await this.o.state.followed());
    for (const conversationId of followed) {
      if (!this.following.has(conversationId)) await this.takeOver(conversationId);
    }
    // Threads closed by another process (Take, Resolve pressed there) are let go here too.
    for (const [conversationId, unsubscribe] of this.following) {
      if (followed.has(conversationId)) continue;
      this.following.delete(conversationId);
      const stop = await unsubscribe;
      await stop();
    }
  }

  /** Stops following every thread here (another process holds the board, or this one stops). */
  private async dropThreads(): Promise<void> {
    this.held = false;
    this.lease.abandon();
    const unsubscribes = [...this.following.values()];
    this.following.clear();
    for (const unsubscribe of unsubscribes) await (await unsubscribe)();
  }

  private async post(conversationId: string, enqueuedAt: number): Promise<void> {
    const packet = await this.o.queue.packet(conversationId);
    if (!packet) return;
    const [last] = await this.o.store.transcript(conversationId, { last: 1 });
    const message = escalationMessage(packet, { kind: 'waiting' });
    const posted = await this.o.client.chat.postMessage({ channel: this.o.channel, ...message });
    if (!posted.ts) throw new Error('Slack gave the escalation message no ts');
    await this.o.state.saveThread(conversationId, {
      channel: posted.channel ?? this.o.channel,
      ts: posted.ts,
      ...(last ? { since: last.id } : {}),
      enqueuedAt,
      packet,
      shown: digest(message),
    });
    await this.takeOver(conversationId); // it may have been taken, or written to, meanwhile
  }

  /** Follows a thread here: its events from now on, what was written before, and its current state. */
  private async takeOver(conversationId: string): Promise<void> {
    await this.follow(conversationId);
    await this.mirror.catchUp(conversationId);
    await this.sync(conversationId);
  }

  private async follow(conversationId: string): Promise<void> {
    if (this.following.has(conversationId)) return;
    this.following.set(
      conversationId,
      this.o.events.subscribe(conversationId, (event) => this.onEvent(conversationId, event)),
    );
    await this.following.get(conversationId);
  }

  /** The thread is over: nobody follows it any more. */
  private async unfollow(conversationId: string): Promise<void> {
    const unsubscribe = this.following.get(conversationId);
    this.following.delete(conversationId);
    await this.o.state.unfollow(conversationId);
    if (unsubscribe) await (await unsubscribe)();
  }

  private onEvent(conversationId: string, event: ConversationEvent): void {
    let work: Promise<void> | undefined;
    if (event.type === 'entry') work = this.mirror.entry(conversationId, event.entry);
    if (event.type === 'handoff') {
      const ending = event.change === 'resolved' || event.change === 'cancelled' ? event.change : undefined;
      work = this.sync(conversationId, ending);
    }
    if (!work) return;
    const tracked = work.catch((error: unknown) =>
      this.o.log.error({ err: error, conversationId }, 'Slack: thread update failed'),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Brings the escalation message and the thread's control message up to date with the ticket. */
  async sync(conversationId: string, ending?: Ending): Promise<void> {
    await this.o.state.locked(`sync:${conversationId}`, async () => {
      let thread = await this.o.state.thread(conversationId);
      if (!thread) return;
      if (thread.closed) return void (await this.unfollow(conversationId));
      const ticket = await this.o.queue.ticket(conversationId);
      const current = ticket?.enqueuedAt === thread.enqueuedAt ? ticket : undefined;
      let status: EscalationStatus;
      if (!current) status = { kind: 'closed', how: ending ?? (await this.ended(conversationId, thread)) };
      else if (current.status === 'waiting' || !current.agentId) status = { kind: 'waiting' };
      else
        status = {
          kind: 'taken',
          agentName: (await this.o.agents.get(current.agentId))?.name ?? current.agentId,
        };

      const control = thread.control;
      const holder = status.kind === 'taken' ? status.agentName : undefined;
      const sameHands = control?.assignedAt === current?.assignedAt && control?.agentName === holder;
      if (control && (!holder || !sameHands)) {
        await this.o.client.chat.update({
          channel: thread.channel,
          ts: control.ts,
          ...controlMessage(conversationId, control.agentName, false),
        });
        const { control: _closed, ...rest } = thread;
        thread = rest;
      }
      if (holder && current?.assignedAt !== undefined && !thread.control) {
        const posted = await this.o.client.chat.postMessage({
          channel: thread.channel,
          thread_ts: thread.ts,
          ...controlMessage(conversationId, holder, true),
        });
        if (posted.ts)
          thread = {
            ...thread,
            control: { ts: posted.ts, assignedAt: current.assignedAt, agentName: holder },
          };
      }

      const message = escalationMessage(thread.packet, status);
      const shown = digest(message);
      if (shown !== thread.shown) {
        await this.o.client.chat.update({ channel: thread.channel, ts: thread.ts, ...message });
        thread = { ...thread, shown };
      }
      if (status.kind === 'closed') thread = { ...thread, closed: status.how };
      await this.o.state.saveThread(conversationId, thread);
      if (thread.closed) await this.unfollow(conversationId);
    });
  }

  /** Without the event that ended it: resolved if a closed ticket of this escalation is among the recent ones. */
  private async ended(conversationId: string, thread: ThreadRecord): Promise<Ending> {
    const closed = await this.o.queue.closedTickets(200);
    const resolved = closed.some(
      (t) => t.conversationId === conversationId && t.endedAt >= thread.enqueuedAt,
    );
    return resolved ? 'resolved' : 'gone';
  }
}

function digest(message: unknown): string {
  return createHash('sha1').update(JSON.stringify(message)).digest('hex');
}
