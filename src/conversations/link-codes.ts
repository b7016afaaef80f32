import { randomInt } from 'node:crypto';
import { systemClock, type Clock } from '../core/clock.ts';
import type { RedisRateLimit } from '../core/redis-rate-limit.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { toAsciiDigits } from '../language/digits.ts';

/**
 * Digits in a code: 10^8 possible codes, shown as two groups of four (`formatLinkCode`) so that they are
 * typed from one phone to another without losing the place, and told apart from a bare order number.
 */
export const LINK_CODE_DIGITS = 8;

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
  /**
   * Wrong codes all addresses together may try in `windowMs` (default 100): past it no code is tried until
   * the window ends, so that many fresh addresses (new widget visitors) cannot guess codes between them.
   */
  readonly failureLimit?: number;
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

  /** How long a code can be used, in whole minutes (at least 1): what the customer is told. */
  get lifetimeMinutes(): number {
    return Math.max(1, Math.round(this.ttlMs / 60_000));
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
      if ((await this.o.redis.set(this.key(padded), grant, 'PX', this.ttlMs, 'NX')) === 'OK') {
        await this.o.redis
          .multi()
          .sadd(this.issuedKey(address), padded)
          .pexpire(this.issuedKey(address), this.ttlMs)
          .exec();
        return { ok: true, code: padded, expiresAt };
      }
    }
    throw new Error('no free link code after 20 tries'); // a million codes: only a broken generator gets here
  }

  /**
   * Uses the code (once): what it stands for, or why not. `code` as the customer typed it. Every try counts
   * toward the address's limit, and a wrong one toward the limit of all addresses together; past either,
   * nothing is tried (`rate-limited`).
   */
  async redeem(code: string, address: string): Promise<RedeemResult> {
    const digits = readLinkCode(code);
    if (digits === undefined) return { ok: false, reason: 'invalid' };
    const limiter = this.o.limiter;
    const failureLimit = this.o.failureLimit ?? 100;
    const own = await limiter.hit(`link-redeem:${address}`, this.o.redeemLimit ?? 5, this.windowMs);
    if (!own.allowed) return { ok: false, reason: 'rate-limited' };
    if (!(await limiter.peek(FAILURES_KEY, failureLimit)).allowed)
      return { ok: false, reason: 'rate-limited' };
    const stored = await this.o.redis.getdel(this.key(digits));
    const grant = stored === null ? undefined : (JSON.parse(stored) as LinkCodeGrant);
    if (grant && grant.expiresAt > this.clock.now()) return { ok: true, grant };
    await limiter.hit(FAILURES_KEY, failureLimit, this.windowMs);
    return { ok: false, reason: 'invalid' };
  }

  /** Forgets the codes asked for from these addresses (privacy erasure); how many there were. */
  async forget(addresses: readonly string[]): Promise<number> {
    const wanted = new Set(addresses);
    let removed = 0;
    for (const address of wanted) {
      const codes = await this.o.redis.smembers(this.issuedKey(address));
      for (const code of codes) {
        const stored = await this.o.redis.get(this.key(code));
        const grant = stored === null ? undefined : (JSON.parse(stored) as LinkCodeGrant);
        if (grant && (wanted.has(grant.address) || wanted.has(grant.home)))
          removed += await this.o.redis.del(this.key(code));
      }
      await this.o.redis.del(this.issuedKey(address));
    }
    return removed;
  }

  private key(code: string): string {
    return `${this.prefix}link-code:${code}`;
  }

  /** The codes asked for from an address (for erasure; they expire with the last code). */
  private issuedKey(address: string): string {
    return `${this.prefix}link-codes-of:${address}`;
  }
}

/** Counter of wrong codes tried from any address (RedisRateLimit's key). */
const FAILURES_KEY = 'link-redeem-failures';

/** Direction marks and isolates a copied code may carry (the code is shown isolated: `formatLinkCode`). */
const MARKS = /[\u200c-\u200f\u2066-\u2069]/g;

/**
 * The code in a message that is only a code, as the customer typed it: Persian or Arabic-Indic digits
 * read as ASCII, spaces, dashes and direction marks between them ignored ("۴۸۲۹ ۱۳۰۷", "4829-1307").
 */
export function readLinkCode(text: string): string | undefined {
  const digits = toAsciiDigits(text)
    .replace(MARKS, '')
    .replace(/[\s\-_.]/g, '');
  return new RegExp(`^\\d{${LINK_CODE_DIGITS}}$`).test(digits) ? digits : undefined;
}

/**
 * Whether the text is a code written as it is shown, two groups of four (any digits, a space or a dash
 * between): a customer using a code, where eight digits in a row may as well be an order number.
 */
export function isShownLinkCode(text: string): boolean {
  const half = LINK_CODE_DIGITS / 2;
  const folded = toAsciiDigits(text).replace(MARKS, '').trim();
  return new RegExp(`^\\d{${half}}[\\s\\-]+\\d{${half}}$`).test(folded);
}

/**
 * A code as customers are shown it: two groups of four, kept left to right in a right-to-left line (a
 * left-to-right isolate, a no-break space between: a line never breaks inside it), e.g. "4829 1307" (its
 * digits follow the reader's language like any number).
 */
export function formatLinkCode(code: string): string {
  const half = LINK_CODE_DIGITS / 2;
  return `\u2066${code.slice(0, half)}\u00a0${code.slice(half)}\u2069`;
}
