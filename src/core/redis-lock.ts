import { randomUUID } from 'node:crypto';
import { RedisScript, type RedisConnection } from './redis-script.ts';

// Take the lock, or extend it when this token already holds it (a lease renewed by its holder).
const ACQUIRE = new RedisScript(`
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not held then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`);
const RENEW = new RedisScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`,
);
const RELEASE = new RedisScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
);

export interface RedisLockOptions {
  readonly redis: RedisConnection;
  /** The key that holds the lock. */
  readonly key: string;
  /** How long the lock lives without a renewal; a holder that dies frees it after this long. */
  readonly ttlMs: number;
  /** Who holds it (default: a random id). A lease passes the same token each round to keep it. */
  readonly token?: string;
}

export interface WaitOptions {
  /** Give up after this long (default 5 s). */
  readonly waitMs?: number;
  /** Pause between tries (default 25 ms). */
  readonly retryMs?: number;
}

/**
 * hamdel's one Redis lock (and lease): SET NX PX with a token, renewed and released only by its holder
 * (compare-and-extend, compare-and-delete in Lua). While `keepAlive` runs, the lock is renewed every third
 * of its time to live; `onLost` is told if a renewal finds that another holder took it.
 */
export class RedisLock {
  readonly token: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: RedisLockOptions) {
    this.token = o.token ?? randomUUID();
  }

  get key(): string {
    return this.o.key;
  }

  /** Takes the lock if it is free, or extends it if this token holds it. True when held now. */
  async acquire(): Promise<boolean> {
    return (await ACQUIRE.run(this.o.redis, [this.o.key], [this.token, this.o.ttlMs])) === 1;
  }

  /** Tries to take the lock until `waitMs` passes. */
  async acquireWithin(options: WaitOptions = {}): Promise<boolean> {
    const deadline = Date.now() + (options.waitMs ?? 5_000);
    for (;;) {
      if (await this.acquire()) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 25));
    }
  }

  /** Extends the lock if this token still holds it. */
  async renew(): Promise<boolean> {
    return (await RENEW.run(this.o.redis, [this.o.key], [this.token, this.o.ttlMs])) === 1;
  }

  /** Renews the lock every third of its time to live until `release`. */
  keepAlive(onLost?: () => void): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => {
        this.renew()
          .then((held) => {
            if (!held) onLost?.();
          })
          .catch(() => undefined); // Redis away: the next renewal tries again; the TTL decides.
      },
      Math.max(10, Math.floor(this.o.ttlMs / 3)),
    );
    this.timer.unref();
  }

  /** Stops renewing and frees the lock if this token still holds it. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await RELEASE.run(this.o.redis, [this.o.key], [this.token]);
  }

  /** Stops renewing without touching Redis (the lock then expires by itself). */
  abandon(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * Runs `work` while holding the lock at `key`, renewed for as long as the work runs. Throws LockBusyError
 * when the lock stays taken for `waitMs`.
 */
export async function withLock<T>(
  options: RedisLockOptions & WaitOptions,
  work: () => Promise<T>,
): Promise<T> {
  const lock = new RedisLock(options);
  if (!(await lock.acquireWithin(options))) throw new LockBusyError(options.key);
  lock.keepAlive();
  try {
    return await work();
  } finally {
    await lock.release().catch(() => undefined);
  }
}

export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
  constructor(readonly key: string) {
    super(`the lock ${key} stayed busy`);
  }
}
