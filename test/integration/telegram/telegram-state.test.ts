/** What the Telegram channel keeps in Redis: update claims, blocked chats, wait messages, long button values. */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES } from '../../../src/adapters/telegram/telegram-render.ts';
import { TelegramState } from '../../../src/adapters/telegram/telegram-state.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

describe('TelegramState (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let state: TelegramState;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    state = new TelegramState({ redis, prefix });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('claims an update id once, remembers it when confirmed, and frees it when handling failed', async () => {
    const { deliveries } = state;
    expect(await Promise.all([deliveries.claim('5'), deliveries.claim('5')])).toEqual([true, false]);
    expect(await deliveries.status('5')).toBe('claimed');
    // A claim lasts 30 s: a process that dies while handling frees the update for Telegram's next delivery.
    expect(await redis.pttl(`${prefix}telegram:update:5`)).toBeGreaterThan(25_000);
    expect(await redis.pttl(`${prefix}telegram:update:5`)).toBeLessThanOrEqual(30_000);
    await deliveries.forget('5');
    expect(await deliveries.status('5')).toBeUndefined();
    expect(await deliveries.claim('5')).toBe(true);
    await deliveries.confirm('5');
    expect(await deliveries.status('5')).toBe('done');
    expect(await deliveries.claim('5')).toBe(false);
    expect(await redis.ttl(`${prefix}telegram:update:5`)).toBeGreaterThan(86_000);
  });

  it('keeps short choice values as they are and long ones behind a key of at most 64 bytes', async () => {
    expect(await state.callbackData('#rate:5')).toBe('#rate:5');
    const long = `#article:${'شرایط-مرجوعی-کالای-آسیب‌دیده'.repeat(3)}`;
    const data = await state.callbackData(long);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(data).not.toBe(long);
    expect(await state.callbackData(long)).toBe(data); // the same value, the same button data
    expect(await state.choiceValue(data)).toBe(long);
    expect(await state.choiceValue('#rate:5')).toBe('#rate:5');
    expect(await state.choiceValue('~expired-or-forged')).toBeUndefined();
    // A value that looks like a key is itself shortened, so it cannot be mistaken for one.
    expect(await state.choiceValue(await state.callbackData('~x'))).toBe('~x');
  });

  it('remembers blocked chats and wait messages per conversation', async () => {
    expect(await state.isBlocked(42)).toBe(false);
    await state.markBlocked(42);
    expect(await state.isBlocked(42)).toBe(true);
    await state.clearBlocked(42);
    expect(await state.isBlocked(42)).toBe(false);

    const markup = { inline_keyboard: [[{ text: 'خروج از صف', callback_data: '#cancel-wait' }]] };
    await state.rememberWait('tg-42', { messageId: 7, replyMarkup: markup });
    expect(await state.waitMessage('tg-42')).toEqual({ messageId: 7, replyMarkup: markup });
    await state.forgetWait('tg-42');
    expect(await state.waitMessage('tg-42')).toBeUndefined();
  });
});
