import type { WebSocket } from 'ws';
import type { Clock } from '../../core/clock.ts';
import { isHamdelError } from '../../core/errors.ts';
import { asRedisUnavailable } from '../../core/redis-errors.ts';
import type { Language } from '../../core/language.ts';
import { isActive, type Agent } from '../../agents/agent.ts';
import { servesChats } from '../../agents/agent-role.ts';
import type { AgentStore } from '../../agents/agent-store.ts';
import type { RedisPresence } from '../../agents/presence.ts';
import { toEntryView } from '../../adapters/web/entry-view.ts';
import { InboundQueue } from '../../adapters/web/inbound-queue.ts';
import { SocketSender } from '../../adapters/web/socket-sender.ts';
import {
  QUEUE_CHANNEL,
  type ConversationEvent,
  type ConversationEvents,
} from '../../conversations/conversation-events.ts';
import {
  CONSOLE_CLOSE_CODES,
  type CannedReply,
  type ColleagueView,
  type ConsoleServerFrame,
} from '../console-protocol.ts';
import { checkChatAccess } from '../chat-access.ts';
import { canServe, type Pool } from '../routing.ts';
import type { Ticket } from '../ticket.ts';
import type { HandoffQueue } from '../handoff-queue.ts';
import type { HandoffService } from '../handoff-service.ts';
import { readConsoleFrame } from './console-frame.ts';
import { chatView, type LineReader } from './console-views.ts';

export interface ConsoleSessionOptions {
  readonly socket: WebSocket;
  readonly agent: Agent;
  readonly service: HandoffService;
  readonly queue: HandoffQueue;
  /** The line, read once for all consoles of the process. */
  readonly line: LineReader;
  readonly events: ConversationEvents;
  readonly agents: AgentStore;
  readonly presence: RedisPresence;
  readonly clock: Clock;
  readonly canned: () => Readonly<Record<Language, readonly CannedReply[]>>;
  /** How often the console counts as alive (default a third of the presence's time to live). */
  readonly heartbeatMs?: number;
  /** The connection is closed when more than this many bytes wait to be sent (default 1 MiB). */
  readonly sendBufferBytes?: number;
  readonly log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** Queue refreshes are sent at most this often (the line itself is read once per process per 250 ms). */
const QUEUE_THROTTLE_MS = 300;

/**
 * One agent console connection: the line, the chats in hand live, and the agent's commands. While it is
 * open the agent's presence is kept alive; when it dies the presence expires and the supervisor returns
 * the agent's chats to the line.
 */
export class ConsoleSession {
  private readonly held = new Map<string, () => Promise<void>>();
  private unsubscribeQueue: (() => Promise<void>) | undefined;
  private queueTimer: NodeJS.Timeout | undefined;
  private queueDirty = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Commands and refreshes, one at a time; reading stops while too many wait. */
  private readonly work: InboundQueue;
  private readonly out: SocketSender;
  private closed = false;
  /** Refs of replies already sent, so a retried `say` is posted once. */
  private readonly said = new Set<string>();
  /** The canned replies this console has (sent again with a heartbeat after an edit of content/canned). */
  private cannedSent: unknown;

  constructor(private readonly o: ConsoleSessionOptions) {
    this.work = new InboundQueue({
      pauseAt: 16,
      maxWaiting: 128,
      pause: () => o.socket.pause(),
      resume: () => o.socket.resume(),
      onError: (error) => this.failed(error),
    });
    this.out = new SocketSender(o.socket, {
      maxBufferedBytes: o.sendBufferBytes ?? 1024 * 1024,
      onSlowReader: (bytes) =>
        o.log.warn({ agentId: o.agent.id, bufferedBytes: bytes }, 'console closed: it does not read'),
    });
  }

  async start(): Promise<void> {
    const { socket, agent } = this.o;
    socket.on('message', (data) => {
      if (!this.out.open) return; // closing: nothing more is answered
      const text = data.toString();
      if (!this.work.push(() => this.command(text))) {
        this.error('RATE_LIMITED', 'Too many commands at once; wait for the answers.');
      }
    });
    socket.on('close', () => void this.stop());
    const presence = await this.o.presence.heartbeat(agent.id);
    this.heartbeat = setInterval(
      () => {
        this.o.presence.heartbeat(agent.id).catch((error: unknown) => this.failed(error));
        this.sendCanned();
      },
      this.o.heartbeatMs ?? this.o.presence.heartbeatTtlMs / 3,
    );
    this.send({
      type: 'hello',
      agent: {
        id: agent.id,
        name: agent.name,
        role: agent.role,
        languages: agent.languages,
        capacity: agent.capacity,
        status: presence.status,
      },
      serverTime: this.o.clock.now(),
    });
    this.unsubscribeQueue = await this.o.events.subscribe(QUEUE_CHANNEL, () => this.queueChanged());
    await this.sendQueue();
    await this.syncChats(true);
    this.sendCanned();
    if (this.closed) await this.stop();
  }

  private sendCanned(): void {
    const replies = this.o.canned();
    if (replies === this.cannedSent) return;
    this.cannedSent = replies;
    this.send({ type: 'canned', replies });
  }

  /** The agent's access was taken back: the console is told why and closed (4403); it answers nothing more. */
  revoke(message: string): void {
    if (this.closed || !this.out.open) return;
    this.send({ type: 'error', code: 'SESSION_REVOKED', message });
    this.o.socket.close(CONSOLE_CLOSE_CODES.REVOKED, 'access revoked');
    void this.stop();
  }

  /** The agent this console serves. */
  get agentId(): string {
    return this.o.agent.id;
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.work.stop();
    clearInterval(this.heartbeat);
    clearTimeout(this.queueTimer);
    await this.unsubscribeQueue?.();
    this.unsubscribeQueue = undefined;
    for (const unsubscribe of this.held.values()) await unsubscribe();
    this.held.clear();
  }

  private async command(text: string): Promise<void> {
    const reading = readConsoleFrame(text);
    if (!reading.ok) return this.error('MESSAGE_INVALID', reading.message, reading.ref);
    const { frame } = reading;
    const { service } = this.o;
    const ref = 'ref' in frame ? frame.ref : undefined;
    try {
      // Read afresh for every command: a role or account changed since the socket opened counts at once.
      const agent = await this.o.agents.get(this.o.agent.id);
      if (!agent) return this.revoke('Your agent account was removed.');
      if (!isActive(agent)) return this.revoke('Your agent account was deactivated.');
      switch (frame.type) {
        case 'status': {
          const presence = await this.o.presence.setStatus(agent.id, frame.status);
          this.send({ type: 'status', status: presence.status });
          return;
        }
        case 'take-next': {
          if ((await this.o.presence.get(agent.id)).status !== 'online') {
            return this.error('NOT_ONLINE', 'Switch to Online to take chats.', ref);
          }
          const result = await service.take(agent);
          if (result.kind === 'at-capacity') {
            return this.error('AT_CAPACITY', `You already have ${result.capacity} chats.`, ref);
          }
          if (result.kind === 'none')
            return this.error('QUEUE_EMPTY', 'Nobody you can serve is waiting.', ref);
          await this.syncChats(false);
          return;
        }
        case 'take': {
          if ((await this.o.presence.get(agent.id)).status !== 'online') {
            return this.error('NOT_ONLINE', 'Switch to Online to take chats.', ref);
          }
          const result = await service.takeTicket(agent, frame.conversationId);
          switch (result.kind) {
            case 'taken':
              await this.syncChats(false);
              return;
            case 'at-capacity':
              return this.error('AT_CAPACITY', `You already have ${result.capacity} chats.`, ref);
            case 'cannot-serve':
              return this.error(
                'TICKET_NOT_SERVABLE',
                'This chat needs a team, language or skill you do not have.',
                ref,
              );
            case 'held':
              return this.error('TICKET_TAKEN', 'Another agent took this chat first.', ref);
            case 'gone':
              return this.error('TICKET_GONE', 'This chat is no longer in line.', ref);
          }
          return;
        }
        case 'note': {
          const note = await service.note(agent, frame.conversationId, frame.text);
          this.send({ type: 'note', conversationId: frame.conversationId, note, ...(ref ? { ref } : {}) });
          return;
        }
        case 'tags': {
          const tags = await service.setTags(agent, frame.conversationId, frame.tags);
          this.send({ type: 'tags', conversationId: frame.conversationId, tags });
          return;
        }
        case 'customer': {
          await this.mayRead(agent, frame.conversationId);
          const profile = await service.history.profile(frame.conversationId);
          this.send({ type: 'customer', conversationId: frame.conversationId, ...profile });
          return;
        }
        case 'past': {
          await this.mayRead(agent, frame.conversationId);
          const transcript = await service.history.transcript(agent, frame.conversationId, frame.pastId);
          this.send({
            type: 'past',
            conversationId: frame.conversationId,
            pastId: frame.pastId,
            transcript: transcript.map(toEntryView),
            notes: await service.notesOf(frame.pastId),
          });
          return;
        }
        case 'search': {
          await this.mayRead(agent, frame.conversationId);
          const scope = frame.scope ?? 'customer';
          const hits = await service.history.search(agent, frame.conversationId, frame.query, scope);
          this.send({
            type: 'search-results',
            conversationId: frame.conversationId,
            query: frame.query,
            scope,
            hits,
          });
          return;
        }
        case 'colleagues': {
          const ticket = await this.mayRead(agent, frame.conversationId);
          this.send({
            type: 'colleagues',
            conversationId: frame.conversationId,
            agents: await this.colleagues(agent.id, ticket.pool),
          });
          return;
        }
        case 'say':
          if (frame.text.trim() === '') {
            return this.error('MESSAGE_INVALID', 'The reply is empty.', ref);
          }
          if (this.said.has(frame.ref)) return; // a retry of a reply already sent
          await service.say(agent, frame.conversationId, frame.text.trim(), frame.ref);
          this.said.add(frame.ref);
          if (this.said.size > 500) this.said.delete(this.said.values().next().value ?? '');
          return;
        case 'typing':
          await service.typing(agent, frame.conversationId);
          return;
        case 'release':
          await service.release(agent, frame.conversationId);
          return;
        case 'transfer': {
          const to = await this.o.agents.get(frame.toAgentId);
          if (!to) return this.error('AGENT_NOT_FOUND', `No agent "${frame.toAgentId}".`, ref);
          if (!isActive(to)) {
            return this.error('TRANSFER_REFUSED', `${to.name}'s account is deactivated.`, ref);
          }
          if ((await this.o.presence.get(to.id)).status !== 'online') {
            return this.error('TRANSFER_REFUSED', `${to.name} is not online.`, ref);
          }
          if (!(await service.transfer(agent, frame.conversationId, to))) {
            return this.error('TRANSFER_REFUSED', `${to.name} cannot take this chat now.`, ref);
          }
          return;
        }
        case 'resolve':
          await service.resolve(agent, frame.conversationId, frame.note);
          return;
        default:
          return this.error('MESSAGE_INVALID', 'Unknown command.', ref);
      }
    } catch (error) {
      // Refusals (NOT_CHAT_HOLDER, …) and Redis away are said as they are; nothing changed.
      const reported = asRedisUnavailable(error);
      if (isHamdelError(reported)) return this.error(reported.code, reported.message, ref);
      this.o.log.error({ err: error, agentId: this.o.agent.id }, 'console command failed');
      return this.error('COMMAND_FAILED', 'The command failed on the server; the log has the details.', ref);
    }
  }

  /** The chat's ticket, if the agent may act on it (its holder or an admin); NOT_CHAT_HOLDER otherwise. */
  private async mayRead(agent: Agent, conversationId: string): Promise<Ticket> {
    const ticket = await this.o.queue.ticket(conversationId);
    checkChatAccess(agent, conversationId, ticket);
    if (!ticket) throw new Error('unreachable: access to a chat without a ticket');
    return ticket;
  }

  /** Every other active agent, with whether they could take a chat of `pool` now; those who can first. */
  private async colleagues(selfId: string, pool: Pool): Promise<ColleagueView[]> {
    const [agents, presences] = await Promise.all([this.o.agents.list(), this.o.presence.list()]);
    const status = new Map(presences.map((p) => [p.agentId, p.status]));
    const views: ColleagueView[] = [];
    for (const other of agents) {
      if (other.id === selfId || !isActive(other) || !servesChats(other.role)) continue;
      const chats = (await this.o.queue.chatsOf(other.id)).length;
      const online = status.get(other.id) ?? 'offline';
      views.push({
        id: other.id,
        name: other.name,
        team: other.team,
        status: online,
        chats,
        capacity: other.capacity,
        canTake: online === 'online' && chats < other.capacity && canServe(other, pool),
      });
    }
    return views.sort(
      (a, b) => Number(b.canTake) - Number(a.canTake) || a.chats - b.chats || a.name.localeCompare(b.name),
    );
  }

  /** Subscribes to newly held chats (sending them whole) and lets go of chats no longer held. */
  private async syncChats(initial: boolean): Promise<void> {
    const now = new Set(await this.o.queue.chatsOf(this.o.agent.id));
    for (const [conversationId, unsubscribe] of this.held) {
      if (now.has(conversationId)) continue;
      await unsubscribe();
      this.held.delete(conversationId);
      this.send({ type: 'chat-closed', conversationId, reason: 'released' });
    }
    const chats = [];
    for (const conversationId of now) {
      if (this.held.has(conversationId)) continue;
      const unsubscribe = await this.o.events.subscribe(conversationId, (event) =>
        this.chatEvent(conversationId, event),
      );
      this.held.set(conversationId, unsubscribe);
      const view = await chatView(this.o.queue, this.o.service, conversationId);
      if (!view) continue;
      if (initial) chats.push(view);
      else this.send({ type: 'chat', chat: view });
    }
    if (initial) this.send({ type: 'chats', chats });
  }

  private chatEvent(conversationId: string, event: ConversationEvent): void {
    switch (event.type) {
      case 'entry':
        return this.send({ type: 'entry', conversationId, entry: toEntryView(event.entry) });
      case 'typing':
        if (event.who === 'customer') this.send({ type: 'typing', conversationId, on: event.on });
        return;
      case 'linked':
      case 'unlinked':
        return this.send({ type: 'links-changed', conversationId });
      case 'handoff':
        if (event.change === 'resolved' || event.change === 'released' || event.change === 'transferred') {
          if (event.change === 'transferred' && event.agentId === this.o.agent.id) return;
          void this.letGo(conversationId, event.change);
        }
        return;
      default:
        return;
    }
  }

  private async letGo(
    conversationId: string,
    reason: 'resolved' | 'released' | 'transferred',
  ): Promise<void> {
    const unsubscribe = this.held.get(conversationId);
    if (!unsubscribe) return;
    this.held.delete(conversationId);
    await unsubscribe();
    this.send({ type: 'chat-closed', conversationId, reason });
  }

  /** The first change is sent at once; changes within the next QUEUE_THROTTLE_MS are folded into one more send. */
  private queueChanged(): void {
    this.o.line.changed(); // a read that began before the change must not be shared after it
    if (this.queueTimer) {
      this.queueDirty = true;
      return;
    }
    const refresh = () => {
      this.work.push(async () => {
        await this.sendQueue();
        await this.syncChats(false); // a transfer to this agent, or a release by the supervisor
      });
    };
    refresh();
    const settle = () => {
      if (!this.queueDirty) {
        this.queueTimer = undefined;
        return;
      }
      this.queueDirty = false;
      refresh();
      this.queueTimer = setTimeout(settle, QUEUE_THROTTLE_MS);
    };
    this.queueTimer = setTimeout(settle, QUEUE_THROTTLE_MS);
  }

  private async sendQueue(): Promise<void> {
    const waiting = await this.o.line.viewFor(this.o.agent);
    const online = (await this.o.presence.list()).filter((p) => p.status === 'online').length;
    this.send({ type: 'queue', waiting, agentsOnline: online, serverTime: this.o.clock.now() });
  }

  private error(code: string, message: string, ref?: string): void {
    this.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
  }

  private failed(error: unknown): void {
    this.o.log.error({ err: error, agentId: this.o.agent.id }, 'console session error');
  }

  private send(frame: ConsoleServerFrame): void {
    if (!this.closed) this.out.send(frame);
  }
}
