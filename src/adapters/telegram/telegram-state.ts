import { createHash } from 'node:crypto';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { SeenOnce } from '../../core/seen-once.ts';
import { fitsCallbackData } from './telegram-render.ts';

export interface TelegramStateOptions {
  readonly redis: RedisConnection;
  /** Key prefix of the installation (KEY_PREFIX); keys go under `<prefix>telegram:`. */
  readonly prefix: string;
  /** How long an update id is remembered to drop Telegram's repeated deliveries (default 24 h). */
  readonly updateTtlSeconds?: number;
  /** How long an update stays claimed by a process that died before handling it (default 30 s). */
  readonly updateClaimMs?: number;
  /** How long the value behind a shortened button is kept (default 30 days). */
  readonly choiceTtlSeconds?: number;
}

/** The message that shows a waiting customer's place and wait, edited in place as the line moves. */
export interface WaitMessage {
  readonly messageId: number;
  /** The keyboard it carries (an edit without it would remove the "leave the line" button). */
  readonly replyMarkup?: InlineKeyboardMarkup;
}

/** Callback data of a shortened button starts with this (no choice value does). */
const SHORT_MARK = '~';
const DAY = 86_400;

/**
 * What the Telegram channel keeps in Redis, shared by every process: update ids claimed and handled, the
 * wait message of each waiting chat, chats that blocked the bot, and the values behind buttons whose value
 * is longer than Telegram's 64 bytes of callback data.
 */
export class TelegramState {
  /**
   * Update ids: claimed before an update is handled, confirmed after (remembered 24 h, so Telegram's repeated
   * deliveries are dropped), forgotten when handling failed. A process that dies in between leaves a claim
   * that expires, so the update is handled when Telegram brings it again.
   */
  readonly deliveries: SeenOnce;
  private readonly redis: RedisConnection;
  private readonly prefix: string;
  private readonly choiceTtl: number;

  constructor(options: TelegramStateOptions) {
    this.redis = options.redis;
    this.prefix = `${options.prefix}telegram:`;
    this.choiceTtl = options.choiceTtlSeconds ?? 30 * DAY;
    this.deliveries = new SeenOnce({
      redis: options.redis,
      key: (updateId) => this.key('update', updateId),
      ttlSeconds: options.updateTtlSeconds ?? DAY,
      claimMs: options.updateClaimMs ?? 30_000,
    });
  }

  async markBlocked(chatId: number): Promise<void> {
    await this.redis.set(this.key('blocked', chatId), String(Date.now()), 'EX', 365 * DAY);
  }

  async clearBlocked(chatId: number): Promise<void> {
    await this.redis.del(this.key('blocked', chatId));
  }

  /** The chat blocked the bot or was deleted: nothing can be sent there until the customer writes again. */
  async isBlocked(chatId: number): Promise<boolean> {
    return (await this.redis.exists(this.key('blocked', chatId))) === 1;
  }

  async rememberWait(conversationId: string, message: WaitMessage): Promise<void> {
    await this.redis.set(this.key('wait', conversationId), JSON.stringify(message), 'EX', DAY);
  }

  async waitMessage(conversationId: string): Promise<WaitMessage | undefined> {
    const raw = await this.redis.get(this.key('wait', conversationId));
    return raw ? (JSON.parse(raw) as WaitMessage) : undefined;
  }

  async forgetWait(conversationId: string): Promise<void> {
    await this.redis.del(this.key('wait', conversationId));
  }

  /** What is kept about one chat, for an export of the customer's data. */
  async exportChat(conversationId: string, chatId: number | undefined) {
    const [wait, blockedAt] = await Promise.all([
      this.waitMessage(conversationId),
      chatId === undefined ? null : this.redis.get(this.key('blocked', chatId)),
    ]);
    return { ...(wait ? { waitMessage: wait } : {}), ...(blockedAt ? { blockedAt: Number(blockedAt) } : {}) };
  }

  /**
   * Removes what is kept about one chat (its wait message, its "blocked" mark) and the update ids its
   * messages came in (`updateIds`), for an erasure of the customer's data.
   */
  async forgetChat(conversationId: string, chatId: number | undefined, updateIds: readonly string[]) {
    const keys = [this.key('wait', conversationId), ...updateIds.map((id) => this.key('update', id))];
    if (chatId !== undefined) keys.push(this.key('blocked', chatId));
    await Promise.all(keys.map((key) => this.redis.del(key))); // keys of different slots: one by one
  }

  /** The callback data of a choice: its value, or a short key for the value kept in Redis. */
  async callbackData(value: string): Promise<string> {
    if (fitsCallbackData(value) && !value.startsWith(SHORT_MARK)) return value;
    const short = SHORT_MARK + createHash('sha256').update(value).digest('base64url').slice(0, 24);
    await this.redis.set(this.key('choice', short), value, 'EX', this.choiceTtl);
    return short;
  }

  /** The choice value behind callback data, or undefined when a shortened one has expired. */
  async choiceValue(data: string): Promise<string | undefined> {
    if (!data.startsWith(SHORT_MARK)) return data;
    return (await this.redis.get(this.key('choice', data))) ?? undefined;
  }

  private key(kind: string, id: string | number): string {
    return `${this.prefix}${kind}:${id}`;
  }
}
