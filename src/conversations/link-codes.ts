import { randomInt } from 'node:crypto';
import { systemClock, type Clock } from '../core/clock.ts';
import type { RedisRateLimit } from '../core/redis-rate-limit.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { toAsciiDigits } from '../language/digits.ts';

/** Digits in a code: short enough to type from one phone to another, with 10^6 possible codes. */
export const LINK_CODE_DIGITS = 6;

export interface LinkCodesOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  readonly clock?: Clock;
  /** Counts issues and redemptions per channel address. */
  readonly limiter: RedisRateLimit;
  /** How long a code can be used (default 10 minutes). */
  readonly ttlMs?: number;
  /** Codes one address may ask for in `windowMs` (default 5). */
  readonly issueLimit?: number;
  /** Codes one address may try in `windowMs`, right or wrong (default 5). */
  readonly redeemLimit?: number;
  /** The rate limits' window (default 10 minutes). */
  readonly windowMs?: number;
  /** A new code's digits (default: crypto's randomInt); for tests. */
  readonly newCode?: () => string;
}

/** What a code stands for: the customer's home conversation, asked for from `address`. */
export interface LinkCodeGrant {
  readonly home: string;
  /** The channel address the code was asked for from. */
  readonly address: string;
  readonly expiresAt: number;
}

export type IssueResult =
  | { readonly ok: true; readonly code: string; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'rate-limited'; readonly retryAfterSeconds: number };

export type RedeemResult =
  | { readonly ok: true; readonly grant: LinkCodeGrant }
  | { readonly ok: false; readonly reason: 'invalid' | 'rate-limited' };

/**
 * One-time codes that carry a customer from one channel to another ("continue on Telegram"): a code is a
 * few digits kept in Redis for `ttlMs` and deleted by the one GETDEL that uses it, so it works once.
 * Asking for codes and trying them are both counted per channel address (the shared rate limiter), so
 * nobody guesses codes or floods a chat with them. Expiry is checked against the injected clock, and Redis
 * drops the key after the same time.
 */
export class LinkCodes {
  private readonly prefix: string;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly windowMs: number;

  constructor(private readonly o: LinkCodesOptions) {
    this.prefix = o.prefix ?? 'hamdel:';
    this.clock = o.clock ?? systemClock;
    this.ttlMs = o.ttlMs ?? 600_000;
    this.windowMs = o.windowMs ?? 600_000;
  }

  /** A new code for the customer whose home conversation is `home`, asked for from `address`. */
  async issue(home: string, address: string): Promise<IssueResult> {
    const verdict = await this.o.limiter.hit(`link-issue:${address}`, this.o.issueLimit ?? 5, this.windowMs);
    if (!verdict.allowed)
      return { ok: false, reason: 'rate-limited', retryAfterSeconds: verdict.retryAfterSeconds };
    const expiresAt = this.clock.now() + this.ttlMs;
    const grant = JSON.stringify({ home, address, expiresAt } satisfies LinkCodeGrant);
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = this.o.newCode?.() ?? String(randomInt(0, 10 ** LINK_CODE_DIGITS));
      const padded = code.padStart(LINK_CODE_DIGITS, '0');
      // A code still waiting for its customer is never handed out twice: take another one.
      if ((await this.o.redis.set(this.key(padded), grant, 'PX', this.ttlMs, 'NX')) === 'OK')
        return { ok: true, code: padded, expiresAt };
    }
    throw new Error('no free link code after 20 tries'); // a million codes: only a broken generator gets here
  }

  /** Uses the code (once): what it stands for, or why not. `code` as the customer typed it. */
  async redeem(code: string, address: string): Promise<RedeemResult> {
    const verdict = await this.o.limiter.hit(
      `link-redeem:${address}`,
      this.o.redeemLimit ?? 5,
      this.windowMs,
    );
    if (!verdict.allowed) return { ok: false, reason: 'rate-limited' };
    const digits = readLinkCode(code);
    if (digits === undefined) return { ok: false, reason: 'invalid' };
    const stored = await this.o.redis.getdel(this.key(digits));
    if (stored === null) return { ok: false, reason: 'invalid' };
    const grant = JSON.parse(stored) as LinkCodeGrant;
    if (grant.expiresAt <= this.clock.now()) return { ok: false, reason: 'invalid' };
    return { ok: true, grant };
  }

  private key(code: string): string {
    return `${this.prefix}link-code:${code}`;
  }
}

/**
 * The code in a message that is only a code, as the customer typed it: Persian or Arabic-Indic digits
 * read as ASCII, spaces, dashes and direction marks between them ignored ("۴۸۲ ۹۱۳", "482-913").
 */
export function readLinkCode(text: string): string | undefined {
  const digits = toAsciiDigits(text).replace(/[\s\u200c-\u200f\u2066-\u2069\-_.]/g, '');
  return new RegExp(`^\\d{${LINK_CODE_DIGITS}}$`).test(digits) ? digits : undefined;
}
