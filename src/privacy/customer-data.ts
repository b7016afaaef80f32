import type { Clock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { TranscriptEntry } from '../conversations/conversation.ts';
import { fromHash } from '../conversations/conversation-hash.ts';
import { conversationKeys, type ConversationKeys } from '../conversations/redis-keys.ts';
import { turnIdOf } from '../conversations/turn-id.ts';
import type { ClosedTicket, HandoffQueue } from '../handoff/handoff-queue.ts';
import { waitNoticeKey } from '../handoff/handoff-service.ts';
import { TranscriptIndex } from '../handoff/transcript-index.ts';
import { BotFrameworkState } from '../adapters/botframework/botframework-state.ts';
import { SlackState } from '../adapters/slack/slack-state.ts';
import { TelegramState } from '../adapters/telegram/telegram-state.ts';
import { telegramConversationId } from '../adapters/telegram/telegram-translate.ts';
import { FRAME_KINDS, frameLimitKey } from '../adapters/web/frame-limits.ts';
import { VisitorRegistry } from '../adapters/web/visitor-registry.ts';
import { rateLimitNamespace } from '../core/redis-rate-limit.ts';
import { userConversationId, visitorConversationId } from '../adapters/web/web-identity.ts';
import type { ReportErasure, StoredReportEvent } from '../reports/report-erasure.ts';
import type { InboxErasure, StoredUnanswered } from '../inbox/inbox-erasure.ts';
import { formatCustomerKey, type CustomerKey } from './customer-key.ts';
import { ConversationLinks, type ConversationLink } from '../conversations/conversation-links.ts';
import { LinkCodes } from '../conversations/link-codes.ts';
import { RedisRateLimit } from '../core/redis-rate-limit.ts';

export interface CustomerDataOptions {
  readonly redis: RedisConnection;
  /** KEY_PREFIX. */
  readonly prefix: string;
  /** The human queue (its own keys, its BullMQ jobs, closed tickets). */
  readonly queue: HandoffQueue;
  readonly clock: Clock;
  /** What the reports keep of the customer's conversations (raw events, comments, unanswered questions). */
  readonly reports?: ReportErasure;
  /** What the editors' unanswered inbox keeps of the customer's conversations (their failed questions). */
  readonly inbox?: InboxErasure;
}

/** Everything hamdel keeps about one person, as `export` returns it (JSON). */
export interface CustomerExport {
  readonly exportedAt: number;
  readonly customers: readonly {
    readonly key: string;
    readonly record?: Record<string, string>;
    readonly conversationIds: readonly string[];
  }[];
  readonly conversations: readonly ConversationExport[];
  /** The reports' raw events naming the customer's conversations (with rating comments). */
  readonly reportEvents?: readonly StoredReportEvent[];
  /** Their questions the bot failed, as the editors' inbox keeps them. */
  readonly unanswered?: readonly StoredUnanswered[];
}

export interface ConversationExport {
  readonly id: string;
  readonly conversation?: Record<string, unknown>;
  readonly transcript: readonly TranscriptEntry[];
  /** Messages received but not handled yet. */
  readonly queued: readonly unknown[];
  /** The ticket while in line or with an agent, and its packet. */
  readonly openTicket?: unknown;
  readonly packet?: unknown;
  readonly closedTickets: readonly ClosedTicket[];
  readonly waitNotice?: unknown;
  readonly telegram?: unknown;
  readonly slack?: unknown;
  readonly botframework?: unknown;
  /** Channels linked to it, and the home it is linked to ("one customer across channels"). */
  readonly links?: readonly ConversationLink[];
}

export interface EraseResult {
  readonly customers: number;
  readonly conversations: readonly string[];
  readonly closedTickets: number;
  /** Conversations whose waiting ticket left the line. */
  readonly cancelledTickets: number;
}

/**
 * Export and erasure of one person's data (one or more customer identities, e.g. their widget visitor id and
 * their Telegram id), across every key family hamdel writes; docs/privacy.md lists them. A customer's
 * conversations are found through their index (`customer:{channel:id}:conversations`, written with every
 * turn) and the channel's own conversation id for them, never by scanning the keyspace.
 *
 * Erasure is several steps, each idempotent, ordered so that a run cut short (a crash, Redis away) is simply
 * run again: per conversation the keys found through the transcript go first, the transcript and the
 * conversation last; the customer record and the index of conversations go after every conversation.
 * A conversation an agent holds is not touched: the erasure refuses with CUSTOMER_IN_CHAT before removing
 * anything (resolve or release the chat first). A waiting ticket leaves the line; a conversation with the
 * bot simply ends, and a later message starts a new one.
 */
export class CustomerData {
  private readonly keys: ConversationKeys;
  private readonly telegram: TelegramState;
  private readonly slack: SlackState;
  private readonly botframework: BotFrameworkState;
  private readonly visitors: VisitorRegistry;
  private readonly index: TranscriptIndex;
  private readonly links: ConversationLinks;
  private readonly codes: LinkCodes;

  constructor(private readonly o: CustomerDataOptions) {
    const { redis, prefix, clock } = o;
    this.links = new ConversationLinks({ redis, prefix, clock, retentionMs: o.queue.closedRetentionMs });
    this.codes = new LinkCodes({ redis, prefix, clock, limiter: new RedisRateLimit({ redis, prefix }) });
    this.keys = conversationKeys(o.prefix);
    this.index = new TranscriptIndex({
      redis: o.redis,
      prefix: o.prefix,
      retentionMs: o.queue.closedRetentionMs,
    });
    this.visitors = new VisitorRegistry({ redis: o.redis, prefix: o.prefix, clock: o.clock });
    this.telegram = new TelegramState({ redis: o.redis, prefix: o.prefix });
    this.slack = new SlackState(o.redis, o.prefix);
    this.botframework = new BotFrameworkState({ redis: o.redis, prefix: o.prefix });
  }

  /** The customer's conversations: their index, and the channel's conversation id for them if it exists. */
  async conversationsOf(customer: CustomerKey): Promise<string[]> {
    const indexed = await this.o.redis.smembers(
      this.keys.customerConversations(customer.channel, customer.id),
    );
    const ids = new Set(indexed);
    const usual = usualConversationId(customer);
    if (usual !== undefined && !ids.has(usual)) {
      const owner = await this.o.redis.hget(this.keys.conversation(usual), 'customerId');
      const logged = await this.o.redis.exists(this.keys.transcript(usual));
      if (owner === customer.id || (owner === null && logged === 1)) ids.add(usual);
    }
    // Linked channels are the same person: the conversation a linked address had of its own goes too.
    for (const id of [...ids]) {
      for (const link of await this.links.linksOf(id)) {
        if ((await this.o.redis.exists(this.keys.conversation(link.address))) === 1) ids.add(link.address);
      }
    }
    return [...ids].sort();
  }

  /** Everything kept about these customers; CUSTOMER_NOT_FOUND when nothing is. */
  async export(customers: readonly CustomerKey[]): Promise<CustomerExport> {
    const found: CustomerExport['customers'][number][] = [];
    const ids = new Set<string>();
    for (const customer of customers) {
      const record = await this.o.redis.hgetall(this.keys.customer(customer.channel, customer.id));
      const conversationIds = await this.conversationsOf(customer);
      for (const id of conversationIds) ids.add(id);
      // A widget visitor's credentials: when they were made (their secret is kept only as a digest, not exported).
      const visitor =
        customer.channel === 'web' ? await this.visitors.describeHandle(customer.id) : undefined;
      found.push({
        key: formatCustomerKey(customer),
        ...(Object.keys(record).length > 0 ? { record } : {}),
        ...(visitor ? { visitor } : {}),
        conversationIds,
      });
    }
    if (ids.size === 0 && found.every((c) => c.record === undefined)) {
      throw new HamdelError('CUSTOMER_NOT_FOUND', 'Nothing is kept about this customer.', {
        customers: customers.map(formatCustomerKey),
      });
    }
    const conversations: ConversationExport[] = [];
    for (const id of [...ids].sort()) conversations.push(await this.exportConversation(id));
    const reportEvents = this.o.reports ? await this.o.reports.eventsOf(ids) : undefined;
    const unanswered = this.o.inbox ? await this.o.inbox.questionsOf(ids) : undefined;
    return {
      exportedAt: this.o.clock.now(),
      customers: found,
      conversations,
      ...(reportEvents && reportEvents.length > 0 ? { reportEvents } : {}),
      ...(unanswered && unanswered.length > 0 ? { unanswered } : {}),
    };
  }

  /**
   * Removes everything kept about these customers. Refuses (CUSTOMER_IN_CHAT, nothing removed) while an agent
   * holds one of their conversations. Erasing a customer of whom nothing is kept does nothing.
   */
  async erase(given: readonly CustomerKey[]): Promise<EraseResult> {
    const { ids, customers } = await this.linkedPerson(given);
    for (const id of ids) {
      const ticket = await this.o.queue.ticket(id);
      if (ticket?.status === 'assigned') throw inChat(id, ticket.agentId);
    }
    let closedTickets = 0;
    let cancelledTickets = 0;
    for (const id of [...ids].sort()) {
      const forgotten = await this.eraseConversation(id);
      closedTickets += forgotten.closed;
      if (forgotten.cancelled) cancelledTickets += 1;
    }
    await this.o.reports?.forget(ids);
    await this.o.inbox?.forget(ids);
    let erased = 0;
    for (const customer of customers) {
      const removed = await this.o.redis.del(
        this.keys.customer(customer.channel, customer.id),
        this.keys.customerConversations(customer.channel, customer.id),
      );
      const forgotten = customer.channel === 'web' && (await this.visitors.forgetHandle(customer.id));
      if (customer.channel === 'web') {
        // Their frame counters (gone within a minute anyway): they name the customer.
        const counters = FRAME_KINDS.map(
          (kind) => rateLimitNamespace(this.o.prefix) + frameLimitKey(kind, customer.id),
        );
        for (const key of counters) await this.o.redis.del(key);
      }
      if (removed > 0 || forgotten) erased += 1;
    }
    return { customers: erased, conversations: [...ids].sort(), closedTickets, cancelledTickets };
  }

  /**
   * The person's conversations, and their identities: the ones given, and those of the channels linked to
   * their conversations (one customer across channels: the owner of a linked chat's own conversation).
   */
  private async linkedPerson(
    given: readonly CustomerKey[],
  ): Promise<{ ids: Set<string>; customers: CustomerKey[] }> {
    const customers = [...given];
    const ids = new Set<string>();
    for (let i = 0; i < customers.length; i++) {
      for (const id of await this.conversationsOf(customers[i] as CustomerKey)) {
        if (ids.has(id)) continue;
        ids.add(id);
        const [channel, customerId] = await this.o.redis.hmget(
          this.keys.conversation(id),
          'channel',
          'customerId',
        );
        if (!channel || !customerId) continue;
        if (!customers.some((c) => c.channel === channel && c.id === customerId))
          customers.push({ channel: channel as CustomerKey['channel'], id: customerId });
      }
    }
    return { ids, customers };
  }

  private async exportConversation(id: string): Promise<ConversationExport> {
    const redis = this.o.redis;
    const [hash, transcript, inbox, ticket, packet, closedTickets, notice] = await Promise.all([
      redis.hgetall(this.keys.conversation(id)),
      this.transcript(id),
      redis.lrange(this.keys.inbox(id), 0, -1),
      this.o.queue.ticket(id),
      this.o.queue.packet(id),
      this.o.queue.closedOf(id),
      redis.get(waitNoticeKey(this.o.queue.keyPrefix, id)),
    ]);
    const [telegram, slack, botframework, linked, own] = await Promise.all([
      this.telegram.exportChat(id, telegramChatOf(id)),
      this.slack.exportConversation(id),
      this.botframework.exportConversation(id),
      this.links.linksOf(id),
      this.links.get(id),
    ]);
    const links = own ? [own, ...linked] : linked;
    const conversation =
      hash.id === undefined
        ? undefined
        : { ...fromHash(hash), ...(hash.lastTurn ? { lastTurn: JSON.parse(hash.lastTurn) as unknown } : {}) };
    return {
      id,
      ...(conversation ? { conversation } : {}),
      transcript,
      queued: inbox.map(parseJson),
      ...(ticket ? { openTicket: ticket } : {}),
      ...(packet ? { packet } : {}),
      closedTickets,
      ...(notice ? { waitNotice: parseJson(notice) } : {}),
      ...(Object.keys(telegram).length > 0 ? { telegram } : {}),
      ...(Object.keys(slack).length > 0 ? { slack } : {}),
      ...(Object.keys(botframework).length > 0 ? { botframework } : {}),
      ...(links.length > 0 ? { links } : {}),
    };
  }

  /** One conversation's erasure, in an order that a second run can finish (see the class). */
  private async eraseConversation(id: string): Promise<{ closed: number; cancelled: boolean }> {
    const redis = this.o.redis;
    const [ticket, closed, transcript, inbox, channel] = await Promise.all([
      this.o.queue.ticket(id),
      this.o.queue.closedOf(id),
      this.transcript(id),
      redis.lrange(this.keys.inbox(id), 0, -1),
      redis.hget(this.keys.conversation(id), 'channel'),
    ]);
    if (ticket?.status === 'assigned') throw inChat(id, ticket.agentId);
    const platformIds = transcript.flatMap((e) => (e.platformMessageId ? [e.platformMessageId] : []));
    // A linked channel's lines carry their own channel (their dedupe marks are named by it).
    const messageKeys = new Set(
      transcript.flatMap((e) =>
        e.platformMessageId
          ? [turnIdOf({ channel: e.channel ?? channel ?? '', platformMessageId: e.platformMessageId })]
          : [],
      ),
    );
    for (const turn of inbox.map(parseJson)) {
      const key = (turn as { key?: unknown } | null)?.key;
      if (typeof key === 'string') messageKeys.add(key);
    }
    // When each escalation entered the line (Slack's "posted" marks are named by it).
    const enqueuedAt = closed.flatMap((c) =>
      c.endedAt === undefined ? [] : [c.endedAt - c.handleMs - c.waitMs],
    );
    if (ticket) enqueuedAt.push(ticket.enqueuedAt);

    await this.telegram.forgetChat(
      id,
      telegramChatOf(id),
      platformIds.flatMap((p) => (/^u\d+$/.test(p) ? [p.slice(1)] : [])),
    );
    await this.slack.forgetConversation(id, {
      eventIds: platformIds.filter((p) => p.startsWith('Ev')),
      entryIds: transcript.map((e) => e.id),
      postedAt: enqueuedAt,
    });
    await this.botframework.forgetConversation(
      id,
      platformIds.flatMap((p) => (p.startsWith('a') ? [p.slice(1)] : [])),
    );
    await redis.del(waitNoticeKey(this.o.queue.keyPrefix, id));
    await redis.zrem(`${this.o.prefix}turns:pending`, id);
    const forgotten = await this.o.queue.forget(id);
    if (forgotten.kind === 'held') throw inChat(id, forgotten.agentId);
    // Its entries in the search index of closed conversations (its own terms go with its keys below).
    await this.index.forget([id]);
    await this.forgetLinks(id);
    // One slot (the conversation's hash tag): the dedupe marks, then the conversation's own keys, at once.
    await redis.del(
      ...[...messageKeys].map((key) => this.keys.seen(id, key)),
      this.keys.inbox(id),
      this.keys.lock(id),
      this.keys.transcript(id),
      this.keys.terms(id),
      this.keys.notes(id),
      this.keys.conversation(id),
    );
    return { closed: forgotten.closed, cancelled: forgotten.cancelled };
  }

  /**
   * Its links (the channels linked to it, and its own to a home), the link codes asked for from any of
   * them, and their code counters (they name the address).
   */
  private async forgetLinks(id: string): Promise<void> {
    const addresses = [id, ...(await this.links.linksOf(id)).map((link) => link.address)];
    await this.codes.forget(addresses);
    for (const address of addresses) {
      await this.links.unlink(address);
      // One key at a time: counters of several addresses are in several slots on a Cluster.
      for (const counter of [`link-issue:${address}`, `link-redeem:${address}`])
        await this.o.redis.del(rateLimitNamespace(this.o.prefix) + counter);
    }
  }

  private async transcript(id: string): Promise<TranscriptEntry[]> {
    const rows = await this.o.redis.xrange(this.keys.transcript(id), '-', '+');
    return rows.map(
      ([entryId, fields]) =>
        ({ id: entryId, ...(parseJson(fields[1] ?? '{}') as object) }) as TranscriptEntry,
    );
  }
}

/** The conversation id a channel gives a customer's (first) conversation, where it is derived from their id. */
function usualConversationId(customer: CustomerKey): string | undefined {
  switch (customer.channel) {
    case 'web':
      return customer.id.startsWith('user:')
        ? userConversationId(customer.id.slice('user:'.length))
        : visitorConversationId(customer.id);
    case 'telegram':
      return /^-?\d+$/.test(customer.id) ? telegramConversationId(Number(customer.id)) : undefined;
    case 'http':
      return `http-${customer.id}`;
    default:
      return undefined;
  }
}

/** The Telegram chat of a Telegram conversation id (`tg-<chat id>`). */
function telegramChatOf(conversationId: string): number | undefined {
  const match = /^tg-(-?\d+)$/.exec(conversationId);
  return match?.[1] ? Number(match[1]) : undefined;
}

function inChat(conversationId: string, agentId: string | undefined): HamdelError {
  return new HamdelError(
    'CUSTOMER_IN_CHAT',
    `An agent${agentId ? ` (${agentId})` : ''} holds the conversation ${conversationId}: resolve or release it, then erase again.`,
    { conversationId, ...(agentId ? { agentId } : {}) },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
