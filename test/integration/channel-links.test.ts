/**
 * Link codes and links on real Redis (a random key prefix per test): a code expires by the injected clock,
 * works once, is read from Persian and Arabic digits, and asking for or trying codes is rate limited per
 * address; links stay one hop when a home joins another, and unlinking parts one address.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { RedisRateLimit } from '../../src/core/redis-rate-limit.ts';
import { ChannelLinking } from '../../src/conversations/channel-linking.ts';
import { ConversationLinks } from '../../src/conversations/conversation-links.ts';
import {
  formatLinkCode,
  isShownLinkCode,
  LinkCodes,
  readLinkCode,
} from '../../src/conversations/link-codes.ts';
import type { InboundMessage } from '../../src/core/message.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../helpers/redis.ts';

describe('reading and showing link codes', () => {
  it('reads eight digits in any script, with spaces, dashes and direction marks between them', () => {
    expect(readLinkCode('48291307')).toBe('48291307');
    expect(readLinkCode('۴۸۲۹ ۱۳۰۷')).toBe('48291307');
    expect(readLinkCode('٤٨٢٩-١٣٠٧')).toBe('48291307');
    expect(readLinkCode('\u20664829 1307\u2069')).toBe('48291307');
    expect(readLinkCode('4829130')).toBeUndefined();
    expect(readLinkCode('482913071')).toBeUndefined();
    expect(readLinkCode('order 48291307')).toBeUndefined();
  });

  it('shows a code as two groups of four, kept left to right, and knows that shape when typed back', () => {
    expect(formatLinkCode('48291307')).toBe('\u20664829\u00a01307\u2069');
    expect(isShownLinkCode(formatLinkCode('48291307'))).toBe(true);
    expect(isShownLinkCode('۴۸۲۹ ۱۳۰۷')).toBe(true);
    expect(isShownLinkCode('4829-1307')).toBe(true);
    expect(isShownLinkCode('48291307')).toBe(false); // eight in a row: maybe an order number
    expect(isShownLinkCode('482 91307')).toBe(false);
  });
});

describe('link codes and links (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let clock: ManualClock;
  let codes: LinkCodes;
  let links: ConversationLinks;

  beforeEach(async () => {
    redis = connectRedis();
    await redis.ping(); // the rate limiter counts only on a ready connection
    prefix = randomPrefix();
    clock = new ManualClock(Date.UTC(2026, 11, 7, 12, 0));
    const limiter = new RedisRateLimit({ redis, prefix });
    codes = new LinkCodes({ redis, prefix, clock, limiter, ttlMs: 600_000 });
    links = new ConversationLinks({ redis, prefix, clock, retentionMs: 86_400_000 });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('a code works once, from any digits the customer types', async () => {
    const issued = await codes.issue('web-a', 'web-a');
    if (!issued.ok) throw new Error('not issued');
    expect(issued.code).toMatch(/^\d{8}$/);
    expect(issued.expiresAt).toBe(clock.now() + 600_000);
    const persian = issued.code.replace(/\d/g, (d) => String.fromCharCode(0x6f0 + Number(d)));
    expect(await codes.redeem(persian, 'tg-1')).toEqual({
      ok: true,
      grant: { home: 'web-a', address: 'web-a', expiresAt: issued.expiresAt },
    });
    expect(await codes.redeem(issued.code, 'tg-2')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a code expires by the clock', async () => {
    const issued = await codes.issue('web-a', 'web-a');
    if (!issued.ok) throw new Error('not issued');
    clock.advance(600_000);
    expect(await codes.redeem(issued.code, 'tg-1')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a code in use is never handed out again', async () => {
    const next = ['11111111', '11111111', '22222222'];
    const fixed = new LinkCodes({
      redis,
      prefix,
      clock,
      limiter: new RedisRateLimit({ redis, prefix }),
      newCode: () => next.shift() ?? '33333333',
    });
    expect(await fixed.issue('web-a', 'web-a')).toMatchObject({ ok: true, code: '11111111' });
    expect(await fixed.issue('web-b', 'web-b')).toMatchObject({ ok: true, code: '22222222' });
  });

  it('asking for and trying codes are limited per address', async () => {
    for (let i = 0; i < 5; i++) expect((await codes.issue('web-a', 'web-a')).ok).toBe(true);
    expect(await codes.issue('web-a', 'web-a')).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect((await codes.issue('web-b', 'web-b')).ok).toBe(true); // another address has its own count
    for (let i = 0; i < 5; i++) expect(await codes.redeem('00000000', 'tg-1')).toMatchObject({ ok: false });
    expect(await codes.redeem('00000000', 'tg-1')).toEqual({ ok: false, reason: 'rate-limited' });
  });

  it('wrong codes from many addresses together are limited, so fresh visitors cannot guess between them', async () => {
    const limited = new LinkCodes({
      redis,
      prefix,
      clock,
      limiter: new RedisRateLimit({ redis, prefix }),
      failureLimit: 3,
    });
    const issued = await limited.issue('web-a', 'web-a');
    const other = await limited.issue('web-b', 'web-b');
    if (!issued.ok || !other.ok) throw new Error('not issued');
    // A right code counts no failure.
    expect(await limited.redeem(issued.code, 'web-v0')).toMatchObject({ ok: true });
    for (let i = 1; i <= 3; i++)
      expect(await limited.redeem('00000000', `web-v${i}`)).toEqual({ ok: false, reason: 'invalid' });
    // A fresh address with the right code: nothing is tried while the window lasts.
    expect(await limited.redeem(other.code, 'web-v4')).toEqual({ ok: false, reason: 'rate-limited' });
    expect(await redis.exists(`${prefix}link-code:${other.code}`)).toBe(1); // the code was not used up
  });

  it('forgets the codes asked for from an address (privacy erasure)', async () => {
    const issued = await codes.issue('web-a', 'tg-9');
    const kept = await codes.issue('web-b', 'web-b');
    if (!issued.ok || !kept.ok) throw new Error('not issued');
    expect(await codes.forget(['web-a', 'tg-9'])).toBe(1);
    expect(await codes.redeem(issued.code, 'tg-1')).toEqual({ ok: false, reason: 'invalid' });
    expect(await codes.redeem(kept.code, 'tg-2')).toMatchObject({ ok: true });
    expect(await redis.keys(`${prefix}link-codes-of:*`)).toEqual([`${prefix}link-codes-of:web-b`]);
  });

  it('links stay one hop, and unlinking parts one address', async () => {
    expect(await links.link('tg-1', 'telegram', 'web-a')).toBe(true);
    expect(await links.link('tg-1', 'telegram', 'web-a')).toBe(false);
    expect(await links.link('web-a', 'web', 'web-a')).toBe(false);
    // The home joins another customer's conversation: its address comes along.
    expect(await links.link('web-a', 'web', 'bf-x')).toBe(true);
    expect(await links.homeOf('tg-1')).toBe('bf-x');
    expect(await links.homeOf('web-a')).toBe('bf-x');
    expect((await links.linksOf('bf-x')).map((l) => l.address).sort()).toEqual(['tg-1', 'web-a']);
    expect(await links.linksOf('web-a')).toEqual([]);
    // The old home joins one of its own addresses: it becomes the home, not an address of itself.
    expect(await links.link('bf-x', 'botframework', 'tg-1')).toBe(true);
    expect(await links.homeOf('tg-1')).toBeUndefined();
    expect(await links.homeOf('web-a')).toBe('tg-1');
    expect(await links.unlink('web-a')).toMatchObject({ address: 'web-a', home: 'tg-1' });
    expect(await links.homeOf('web-a')).toBeUndefined();
    expect(await links.unlink('web-a')).toBeUndefined();
  });

  it('resolves a message to its home, and a code joins the address it came from', async () => {
    const linking = new ChannelLinking({ links, codes });
    const message = (conversationId: string, text: string): InboundMessage => ({
      direction: 'in',
      channel: 'telegram',
      conversationId,
      customer: { id: '1' },
      text,
      sentAt: clock.now(),
      platformMessageId: `m-${text}`,
      raw: {},
    });
    expect(await linking.resolve(message('tg-1', 'hello'))).toEqual(message('tg-1', 'hello'));
    const issued = await codes.issue('web-a', 'web-a');
    if (!issued.ok) throw new Error('not issued');
    expect(await linking.resolve(message('tg-1', issued.code))).toMatchObject({
      conversationId: 'web-a',
      address: 'tg-1',
      link: { kind: 'joined' },
    });
    expect(await linking.resolve(message('tg-1', 'hello'))).toMatchObject({
      conversationId: 'web-a',
      address: 'tg-1',
    });
    // Used again, as shown (two groups): refused. Eight digits in a row that are no code: plain text.
    expect(await linking.resolve(message('tg-1', formatLinkCode(issued.code)))).toMatchObject({
      conversationId: 'web-a',
      link: { kind: 'refused', reason: 'invalid' },
    });
    const bare = await linking.resolve(message('tg-1', issued.code));
    expect(bare).toMatchObject({ conversationId: 'web-a', text: issued.code });
    expect(bare.link).toBeUndefined();
    // A deep link's payload that is no code is a plain hello.
    const start = { ...message('tg-2', 'hi'), linkCode: 'promo' };
    expect(await linking.resolve(start)).toEqual(start);
  });
});
