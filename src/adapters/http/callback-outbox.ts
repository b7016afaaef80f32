import { RedisScript, type RedisConnection } from '../../core/redis-script.ts';

/** A message waiting for (or refused by) the integrator's callback, as stored. */
export interface OutboxItem {
  readonly sequence: number;
  readonly deliveryId: string;
  /** The exact JSON body POSTed, the same on every attempt (it starts with sequence and deliveryId). */
  readonly body: string;
}

/** A message whose attempts all failed: held at the head of its conversation's outbox. */
export interface DeadLetter {
  readonly deliveryId: string;
  readonly conversationId: string;
  readonly sequence: number;
  readonly url: string;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: number;
}

/**
 * Appends a message: numbers it (INCR), pushes it, and says whether a delivery chain must start (the
 * conversation had none: its `busy` flag was free). The body is stored as `{"sequence":N,"deliveryId":
 * "<conv>.<N>",` + the rest, so the number is fixed with the append in one step.
 */
const APPEND = new RedisScript(`
local seq = redis.call('INCR', KEYS[1])
local item = '{"sequence":' .. seq .. ',"deliveryId":"' .. ARGV[1] .. seq .. '",' .. ARGV[2]
redis.call('RPUSH', KEYS[2], item)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[3]) then return {seq, 1} end
return {seq, 0}
`);

/**
 * Takes the head away when it is message ARGV[1] (delivered or discarded); returns the next head's
 * number, or 0 after freeing the `busy` flag when the outbox is empty.
 */
const POP_HEAD = new RedisScript(`
local head = redis.call('LINDEX', KEYS[1], 0)
local prefix = '{"sequence":' .. ARGV[1] .. ','
if head and string.sub(head, 1, #prefix) == prefix then redis.call('LPOP', KEYS[1]) end
local nextHead = redis.call('LINDEX', KEYS[1], 0)
if not nextHead then
  redis.call('DEL', KEYS[2])
  return 0
end
return tonumber(string.match(nextHead, '^{"sequence":(%d+),'))
`);

/**
 * The HTTP callbacks' state in Redis. Per conversation (one hash tag, so each script touches one slot):
 * `outbox` (list, oldest first), `seq` (the last number given), `busy` (a delivery chain exists or the
 * head is dead-lettered), `url` (the conversation's own callback). Dead letters: one hash for all.
 */
export class CallbackOutbox {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    /** How long an idle conversation's callback state is kept (the transcript's retention). */
    private readonly retentionMs: number,
  ) {}

  private key(conversationId: string, part: 'outbox' | 'seq' | 'busy' | 'url'): string {
    return `${this.prefix}httpcb:{${conversationId}}:${part}`;
  }

  private get deadKey(): string {
    return `${this.prefix}{httpcb}:dead`;
  }

  /** Appends one message (`fields`: a JSON object's text); `startChain` when no delivery runs yet. */
  async append(
    conversationId: string,
    fields: Record<string, unknown>,
  ): Promise<{ sequence: number; startChain: boolean }> {
    const rest = JSON.stringify(fields).slice(1); // without the "{": the script writes the start
    const [sequence, start] = (await APPEND.run(
      this.redis,
      [this.key(conversationId, 'seq'), this.key(conversationId, 'outbox'), this.key(conversationId, 'busy')],
      [`${conversationId}.`, rest, this.retentionMs],
    )) as [number, number];
    return { sequence, startChain: start === 1 };
  }

  /** The message at `index` of the conversation's outbox (0: the head, the only one being delivered). */
  async at(conversationId: string, index: number): Promise<OutboxItem | undefined> {
    const raw = await this.redis.lindex(this.key(conversationId, 'outbox'), index);
    if (raw === null) return undefined;
    const { sequence, deliveryId } = JSON.parse(raw) as { sequence: number; deliveryId: string };
    return { sequence, deliveryId, body: raw };
  }

  /** Removes message `sequence` if it is the head; the next head's number, or 0 (chain ended). */
  async popHead(conversationId: string, sequence: number): Promise<number> {
    return (await POP_HEAD.run(
      this.redis,
      [this.key(conversationId, 'outbox'), this.key(conversationId, 'busy')],
      [sequence],
    )) as number;
  }

  async pending(conversationId: string): Promise<number> {
    return this.redis.llen(this.key(conversationId, 'outbox'));
  }

  async setUrl(conversationId: string, url: string): Promise<void> {
    await this.redis.set(this.key(conversationId, 'url'), url, 'PX', this.retentionMs);
  }

  async urlOf(conversationId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(conversationId, 'url'))) ?? undefined;
  }

  async addDead(letter: DeadLetter): Promise<void> {
    await this.redis.hset(this.deadKey, letter.deliveryId, JSON.stringify(letter));
  }

  async isDead(deliveryId: string): Promise<boolean> {
    return (await this.redis.hexists(this.deadKey, deliveryId)) === 1;
  }

  async dead(): Promise<DeadLetter[]> {
    const all = await this.redis.hvals(this.deadKey);
    return all.map((raw) => JSON.parse(raw) as DeadLetter).sort((a, b) => a.failedAt - b.failedAt);
  }

  /** Takes a dead letter off the list (to replay or discard it); undefined when it was not there. */
  async takeDead(deliveryId: string): Promise<DeadLetter | undefined> {
    const raw = await this.redis.hget(this.deadKey, deliveryId);
    if (raw === null || (await this.redis.hdel(this.deadKey, deliveryId)) === 0) return undefined;
    return JSON.parse(raw) as DeadLetter;
  }
}
