import type { RedisConnection } from './redis-script.ts';

export interface SeenOnceOptions {
  readonly redis: RedisConnection;
  /** The key that remembers one id. */
  readonly key: (id: string) => string;
  /** How long a handled id is remembered (repeated deliveries within it are dropped). */
  readonly ttlSeconds: number;
  /** How long a claim lasts before it is confirmed; a claimer that dies frees the id after this (default 60 s). */
  readonly claimMs?: number;
}

/**
 * hamdel's one "seen once" helper, for platforms that deliver the same event more than once. The first
 * caller `claim`s an id, handles it, then `confirm`s it. A claimer that dies before confirming leaves a
 * claim that expires after `claimMs`, so the platform's redelivery is handled then instead of lost;
 * `forget` frees an id at once when handling failed. `first` claims and confirms in one step, for work
 * whose loss is harmless.
 */
export class SeenOnce {
  private readonly claimMs: number;

  constructor(private readonly o: SeenOnceOptions) {
    this.claimMs = o.claimMs ?? 60_000;
  }

  /** True for the first caller of this id (until it is forgotten, or its claim expires unconfirmed). */
  async claim(id: string): Promise<boolean> {
    return (await this.o.redis.set(this.o.key(id), 'claimed', 'PX', this.claimMs, 'NX')) === 'OK';
  }

  /** The id was handled: remember it for `ttlSeconds`. */
  async confirm(id: string): Promise<void> {
    await this.o.redis.set(this.o.key(id), 'done', 'EX', this.o.ttlSeconds);
  }

  /** Claims and confirms at once: true the first time. */
  async first(id: string): Promise<boolean> {
    return (await this.o.redis.set(this.o.key(id), 'done', 'EX', this.o.ttlSeconds, 'NX')) === 'OK';
  }

  /** Where an id stands: being handled ('claimed'), handled ('done'), or free (undefined). */
  async status(id: string): Promise<'claimed' | 'done' | undefined> {
    const value = await this.o.redis.get(this.o.key(id));
    if (value === null) return undefined;
    return value === 'claimed' ? 'claimed' : 'done';
  }

  /** Frees the id, so that a repeated delivery is handled. */
  async forget(id: string): Promise<void> {
    await this.o.redis.del(this.o.key(id));
  }
}
