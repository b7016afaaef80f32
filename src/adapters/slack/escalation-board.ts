import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AgentStore } from '../../agents/agent-store.ts';
import type { TranscriptEntry } from '../../conversations/conversation.ts';
import {
  QUEUE_CHANNEL,
  type ConversationEvent,
  type ConversationEvents,
} from '../../conversations/conversation-events.ts';
import type { HandoffQueue } from '../../handoff/handoff-queue.ts';
import { section } from './message-blocks.ts';
import { controlMessage, escalationMessage, type EscalationStatus } from './packet-blocks.ts';
import type { SlackState, ThreadRecord } from './slack-state.ts';
import { escapeSlack } from './slack-text.ts';

export interface EscalationBoardOptions {
  readonly client: App['client'];
  /** SLACK_AGENT_CHANNEL. */
  readonly channel: string;
  readonly queue: HandoffQueue;
  readonly events: ConversationEvents;
  readonly agents: AgentStore;
  readonly state: SlackState;
  readonly log: Logger;
  /** How often the line is read again besides on queue events (default 15 s). */
  readonly rescanMs?: number;
}

type Ending = NonNullable<ThreadRecord['closed']>;

/**
 * The agents' channel, outbound: every escalation (of any channel's customer) is posted once with its
 * packet and a Take button (whichever process wins a SET NX posts it), the message follows the ticket
 * (taken by whom, resolved, gone), a thread message with Resolve and Release follows each assignment, and
 * the customer's messages (and console replies) are mirrored into the thread, each once (SET NX per entry).
 * Every process follows every live thread; updates are serialized per conversation by a short Redis lock.
 */
export class EscalationBoard {
  private readonly following = new Map<string, Promise<() => Promise<void>>>();
  private unsubscribeQueue: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  /** Mirrors and updates under way (stop waits for them). */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly o: EscalationBoardOptions) {}

  async start(): Promise<void> {
    this.unsubscribeQueue = await this.o.events.subscribe(QUEUE_CHANNEL, () => this.schedule());
    await this.scan();
    this.timer = setInterval(() => this.schedule(), this.o.rescanMs ?? 15_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unsubscribeQueue?.();
    await this.scanning;
    await Promise.allSettled([...this.pending]);
    for (const unsubscribe of this.following.values()) await (await unsubscribe)();
    this.following.clear();
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

  /** Posts new escalations and follows the threads other processes posted. */
  async scan(): Promise<void> {
    for (const conversationId of await this.o.queue.waitingIds()) {
      const ticket = await this.o.queue.ticket(conversationId);
      if (!ticket) continue;
      const thread = await this.o.state.thread(conversationId);
      if (thread?.enqueuedAt === ticket.enqueuedAt) continue;
      const guard = `posted:${conversationId}:${ticket.enqueuedAt}`;
      if (!(await this.o.state.once(guard, 30 * 86_400))) continue; // another process posts it
      try {
        await this.post(conversationId, ticket.enqueuedAt);
      } catch (error) {
        // Slack refused (the app not in the channel, an outage): the next scan, by any process, tries again.
        await this.o.state.forget(guard);
        this.o.log.error({ err: error, conversationId }, 'Slack: posting an escalation failed');
      }
    }
    for (const conversationId of await this.o.state.followed()) await this.follow(conversationId);
  }

  private async post(conversationId: string, enqueuedAt: number): Promise<void> {
    const packet = await this.o.queue.packet(conversationId);
    if (!packet) return;
    const message = escalationMessage(packet, { kind: 'waiting' });
    const posted = await this.o.client.chat.postMessage({ channel: this.o.channel, ...message });
    if (!posted.ts) throw new Error('Slack gave the escalation message no ts');
    await this.o.state.saveThread(conversationId, {
      channel: posted.channel ?? this.o.channel,
      ts: posted.ts,
      enqueuedAt,
      packet,
      shown: digest(message),
    });
    await this.follow(conversationId);
    await this.sync(conversationId); // it may have been taken meanwhile
  }

  private async follow(conversationId: string): Promise<void> {
    if (this.following.has(conversationId)) return;
    this.following.set(
      conversationId,
      this.o.events.subscribe(conversationId, (event) => this.onEvent(conversationId, event)),
    );
    await this.following.get(conversationId);
  }

  private async unfollow(conversationId: string): Promise<void> {
    const unsubscribe = this.following.get(conversationId);
    this.following.delete(conversationId);
    await this.o.state.unfollow(conversationId);
    if (unsubscribe) await (await unsubscribe)();
  }

  private onEvent(conversationId: string, event: ConversationEvent): void {
    let work: Promise<void> | undefined;
    if (event.type === 'entry') work = this.mirror(conversationId, event.entry);
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

  /** The customer's messages, and replies agents wrote outside Slack, into the thread (once each). */
  private async mirror(conversationId: string, entry: TranscriptEntry): Promise<void> {
    const author = entry.author;
    const elsewhere = author.kind === 'agent' && !entry.platformMessageId?.startsWith('slack:');
    if (author.kind !== 'customer' && !elsewhere) return;
    const thread = await this.o.state.thread(conversationId);
    if (!thread || thread.closed) return;
    if (!(await this.o.state.once(`mirrored:${conversationId}:${entry.id}`))) return;
    const who = author.kind === 'agent' ? `${author.name} (console)` : 'Customer';
    await this.o.client.chat.postMessage({
      channel: thread.channel,
      thread_ts: thread.ts,
      text: `${who}: ${entry.text}`,
      blocks: [section(`*${escapeSlack(who)}:* ${escapeSlack(entry.text)}`)],
    });
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
