import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { RedisScript, type RedisConnection } from '../../core/redis-script.ts';
import type { VisitorCredentials } from './protocol.ts';

/** What the server knows of an anonymous widget visitor. */
export interface Visitor {
  /** How agents, Slack and logs name the visitor (`visitor-` and 16 hex digits): it opens nothing. */
  readonly handle: string;
}

export interface VisitorRegistryOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly clock: Clock;
  /**
   * A visitor not seen for this long is forgotten (with its conversation, see TRANSCRIPT_RETENTION_DAYS);
   * default 90 days.
   */
  readonly retentionMs?: number;
}

const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Replaces the secret of a visitor that exists (a forgotten one stays forgotten). */
const ROTATE = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'secret', ARGV[1], 'secretAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/** True for a value shaped like credentials the registry issues (checked before Redis is asked). */
export function isVisitorCredentials(value: unknown): value is VisitorCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const { id, secret } = value as Record<string, unknown>;
  return typeof id === 'string' && VISITOR_ID.test(id) && typeof secret === 'string' && SECRET.test(secret);
}

/**
 * The widget's anonymous visitors, one Redis hash each (`<prefix>visitor:{<id>}`: the SHA-256 of the
 * secret, the display handle, when it was made). The server makes the id and the secret; only the browser
 * that got them holds the secret, so a visitor id or handle seen elsewhere opens nothing. A rotation
 * replaces the secret and the old one stops working at once.
 */
export class VisitorRegistry {
  private readonly retentionMs: number;

  constructor(private readonly o: VisitorRegistryOptions) {
    this.retentionMs = o.retentionMs ?? 90 * 86_400_000;
  }

  /** A new visitor: its credentials (for the browser alone) and its handle. */
  async create(): Promise<{ readonly credentials: VisitorCredentials; readonly visitor: Visitor }> {
    const credentials = { id: randomBytes(16).toString('base64url'), secret: newSecret() };
    const handle = `visitor-${randomBytes(8).toString('hex')}`;
    const now = this.o.clock.now();
    await this.o.redis
      .multi()
      .hset(this.key(credentials.id), {
        secret: digest(credentials.secret),
        handle,
        createdAt: now,
        secretAt: now,
      })
      .pexpire(this.key(credentials.id), this.retentionMs)
      .exec();
    // The handle's own key (another hash tag, so not in the transaction): erasing a customer by handle.
    await this.o.redis.set(this.handleKey(handle), credentials.id, 'PX', this.retentionMs);
    return { credentials, visitor: { handle } };
  }

  /** The visitor these credentials belong to, or undefined (unknown id, wrong or replaced secret). */
  async verify(credentials: VisitorCredentials): Promise<Visitor | undefined> {
    if (!isVisitorCredentials(credentials)) return undefined;
    const key = this.key(credentials.id);
    const [stored, handle] = await this.o.redis.hmget(key, 'secret', 'handle');
    if (!stored || !handle || !sameDigest(stored, digest(credentials.secret))) return undefined;
    // Seen now: kept as long as its conversation.
    await Promise.all([
      this.o.redis.pexpire(key, this.retentionMs),
      this.o.redis.pexpire(this.handleKey(handle), this.retentionMs),
    ]);
    return { handle };
  }

  /** Gives the visitor a new secret (the old one stops working); undefined if the visitor is unknown. */
  async rotate(visitorId: string): Promise<VisitorCredentials | undefined> {
    const secret = newSecret();
    const done = await ROTATE.run(
      this.o.redis,
      [this.key(visitorId)],
      [digest(secret), this.o.clock.now(), this.retentionMs],
    );
    return done === 1 ? { id: visitorId, secret } : undefined;
  }

  /** Forgets a visitor: its credentials open nothing any more. */
  async forget(visitorId: string): Promise<void> {
    const handle = await this.o.redis.hget(this.key(visitorId), 'handle');
    await this.o.redis.del(this.key(visitorId));
    if (handle !== null) await this.o.redis.del(this.handleKey(handle));
  }

  /** When the visitor of this handle was made and last given a secret (never the secret's digest). */
  async describeHandle(handle: string): Promise<{ createdAt: number; secretAt: number } | undefined> {
    const id = await this.o.redis.get(this.handleKey(handle));
    if (id === null) return undefined;
    const [createdAt, secretAt] = await this.o.redis.hmget(this.key(id), 'createdAt', 'secretAt');
    return createdAt ? { createdAt: Number(createdAt), secretAt: Number(secretAt) } : undefined;
  }

  /** Forgets the visitor of this handle (erasing a customer): its credentials open nothing any more. */
  async forgetHandle(handle: string): Promise<boolean> {
    const id = await this.o.redis.get(this.handleKey(handle));
    if (id !== null) await this.o.redis.del(this.key(id));
    return (await this.o.redis.del(this.handleKey(handle))) > 0;
  }

  private handleKey(handle: string): string {
    return `${this.o.prefix}visitor-handle:{${handle}}`;
  }

  private key(visitorId: string): string {
    return `${this.o.prefix}visitor:{${visitorId}}`;
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
