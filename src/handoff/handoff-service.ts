import type { Clock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import type { Choice } from '../core/message.ts';
import { isActive, type Agent } from '../agents/agent.ts';
import type { Conversation, TranscriptEntry } from '../conversations/conversation.ts';
import { QUEUE_CHANNEL, type ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { ConversationWriter } from '../conversations/conversation-writer.ts';
import type { ChannelRegistry } from '../adapters/channel-adapter.ts';
import type { MessageCatalog, MessageKey } from '../dialogs/message-catalog.ts';
import type { TurnResult } from '../dialogs/dialog-engine.ts';
import type { HandoffHooks } from '../dialogs/turn-runner.ts';
import { ratingValue } from '../dialogs/steps/rating-reply.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits, type DigitPolicy } from '../language/digits.ts';
import type { HandoffFact, HandoffObserver, HandoffSubject } from './handoff-observer.ts';
import type { EscalationReason, HandoffPacket } from './handoff-packet.ts';
import type { ClosedTicket, HandoffQueue, TakeResult, TakeTicketResult, Ticket } from './handoff-queue.ts';
import { checkActive, checkChatAccess } from './chat-access.ts';
import { ChatNotes, type ChatNote } from './chat-notes.ts';
import { CustomerHistory } from './customer-history.ts';
import { TranscriptIndex } from './transcript-index.ts';
import { buildPacket } from './packet-builder.ts';
import { chooseTeam, type RoutingFacts, type RoutingRule } from './routing-rules.ts';

/** What a waiting customer is told about their place and wait (rendered in their language). */
export interface WaitNotice {
  readonly position: number;
  readonly text: string;
  /** The upper end of the expected wait (ms), when there is an estimate. */
  readonly expectedMs?: number;
}

/** When to say more than the moving position. */
export interface WaitPolicy {
  /** Not more often than this (default 20 s). */
  readonly minIntervalMs: number;
  /** Tell the customer it takes longer when the expected wait grows by this factor (default 1.5)... */
  readonly growthFactor: number;
  /** ...and by at least this much (default 2 min). */
  readonly growthMinMs: number;
  /** After this long in line, offer to leave a message instead (default 10 min). */
  readonly leaveMessageAfterMs: number;
}

const DEFAULT_WAIT_POLICY: WaitPolicy = {
  minIntervalMs: 20_000,
  growthFactor: 1.5,
  growthMinMs: 2 * 60_000,
  leaveMessageAfterMs: 10 * 60_000,
};

interface LastNotice {
  readonly position: number;
  readonly text: string;
  readonly at: number;
  readonly expectedMs?: number;
  readonly offeredMessage?: boolean;
  /** The first notice of this wait is on its way (`tellWait`): the supervisor's updates hold off. */
  readonly telling?: boolean;
}

/** How long updates hold off for a first notice that is on its way (then they take over: it was lost). */
const TELLING_GRACE_MS = 60_000;

/** What a waiting customer's live line shows: their place and the wait, in their digits. */
export interface ShownWait {
  readonly position: number;
  readonly text: string;
}

export interface HandoffServiceOptions {
  readonly queue: HandoffQueue;
  /** The channel addresses linked to a conversation (ConversationLinks), for the customer's history. */
  readonly linkedAddresses?: (conversationId: string) => Promise<readonly string[]>;
  readonly store: ConversationStore;
  readonly writer: ConversationWriter;
  readonly events: ConversationEvents;
  readonly clock: Clock;
  readonly catalog: () => MessageCatalog;
  readonly knowledge: () => KnowledgeSnapshot;
  /** Channels that show waits in place (editing a message) and typing. */
  readonly channels?: ChannelRegistry;
  /** Place in line and expected wait for a waiting conversation, as a sentence in its language. */
  readonly waitNotice: (conversation: Conversation) => Promise<WaitNotice>;
  /** Team whose agents take escalations that no routing rule sends elsewhere (default "default"). */
  readonly team?: string;
  /** The admin's routing rules in force (routing-rules.ts; none: every escalation goes to `team`). */
  readonly rules?: () => readonly RoutingRule[];
  readonly waitPolicy?: Partial<WaitPolicy>;
  /** Told of each escalation (metrics). */
  readonly observer?: HandoffObserver;
  /** How long agents' internal notes are kept after the last one (default: as long as closed tickets). */
  readonly notesRetentionMs?: number;
  /** The digits each language's readers get in notices (DIGITS_FA, DIGITS_AR; default DEFAULT_DIGIT_POLICY). */
  readonly digits?: DigitPolicy;
}

/** Longest internal note, longest tag, most tags on a chat. */
export const NOTE_MAX_LENGTH = 4000;
export const TAG_MAX_LENGTH = 40;
export const MAX_TAGS = 20;

/**
 * The human side of a conversation: hands it to the queue with its packet, tells the customer where they
 * stand, lets agents take, answer, pass on and resolve chats, and brings the bot back with a survey.
 * Every state change is written to the conversation (so the bot stays silent while a person has it).
 */
export class HandoffService implements HandoffHooks {
  private readonly notes: ChatNotes;
  /** The customer's record, earlier conversations and search over transcripts, for the console. */
  readonly history: CustomerHistory;
  /** The search index of closed conversations (their lines are indexed as they are written). */
  readonly index: TranscriptIndex;

  constructor(private readonly o: HandoffServiceOptions) {
    this.notes = new ChatNotes(
      o.queue.redis,
      o.queue.keyPrefix,
      o.notesRetentionMs ?? o.queue.closedRetentionMs,
    );
    this.index = new TranscriptIndex({
      redis: o.queue.redis,
      prefix: o.queue.keyPrefix,
      retentionMs: o.queue.closedRetentionMs,
    });
    this.history = new CustomerHistory({
      store: o.store,
      queue: o.queue,
      index: this.index,
      ...(o.linkedAddresses ? { linkedAddresses: o.linkedAddresses } : {}),
    });
  }

  async escalate(conversation: Conversation, turn: Pick<TurnResult, 'language' | 'effects'>): Promise<void> {
    const request = turn.effects.escalate;
    if (!request) return;
    const transcript = await this.o.store.transcript(conversation.id);
    const knowledge = this.o.knowledge();
    const drafted = buildPacket({
      conversation,
      transcript,
      customer: await this.o.store.getCustomer(conversation.channel, conversation.customerId),
      language: turn.language,
      reasons: request.reasons,
      ...(request.anger ? { anger: request.anger } : moodOf(conversation)),
      knowledge,
      team: this.o.team ?? 'default',
      ...(request.skills ? { skills: request.skills } : {}),
      now: this.o.clock.now(),
    });
    const facts: RoutingFacts = {
      topics: topicsOf(drafted, knowledge),
      channel: conversation.channel,
      ...(request.site !== undefined ? { site: request.site } : {}),
    };
    const packet = { ...drafted, team: chooseTeam(this.o.rules?.() ?? [], facts, drafted.team) };
    const { duplicate } = await this.o.queue.enqueue(packet);
    await this.markTelling(conversation.id); // before the conversation shows as waiting to the supervisor
    if (!duplicate) {
      this.tell(packet.reasons);
      this.report({
        kind: 'escalated',
        conversationId: conversation.id,
        channel: packet.channel,
        language: packet.language,
        team: packet.team,
        reasons: packet.reasons,
        ...(packet.anger && packet.anger.level !== 'calm' ? { anger: packet.anger.level } : {}),
        at: this.o.clock.now(),
      });
    }
    const waiting = await this.o.store.update(conversation.id, {
      state: 'waiting',
      handoffRequest: { at: this.o.clock.now(), reason: 'customer-asked' },
    });
    await this.tellWait(waiting);
    await this.changed(conversation.id, 'queued');
  }

  async cancel(conversation: Conversation): Promise<void> {
    const ticket = this.o.observer ? await this.o.queue.ticket(conversation.id) : undefined;
    const left = await this.o.queue.cancel(conversation.id);
    if (left && ticket) {
      const at = this.o.clock.now();
      this.report({ kind: 'left-line', ...subjectOf(ticket), waitMs: at - ticket.enqueuedAt, at });
    }
    await this.o.store.update(conversation.id, { handoffRequest: undefined, lastChoices: undefined });
    await this.changed(conversation.id, 'cancelled');
  }

  async rate(
    _conversation: Conversation,
    ticketRef: string,
    rating: number,
    comment?: string,
  ): Promise<void> {
    const closed = await this.o.queue.rate(ticketRef, rating, comment);
    if (!closed) return;
    this.report({
      kind: 'rated',
      ...closedSubject(closed),
      closed,
      rating,
      ...(comment ? { comment } : {}),
      at: this.o.clock.now(),
    });
  }

  /** Gives the agent the first chat in line they can serve (AGENT_DEACTIVATED for a deactivated account). */
  async take(agent: Agent): Promise<TakeResult> {
    checkActive(agent);
    const result = await this.o.queue.take(agent);
    if (result.kind !== 'taken') return result;
    this.reportTaken(agent, result.ticket);
    const conversation = await this.o.store.update(result.ticket.conversationId, {
      state: 'agent',
      lastChoices: undefined,
    });
    await this.system(conversation, 'agent_joined', { agent: agent.name });
    await this.changed(conversation.id, 'taken', agent.id);
    return result;
  }

  /** Gives the agent one given chat from the line (e.g. "Take" pressed on it), if they may take it. */
  async takeTicket(agent: Agent, conversationId: string): Promise<TakeTicketResult> {
    checkActive(agent);
    const result = await this.o.queue.takeTicket(agent, conversationId);
    if (result.kind !== 'taken') return result;
    this.reportTaken(agent, result.ticket);
    const conversation = await this.o.store.update(conversationId, {
      state: 'agent',
      lastChoices: undefined,
    });
    await this.system(conversation, 'agent_joined', { agent: agent.name });
    await this.changed(conversationId, 'taken', agent.id);
    return result;
  }

  /**
   * The agent's reply, sent to the customer on their own channel under the agent's name. This and every
   * other action on a chat (typing, release, transfer, resolve) is only for the agent who holds it or an
   * admin (chat-access.ts): anyone else gets NOT_CHAT_HOLDER and nothing changes.
   */
  async say(agent: Agent, conversationId: string, text: string, ref?: string): Promise<TranscriptEntry> {
    const conversation = await this.assignedTo(agent, conversationId);
    const [entry] = await this.o.writer.post(conversation, [
      {
        author: { kind: 'agent', id: agent.id, name: agent.name },
        text,
        at: this.o.clock.now(),
        language: conversation.language ?? 'en',
        ...(ref ? { platformMessageId: ref } : {}),
      },
    ]);
    const first = await this.o.queue.markReplied(conversationId);
    if (first) {
      const at = this.o.clock.now();
      this.report({
        kind: 'first-reply',
        ...subjectOf(first),
        agentId: agent.id,
        sinceQueuedMs: at - first.enqueuedAt,
        ...(first.assignedAt !== undefined ? { sinceTakenMs: at - first.assignedAt } : {}),
        at,
      });
    }
    if (!entry) throw new Error('the reply was not stored');
    return entry;
  }

  /**
   * An internal note on a chat, for agents only: kept beside the conversation (chat-notes.ts), never
   * written to the transcript nor published on the conversation, so no channel and no replay carries it.
   * Only the holder (or an admin) may write one.
   */
  async note(agent: Agent, conversationId: string, text: string): Promise<ChatNote> {
    checkChatAccess(agent, conversationId, await this.o.queue.ticket(conversationId));
    const body = text.trim();
    if (body === '' || body.length > NOTE_MAX_LENGTH) {
      throw new HamdelError('MESSAGE_INVALID', `A note has 1 to ${NOTE_MAX_LENGTH} characters.`, {
        conversationId,
      });
    }
    const at = this.o.clock.now();
    const note: ChatNote = {
      id: `${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      agentId: agent.id,
      agentName: agent.name,
      text: body,
      at,
    };
    await this.notes.add(conversationId, note);
    return note;
  }

  /** The chat's tags, replaced whole (trimmed, without repeats); kept on the ticket and its closed record. */
  async setTags(agent: Agent, conversationId: string, tags: readonly string[]): Promise<string[]> {
    checkChatAccess(agent, conversationId, await this.o.queue.ticket(conversationId));
    const clean = [...new Set(tags.map((tag) => tag.trim().replace(/\s+/g, ' ')).filter(Boolean))];
    if (clean.length > MAX_TAGS || clean.some((tag) => tag.length > TAG_MAX_LENGTH)) {
      throw new HamdelError(
        'MESSAGE_INVALID',
        `At most ${MAX_TAGS} tags of at most ${TAG_MAX_LENGTH} characters each.`,
        { conversationId },
      );
    }
    await this.o.queue.setTags(conversationId, clean);
    return clean;
  }

  /** The agent is typing a reply: the customer's side shows it. */
  async typing(agent: Agent, conversationId: string): Promise<void> {
    checkChatAccess(agent, conversationId, await this.o.queue.ticket(conversationId));
    await this.o.events.publish(conversationId, { type: 'typing', who: 'agent', on: true });
  }

  /** The agent steps away from the chat: it goes back in line, and the customer is told. */
  async release(agent: Agent, conversationId: string): Promise<void> {
    checkChatAccess(agent, conversationId, await this.o.queue.ticket(conversationId));
    const conversation = await this.returnToLine(conversationId);
    if (conversation) await this.tellReleased(conversation, agent.name);
  }

  /**
   * The quick half of `release` (Redis only), for the supervisor when an agent's console died: the ticket is back in line and the conversation waits. The
   * conversation is returned for `tellReleased`; undefined when there was no ticket.
   */
  async returnToLine(conversationId: string): Promise<Conversation | undefined> {
    const before = this.o.observer ? await this.o.queue.ticket(conversationId) : undefined;
    const ticket = await this.o.queue.release(conversationId);
    if (!ticket) return undefined;
    if (before?.status === 'assigned') {
      const agentId = before.agentId;
      this.report({
        kind: 'released',
        ...subjectOf(ticket),
        ...(agentId ? { agentId } : {}),
        at: this.o.clock.now(),
      });
    }
    await this.markTelling(conversationId); // `tellReleased` tells the new wait, not the supervisor
    const conversation = await this.o.store.update(conversationId, { state: 'waiting' });
    await this.changed(conversationId, 'released');
    return conversation;
  }

  /** The other half of `release`: the customer hears that the agent left and where they stand now. */
  async tellReleased(conversation: Conversation, agentName: string): Promise<void> {
    await this.system(conversation, 'agent_released', { agent: agentName });
    await this.tellWait(conversation);
  }

  /** False when `to` cannot take it now (deactivated, full, or unable to serve it). */
  async transfer(from: Agent, conversationId: string, to: Agent): Promise<boolean> {
    const conversation = await this.assignedTo(from, conversationId);
    if (!isActive(to)) return false;
    const ticket = await this.o.queue.ticket(conversationId);
    if (!(await this.o.queue.transfer(conversationId, to))) return false;
    if (ticket) {
      const at = this.o.clock.now();
      this.report({ kind: 'transferred', ...subjectOf(ticket), agentId: from.id, toAgentId: to.id, at });
    }
    await this.system(conversation, 'agent_transferred', { agent: from.name, to: to.name });
    await this.changed(conversationId, 'transferred', to.id);
    return true;
  }

  /** Ends the human part: a closing word and the 1-5 question, then the bot is back. */
  async resolve(agent: Agent, conversationId: string, note?: string): Promise<ClosedTicket | undefined> {
    await this.assignedTo(agent, conversationId);
    const closed = await this.o.queue.resolve(conversationId, note);
    if (!closed) return undefined;
    this.report({ kind: 'resolved', ...closedSubject(closed), closed, at: closed.endedAt });
    await this.index.closed(closed);
    const conversation = await this.o.store.update(conversationId, {
      state: 'bot',
      handoffRequest: undefined,
      failedAnswers: 0,
      surveyFor: closed.ref,
    });
    const language = conversation.language ?? 'en';
    const catalog = this.o.catalog();
    const choices: Choice[] = [1, 2, 3, 4, 5].map((n) => ({
      label: this.localize(String(n), language),
      value: ratingValue(n),
    }));
    await this.o.writer.post(conversation, [
      this.botEntry(catalog, language, 'closing'),
      { ...this.botEntry(catalog, language, 'survey_question'), choices },
    ]);
    await this.o.store.update(conversationId, { lastChoices: choices });
    await this.changed(conversationId, 'resolved', agent.id);
    return closed;
  }

  /** The packet and the whole transcript, for the agent's console. */
  async chat(
    conversationId: string,
  ): Promise<{ packet: HandoffPacket; transcript: TranscriptEntry[]; notes: ChatNote[] } | undefined> {
    const packet = await this.o.queue.packet(conversationId);
    if (!packet) return undefined;
    const [transcript, notes] = await Promise.all([
      this.o.store.transcript(conversationId),
      this.notes.list(conversationId),
    ]);
    return { packet, transcript, notes };
  }

  /** Takes conversations closed longer than CLOSED_TICKET_RETENTION_DAYS ago out of the search index. */
  pruneSearch(): Promise<number> {
    return this.index.prune(this.o.clock.now());
  }

  /** A conversation's internal notes (for an earlier conversation's read-only view). */
  notesOf(conversationId: string): Promise<ChatNote[]> {
    return this.notes.list(conversationId);
  }

  /**
   * Keeps a waiting customer's expectations honest as the line moves: the place and wait are updated in
   * place (a `wait` event; channels that can edit a message do), at most every `minIntervalMs`; when the
   * expected wait grows a lot the customer is told in a message of its own, and after a long wait they are
   * offered to leave a message instead.
   */
  async updateWait(conversation: Conversation): Promise<void> {
    if (conversation.state !== 'waiting') return;
    const policy = { ...DEFAULT_WAIT_POLICY, ...this.o.waitPolicy };
    const now = this.o.clock.now();
    const last = await this.lastNotice(conversation.id);
    // The first notice is told by `tellWait` (escalation, release): never a second time from here.
    if (last?.telling && now - last.at < TELLING_GRACE_MS) return;
    if (last && !last.telling && now - last.at < policy.minIntervalMs) return;
    const notice = await this.o.waitNotice(conversation);
    const language = conversation.language ?? 'en';
    const ticket = await this.o.queue.ticket(conversation.id);
    const waited = ticket ? now - ticket.enqueuedAt : 0;
    let offeredMessage = last?.offeredMessage ?? false;
    const grew =
      last?.expectedMs !== undefined &&
      notice.expectedMs !== undefined &&
      notice.expectedMs >= last.expectedMs * policy.growthFactor &&
      notice.expectedMs - last.expectedMs >= policy.growthMinMs;
    if (grew) {
      const wait = notice.text;
      await this.botSay(conversation, 'wait_longer', { position: String(notice.position), wait });
    } else if (notice.text !== last?.text) {
      const wait = { position: notice.position, text: this.localize(notice.text, language) };
      await this.o.events.publish(conversation.id, { type: 'wait', ...wait });
      await this.o.channels?.showWait(conversation, wait);
    }
    if (!offeredMessage && waited >= policy.leaveMessageAfterMs) {
      await this.botSay(conversation, 'leave_message_offer', {});
      offeredMessage = true;
    }
    await this.rememberNotice(conversation.id, { ...notice, at: now, offeredMessage });
  }

  /**
   * Tells a waiting customer their place and expected wait: a message, then the live line (a `wait`
   * event) showing the same. Until it is remembered, the supervisor's updates hold off (`markTelling`), so
   * the customer is told once, and the message comes before any update.
   */
  async tellWait(conversation: Conversation): Promise<WaitNotice> {
    await this.markTelling(conversation.id);
    const language = conversation.language ?? 'en';
    const notice = await this.o.waitNotice(conversation);
    const catalog = this.o.catalog();
    const choices: Choice[] = [{ label: catalog.text(language, 'leave_line_choice'), value: '#cancel-wait' }];
    const text = this.localize(notice.text, language);
    await this.o.writer.post(conversation, [
      { author: { kind: 'bot' }, text, at: this.o.clock.now(), language, meta: { kind: 'handoff' }, choices },
    ]);
    await this.o.store.update(conversation.id, { lastChoices: choices });
    await this.o.events.publish(conversation.id, { type: 'wait', position: notice.position, text });
    await this.rememberNotice(conversation.id, { ...notice, at: this.o.clock.now(), offeredMessage: false });
    return notice;
  }

  /**
   * What a waiting customer's live line shows now (the last notice told), for a widget that connects or
   * reconnects; undefined when the conversation does not wait or its first notice is still on its way.
   */
  async shownWait(conversation: Conversation): Promise<ShownWait | undefined> {
    if (conversation.state !== 'waiting') return undefined;
    const last = await this.lastNotice(conversation.id);
    if (!last || last.telling) return undefined;
    return { position: last.position, text: this.localize(last.text, conversation.language ?? 'en') };
  }

  private async botSay(conversation: Conversation, key: MessageKey, values: Record<string, string>) {
    const language = conversation.language ?? 'en';
    const entry = this.botEntry(this.o.catalog(), language, key);
    await this.o.writer.post(conversation, [
      { ...entry, text: this.localize(this.o.catalog().text(language, key, values), language) },
    ]);
  }

  private noticeKey(conversationId: string): string {
    return waitNoticeKey(this.o.queue.keyPrefix, conversationId);
  }

  private async lastNotice(conversationId: string): Promise<LastNotice | undefined> {
    const raw = await this.o.queue.redis.get(this.noticeKey(conversationId));
    return raw ? (JSON.parse(raw) as LastNotice) : undefined;
  }

  /** A first notice is about to be told: the supervisor leaves the conversation's wait alone meanwhile. */
  private async markTelling(conversationId: string): Promise<void> {
    const at = this.o.clock.now();
    await this.rememberNotice(conversationId, { position: 0, text: '', at, telling: true });
  }

  private async rememberNotice(conversationId: string, notice: LastNotice): Promise<void> {
    await this.o.queue.redis.set(this.noticeKey(conversationId), JSON.stringify(notice), 'EX', 86_400);
  }

  private async assignedTo(agent: Agent, conversationId: string): Promise<Conversation> {
    checkChatAccess(agent, conversationId, await this.o.queue.ticket(conversationId));
    const conversation = await this.o.store.get(conversationId);
    if (!conversation) {
      throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation "${conversationId}"`, {
        conversationId,
      });
    }
    return conversation;
  }

  private async system(conversation: Conversation, key: MessageKey, values: Record<string, string>) {
    const language = conversation.language ?? 'en';
    await this.o.writer.post(conversation, [
      {
        author: { kind: 'system' },
        text: this.localize(this.o.catalog().text(language, key, values), language),
        at: this.o.clock.now(),
        language,
      },
    ]);
  }

  private botEntry(catalog: MessageCatalog, language: Language, key: MessageKey) {
    return {
      author: { kind: 'bot' as const },
      text: this.localize(catalog.text(language, key), language),
      at: this.o.clock.now(),
      language,
      meta: { kind: 'notice' as const },
    };
  }

  /** What customers are told, in the digits the policy gives their language. */
  private localize(text: string, language: Language): string {
    return localizeDigits(text, language, this.o.digits ?? DEFAULT_DIGIT_POLICY);
  }

  private tell(reasons: readonly EscalationReason[]): void {
    try {
      this.o.observer?.escalated(reasons);
    } catch {
      // Metrics never stop a handoff.
    }
  }

  private reportTaken(agent: Agent, ticket: Ticket): void {
    const at = ticket.assignedAt ?? this.o.clock.now();
    this.report({
      kind: 'taken',
      ...subjectOf(ticket),
      agentId: agent.id,
      waitMs: at - ticket.enqueuedAt,
      at,
    });
  }

  private report(fact: HandoffFact): void {
    try {
      this.o.observer?.happened?.(fact);
    } catch {
      // Reports never stop a handoff.
    }
  }

  private async changed(
    conversationId: string,
    change: 'queued' | 'taken' | 'released' | 'transferred' | 'resolved' | 'cancelled',
    agentId?: string,
  ): Promise<void> {
    await this.o.events.publish(conversationId, { type: 'handoff', change, ...(agentId ? { agentId } : {}) });
    await this.o.events.publish(QUEUE_CHANNEL, { type: 'queue-changed' });
  }
}

/** String (JSON, 24 h): the last wait notice a waiting customer was given. */
export function waitNoticeKey(prefix: string, conversationId: string): string {
  return `${prefix}handoff:notice:${conversationId}`;
}

/** What a ticket says of its conversation, for reports. */
function subjectOf(ticket: Ticket): HandoffSubject {
  return {
    conversationId: ticket.conversationId,
    channel: ticket.channel ?? 'unknown',
    language: ticket.pool.language,
    team: ticket.pool.team,
  };
}

function closedSubject(closed: ClosedTicket): HandoffSubject {
  return {
    conversationId: closed.conversationId,
    channel: closed.channel ?? 'unknown',
    language: closed.language,
    team: closed.team,
  };
}

/** The conversation's last mood, when it was not calm, for the packet. */
function moodOf(conversation: Conversation) {
  const mood = conversation.mood;
  return mood && mood.level !== 'calm' ? { anger: mood } : {};
}

/** The topic of an escalation: id and tags of the article the bot last answered with or offered. */
function topicsOf(packet: HandoffPacket, knowledge: KnowledgeSnapshot): string[] {
  const last = packet.articlesOffered[0];
  if (!last) return [];
  const article = knowledge.article(packet.language, last.articleId);
  return [last.articleId, ...(article?.tags ?? [])];
}
