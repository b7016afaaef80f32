import type { Redis } from 'ioredis';
import type { Clock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import { isLanguage } from '../core/language.ts';
import type { ChannelName } from '../core/message.ts';
import type { ConversationStore, TranscriptQuery } from './conversation-store.ts';
import type {
  Conversation,
  ConversationPatch,
  ConversationState,
  Customer,
  NewTranscriptEntry,
  TranscriptEntry,
} from './conversation.ts';
import { conversationKeys, type ConversationKeys } from './redis-keys.ts';

export interface RedisConversationStoreOptions {
  readonly redis: Redis;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  /** How long a conversation is kept after its last write, in days (default 90). */
  readonly retentionDays?: number;
  /** The same in milliseconds (takes precedence; for tests). */
  readonly retentionMs?: number;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;
const STATES: readonly ConversationState[] = ['bot', 'waiting', 'agent', 'closed'];

/**
 * Conversations as Redis hashes, transcripts as Redis streams (append-only, ordered by stream id).
 * Every write renews the conversation's time to live; stream entries older than the retention are trimmed.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly redis: Redis;
  private readonly keys: ConversationKeys;
  private readonly retentionMs: number;
  private readonly clock: Clock;

  constructor(options: RedisConversationStoreOptions) {
    this.redis = options.redis;
    this.keys = conversationKeys(options.prefix ?? 'hamdel:');
    this.retentionMs = options.retentionMs ?? (options.retentionDays ?? 90) * DAY_MS;
    this.clock = options.clock;
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
    const fields: Record<string, string> = { updatedAt: String(this.clock.now()) };
    const removed: string[] = [];
    if (patch.state !== undefined) fields.state = patch.state;
    if (patch.language !== undefined) fields.language = patch.language;
    if (patch.greeted !== undefined) fields.greeted = patch.greeted ? '1' : '0';
    if (patch.failedAnswers !== undefined) fields.failedAnswers = String(patch.failedAnswers);
    if ('lastChoices' in patch) {
      if (patch.lastChoices && patch.lastChoices.length > 0)
        fields.lastChoices = JSON.stringify(patch.lastChoices);
      else removed.push('lastChoices');
    }
    if ('mood' in patch) {
      if (patch.mood) fields.mood = JSON.stringify(patch.mood);
      else removed.push('mood');
    }
    if ('surveyFor' in patch) {
      if (patch.surveyFor) fields.surveyFor = patch.surveyFor;
      else removed.push('surveyFor');
    }
    if ('handoffRequest' in patch) {
      if (patch.handoffRequest) fields.handoffRequest = JSON.stringify(patch.handoffRequest);
      else removed.push('handoffRequest');
    }
    const exists = await this.redis.exists(key);
    if (exists === 0) throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
    const tx = this.redis.multi().hset(key, fields);
    if (removed.length > 0) tx.hdel(key, ...removed);
    await tx.pexpire(key, this.retentionMs).exec();
    const updated = await this.get(conversationId);
    if (!updated) throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
    return updated;
  }

  async append(conversationId: string, entry: NewTranscriptEntry): Promise<TranscriptEntry> {
    const key = this.keys.transcript(conversationId);
    const results = await this.redis
      .multi()
      .xadd(key, '*', 'e', JSON.stringify(entry))
      .pexpire(key, this.retentionMs)
      .pexpire(this.keys.conversation(conversationId), this.retentionMs)
      .exec();
    const [error, id] = results?.[0] ?? [new Error('no reply'), null];
    if (error || typeof id !== 'string') throw error ?? new Error('XADD returned no id');
    // Stream ids carry Redis's own clock: entries older than the retention, by that clock, are dropped.
    const newest = Number(id.split('-')[0]);
    await this.redis.xtrim(key, 'MINID', String(Math.max(0, newest - this.retentionMs)));
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
    const entries: TranscriptEntry[] = [];
    for (const [id, fields] of rows) {
      const json = fields[1];
      if (json === undefined) continue;
      entries.push({ id, ...(JSON.parse(json) as NewTranscriptEntry) });
    }
    return entries;
  }

  async touchCustomer(customer: {
    channel: ChannelName;
    id: string;
    displayName?: string;
  }): Promise<Customer> {
    const key = this.keys.customer(customer.channel, customer.id);
    const now = String(this.clock.now());
    const tx = this.redis.multi().hsetnx(key, 'firstSeen', now).hset(key, 'lastSeen', now);
    if (customer.displayName) tx.hset(key, 'displayName', customer.displayName);
    await tx.pexpire(key, this.retentionMs).exec();
    const found = await this.getCustomer(customer.channel, customer.id);
    if (!found) throw new Error(`customer ${customer.id} vanished`);
    return found;
  }

  async getCustomer(channel: ChannelName, id: string): Promise<Customer | undefined> {
    const hash = await this.redis.hgetall(this.keys.customer(channel, id));
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
}

function fromHash(hash: Record<string, string>): Conversation {
  const state = STATES.find((s) => s === hash.state) ?? 'bot';
  return {
    id: hash.id ?? '',
    channel: hash.channel ?? 'unknown',
    customerId: hash.customerId ?? '',
    state,
    createdAt: Number(hash.createdAt ?? 0),
    updatedAt: Number(hash.updatedAt ?? 0),
    greeted: hash.greeted === '1',
    failedAnswers: Number(hash.failedAnswers ?? 0),
    ...(isLanguage(hash.language) ? { language: hash.language } : {}),
    ...(hash.lastChoices ? { lastChoices: JSON.parse(hash.lastChoices) as Conversation['lastChoices'] } : {}),
    ...(hash.surveyFor ? { surveyFor: hash.surveyFor } : {}),
    ...(hash.mood ? { mood: JSON.parse(hash.mood) as Conversation['mood'] } : {}),
    ...(hash.handoffRequest
      ? { handoffRequest: JSON.parse(hash.handoffRequest) as Conversation['handoffRequest'] }
      : {}),
  };
}
