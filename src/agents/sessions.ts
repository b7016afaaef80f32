import { createHash, randomBytes } from 'node:crypto';
import type { RedisConnection } from '../core/redis-script.ts';
import type { Clock } from '../core/clock.ts';
import { agentKeys, type AgentKeys } from './agent-keys.ts';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';

export interface SessionsOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  readonly clock: Clock;
  /** A session ends after this long without use, in ms (default 12 h); every use renews it. */
  readonly idleTtlMs?: number;
  /** A session ends this long after sign-in however much it is used, in ms (default 7 days). */
  readonly maxAgeMs?: number;
  /** Limits on failed sign-ins (default 5 per agent id and 20 per address in 15 min). */
  readonly loginLimits?: Omit<LoginThrottleOptions, 'redis' | 'prefix' | 'clock'>;
}

/** A signed-in agent's session. The token itself is never stored: only its SHA-256. */
export interface Session {
  readonly agentId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

interface StoredSession {
  agentId: string;
  createdAt: number;
  expiresAt: number;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sign-in sessions on Redis. A token is 32 random bytes (base64url, 43 characters), given to the
 * browser once; Redis keeps `session:<sha256(token)>`, so a leaked Redis dump holds no usable token.
 * Expiry is checked against the injected clock and also set as a Redis TTL so that dead sessions go away.
 */
export class RedisSessions {
  private readonly redis: RedisConnection;
  private readonly keys: AgentKeys;
  private readonly clock: Clock;
  readonly idleTtlMs: number;
  readonly maxAgeMs: number;
  /** Failed sign-in counting, on the same Redis, prefix and clock. */
  readonly throttle: LoginThrottle;

  constructor(options: SessionsOptions) {
    this.redis = options.redis;
    this.keys = agentKeys(options.prefix ?? 'hamdel:');
    this.clock = options.clock;
    this.idleTtlMs = options.idleTtlMs ?? 12 * 3_600_000;
    this.maxAgeMs = options.maxAgeMs ?? 7 * 86_400_000;
    this.throttle = new LoginThrottle({
      ...options.loginLimits,
      redis: options.redis,
      prefix: options.prefix,
      clock: options.clock,
    });
    if (!(this.idleTtlMs > 0 && this.maxAgeMs >= this.idleTtlMs)) {
      throw new RangeError('idleTtlMs must be positive and maxAgeMs at least idleTtlMs');
    }
  }

  /** Starts a session; the token goes to the browser (cookie) and nowhere else. */
  async create(agentId: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: StoredSession = { agentId, createdAt: now, expiresAt: now + this.idleTtlMs };
    const hashed = hashToken(token);
    await this.redis
      .multi()
      .set(this.keys.session(hashed), JSON.stringify(session), 'PX', this.idleTtlMs)
      .sadd(this.keys.agentSessions(agentId), hashed)
      .pexpire(this.keys.agentSessions(agentId), this.maxAgeMs)
      .exec();
    return { token, session };
  }

  /** The session of `token` when it is live, renewed for another idle TTL; undefined otherwise. */
  async resolve(token: string | undefined): Promise<Session | undefined> {
    if (token === undefined || !TOKEN_PATTERN.test(token)) return undefined;
    const hashed = hashToken(token);
    const key = this.keys.session(hashed);
    const json = await this.redis.get(key);
    if (json === null) return undefined;
    const stored = parse(json);
    const now = this.clock.now();
    if (!stored || now >= stored.expiresAt || now >= stored.createdAt + this.maxAgeMs) {
      const tx = this.redis.multi().del(key);
      if (stored) tx.srem(this.keys.agentSessions(stored.agentId), hashed); // keep the index to live ones
      await tx.exec();
      return undefined;
    }
    const ttl = Math.min(this.idleTtlMs, stored.createdAt + this.maxAgeMs - now);
    const renewed: StoredSession = { ...stored, expiresAt: now + ttl };
    // XX: a logout that ran meanwhile is not undone.
    await this.redis.set(key, JSON.stringify(renewed), 'PX', ttl, 'XX');
    return renewed;
  }

  /** Ends one session (sign-out). */
  async destroy(token: string | undefined): Promise<void> {
    if (token === undefined || !TOKEN_PATTERN.test(token)) return;
    const hashed = hashToken(token);
    const json = await this.redis.get(this.keys.session(hashed));
    const tx = this.redis.multi().del(this.keys.session(hashed));
    const agentId = json === null ? undefined : parse(json)?.agentId;
    if (agentId !== undefined) tx.srem(this.keys.agentSessions(agentId), hashed);
    await tx.exec();
  }

  /** Ends every session of the agent (new password, role taken away, account removed); returns how many. */
  async destroyAll(agentId: string): Promise<number> {
    const hashes = await this.redis.smembers(this.keys.agentSessions(agentId));
    const keys = hashes.map((h) => this.keys.session(h));
    const results = await this.redis
      .multi()
      .del(this.keys.agentSessions(agentId), ...keys)
      .exec();
    return Math.max(0, Number(results?.[0]?.[1] ?? 0) - 1);
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function parse(json: string): StoredSession | undefined {
  try {
    const value = JSON.parse(json) as Partial<StoredSession>;
    if (typeof value.agentId !== 'string' || typeof value.createdAt !== 'number') return undefined;
    if (typeof value.expiresAt !== 'number') return undefined;
    return { agentId: value.agentId, createdAt: value.createdAt, expiresAt: value.expiresAt };
  } catch {
    return undefined;
  }
}
