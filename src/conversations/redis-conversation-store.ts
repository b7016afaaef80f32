import type { Clock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import type { ChannelName } from '../core/message.ts';
import type { ConversationStore, TranscriptQuery } from './conversation-store.ts';
import { isLanguage } from '../core/language.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type {
  Conversation,
  ConversationPatch,
  Customer,
  NewTranscriptEntry,
  TranscriptEntry,
} from './conversation.ts';
import type { ConversationEvent } from './conversation-events.ts';
import { fromHash, pairsToHash, patchFields } from './conversation-hash.ts';
import { conversationKeys, type ConversationKeys } from './redis-keys.ts';
import type {
  CommittedTurn,
  OpenedTurn,
  OpenTurnOptions,
  TurnRecord,
  TurnStage,
  TurnWrite,
} from './turn-record.ts';
import { APPEND_ENTRY, COMMIT_TURN, MARK_TURN, OPEN_TURN, TOUCH_CUSTOMER } from './turn-scripts.ts';
import { indexedTerms } from './indexed-terms.ts';

export interface RedisConversationStoreOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  /** How long a conversation is kept after its last write, in days (default 90). */
  readonly retentionDays?: number;
  /** The same in milliseconds (takes precedence; for tests). */
  readonly retentionMs?: number;
  readonly clock: Clock;
  /**
   * Announce each committed turn (its language, then its entries) on the conversation's events channel in
   * the same atomic step, for a RedisConversationEvents with the same prefix (default false: the caller
   * announces).
   */
  readonly announce?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Conversations as Redis hashes, transcripts as Redis streams (append-only, ordered by stream id), and with
 * each customer or agent line its search terms (indexed-terms.ts), written in the same script.
 * Every write renews the conversation's time to live; stream entries older than the retention are trimmed.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly redis: RedisConnection;
  private readonly keys: ConversationKeys;
  private readonly retentionMs: number;
  private readonly clock: Clock;
  private readonly announce: boolean;

  constructor(options: RedisConversationStoreOptions) {
    this.redis = options.redis;
    this.keys = conversationKeys(options.prefix ?? 'hamdel:');
    this.retentionMs = options.retentionMs ?? (options.retentionDays ?? 90) * DAY_MS;
    this.clock = options.clock;
    this.announce = options.announce ?? false;
  }

  async get(conversationId: string): Promise<Conversation | undefined> {
    const hash = await this.redis.hgetall(this.keys.conversation(conversationId));
    return hash.id === undefined ? undefined : fromHash(hash);
  }

  async ensure(init: { id: string; channel: ChannelName; customerId: string }): Promise<Conversation> {
    const key = this.keys.conversation(init.id);
    const now = this.clock.now();
    const created = await this.redis.hsetnx(key, 'id', init.id);
    if (created === 1) {
      await this.redis
        .multi()
        .hset(key, {
          channel: init.channel,
          customerId: init.customerId,
          state: 'bot',
          createdAt: String(now),
          updatedAt: String(now),
          greeted: '0',
          failedAnswers: '0',
        })
        .pexpire(key, this.retentionMs)
        .exec();
    }
    const conversation = await this.get(init.id);
    if (!conversation) throw new HamdelError('CONVERSATION_NOT_FOUND', `Conversation ${init.id} vanished`);
    return conversation;
  }

  async update(conversationId: string, patch: ConversationPatch): Promise<Conversation> {
    const key = this.keys.conversation(conversationId);
    const { set, removed } = patchFields(patch, this.clock.now());
    const exists = await this.redis.exists(key);
    if (exists === 0) throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
    const tx = this.redis.multi().hset(key, set);
    if (removed.length > 0) tx.hdel(key, ...removed);
    await tx.pexpire(key, this.retentionMs).exec();
    const updated = await this.get(conversationId);
    if (!updated) throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
    return updated;
  }

  async openTurn(
    init: { id: string; channel: ChannelName; customerId: string },
    options: OpenTurnOptions,
  ): Promise<OpenedTurn> {
    const reply = (await OPEN_TURN.run(
      this.redis,
      [this.keys.conversation(init.id), this.keys.transcript(init.id)],
      [
        init.id,
        init.channel,
        init.customerId,
        this.clock.now(),
        this.retentionMs,
        options.recent,
        options.recentOf ? authorPrefix(options.recentOf) : '',
      ],
    )) as [string[], [string, string[]][]];
    const hash = pairsToHash(reply[0]);
    // The latest turn's record is read only when it is this turn's (its JSON begins with the id: COMMIT_TURN).
    const record = hash.lastTurn?.startsWith(`{"id":${JSON.stringify(options.turnId)},`)
      ? (JSON.parse(hash.lastTurn) as TurnRecord)
      : undefined;
    return {
      conversation: fromHash(hash),
      recent: toEntries(reply[1]).reverse(),
      ...(record?.id === options.turnId ? { committed: record } : {}),
    };
  }

  async commitTurn(conversationId: string, turnId: string, turn: TurnWrite): Promise<CommittedTurn> {
    const { set, removed } = patchFields(turn.patch, this.clock.now());
    const reply = (await COMMIT_TURN.run(
      this.redis,
      [
        this.keys.conversation(conversationId),
        this.keys.transcript(conversationId),
        this.keys.terms(conversationId),
      ],
      [
        turnId,
        this.retentionMs,
        JSON.stringify(set),
        JSON.stringify(removed),
        JSON.stringify(turn.result ?? null),
        this.announce ? this.keys.events(conversationId) : '',
        this.announce && turn.patch.language
          ? JSON.stringify({ type: 'language', language: turn.patch.language } satisfies ConversationEvent)
          : '',
        JSON.stringify(turn.entries.map((entry) => indexedTerms(entry).join(' '))),
        ...turn.entries.map((entry) => JSON.stringify(entry)),
      ],
    )) as [number, string, string[], string[]?];
    const record = JSON.parse(reply[1]) as TurnRecord;
    const conversation = fromHash(pairsToHash(reply[2]));
    if (reply[0] !== 1) return { fresh: false, record, conversation, entries: [], announced: false };
    const ids = reply[3] ?? [];
    const entries = turn.entries.map((entry, i) => ({ id: ids[i] ?? '', ...entry }));
    return { fresh: true, record, conversation, entries, announced: this.announce };
  }

  async markTurn(conversationId: string, turnId: string, stage: TurnStage): Promise<void> {
    await MARK_TURN.run(this.redis, [this.keys.conversation(conversationId)], [turnId, stage]);
  }

  async entries(conversationId: string, ids: readonly string[]): Promise<TranscriptEntry[]> {
    const first = ids[0];
    const last = ids[ids.length - 1];
    if (first === undefined || last === undefined) return [];
    const wanted = new Set(ids);
    const rows = await this.redis.xrange(this.keys.transcript(conversationId), first, last);
    return toEntries(rows).filter((entry) => wanted.has(entry.id));
  }

  async append(conversationId: string, entry: NewTranscriptEntry): Promise<TranscriptEntry> {
    const id = (await APPEND_ENTRY.run(
      this.redis,
      [
        this.keys.conversation(conversationId),
        this.keys.transcript(conversationId),
        this.keys.terms(conversationId),
      ],
      [JSON.stringify(entry), this.retentionMs, indexedTerms(entry).join(' ')],
    )) as string;
    return { id, ...entry };
  }

  async transcript(conversationId: string, options: TranscriptQuery = {}): Promise<TranscriptEntry[]> {
    const start = options.after ? `(${options.after}` : '-';
    const key = this.keys.transcript(conversationId);
    const rows =
      options.last !== undefined
        ? (await this.redis.xrevrange(key, '+', start, 'COUNT', options.last)).reverse()
        : options.limit === undefined
          ? await this.redis.xrange(key, start, '+')
          : await this.redis.xrange(key, start, '+', 'COUNT', options.limit);
    return toEntries(rows);
  }

  async touchCustomer(customer: {
    channel: ChannelName;
    id: string;
    displayName?: string;
    conversationId?: string;
  }): Promise<Customer> {
    const pairs = (await TOUCH_CUSTOMER.run(
      this.redis,
      [
        this.keys.customer(customer.channel, customer.id),
        this.keys.customerConversations(customer.channel, customer.id),
      ],
      [this.clock.now(), this.retentionMs, customer.displayName ?? '', customer.conversationId ?? ''],
    )) as string[];
    const found = toCustomer(customer.channel, customer.id, pairsToHash(pairs));
    if (!found) throw new Error(`customer ${customer.id} vanished`);
    return found;
  }

  async getCustomer(channel: ChannelName, id: string): Promise<Customer | undefined> {
    return toCustomer(channel, id, await this.redis.hgetall(this.keys.customer(channel, id)));
  }

  async customerConversations(channel: ChannelName, id: string): Promise<string[]> {
    return this.redis.smembers(this.keys.customerConversations(channel, id));
  }
}

function toCustomer(channel: ChannelName, id: string, hash: Record<string, string>): Customer | undefined {
  if (hash.firstSeen === undefined) return undefined;
  return {
    channel,
    id,
    firstSeen: Number(hash.firstSeen),
    lastSeen: Number(hash.lastSeen ?? hash.firstSeen),
    ...(hash.displayName ? { displayName: hash.displayName } : {}),
    ...(isLanguage(hash.language) ? { language: hash.language } : {}),
  };
}

/**
 * How the stored JSON of an entry by this kind of author begins: entries are written with `author` first and
 * an author of one field (the turn runner's customerEntry), so OPEN_TURN can pick them without decoding.
 */
function authorPrefix(kind: TranscriptEntry['author']['kind']): string {
  return `{"author":${JSON.stringify({ kind })}`;
}

/** Stream rows ([id, ['e', json]]) as transcript entries. */
function toEntries(rows: readonly [string, string[]][]): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const [id, fields] of rows) {
    const json = fields[1];
    if (json === undefined) continue;
    entries.push({ id, ...(JSON.parse(json) as NewTranscriptEntry) });
  }
  return entries;
}
