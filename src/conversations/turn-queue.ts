import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import type { InboundMessage } from '../core/message.ts';
import { isRedisDown } from '../core/redis-errors.ts';
import { RedisLock } from '../core/redis-lock.ts';
import { RedisScript, type RedisConnection } from '../core/redis-script.ts';
import type { TranscriptEntry } from './conversation.ts';
import type { ConversationEvent, ConversationEvents } from './conversation-events.ts';
import { PendingInboxes } from './pending-inboxes.ts';
import { conversationKeys, type ConversationKeys } from './redis-keys.ts';
import { turnIdOf } from './turn-id.ts';

/**
 * Runs one turn for one inbound message and returns the entries it added after the customer's. It may be
 * called again for a message whose earlier run was cut short by a crash, so it must be idempotent by the
 * message's turn id (`turnIdOf`, given as `turnId` when the caller has it); the turn runner
 * (src/dialogs/turn-runner.ts) is.
 */
export type TurnHandler = (message: InboundMessage, turnId?: string) => Promise<readonly TranscriptEntry[]>;

export interface TurnOutcome {
  /** True when this platform message had been delivered before: it was not handled again. */
  readonly duplicate: boolean;
  readonly replies: readonly TranscriptEntry[];
}

export interface TurnQueueOptions {
  readonly redis: RedisConnection;
  readonly events: ConversationEvents;
  readonly handler: TurnHandler;
  readonly prefix?: string;
  readonly clock?: Clock;
  /** How long a process holds a conversation without renewing it; a dead holder is replaced after this (default 5 s). */
  readonly lockMs?: number;
  /** How long a platform message id is remembered in its conversation to drop repeated deliveries (default 24 h). */
  readonly dedupeSeconds?: number;
  /** How long a caller waits for its turn before TURN_TIMEOUT; the message is still answered later (default 30 s). */
  readonly timeoutMs?: number;
  /** How often a waiting caller checks for a result or a dead lock holder (default 250 ms). */
  readonly pollMs?: number;
  /** How often `startSweeping` looks for inboxes that a dead process left (default 1 s). */
  readonly sweepMs?: number;
  readonly onError?: (error: unknown, message: InboundMessage) => void;
  /**
   * Decides a message's conversation before it is queued (ChannelLinking.resolve: a linked channel's
   * messages go to the customer's home conversation). Default: the message's own.
   */
  readonly resolve?: (message: InboundMessage) => Promise<InboundMessage>;
  /**
   * Reads stored transcript entries by id (`ConversationStore.entries`). With it, a turn's result is kept in
   * Redis as the ids of its replies, not their text again; without it, as the replies themselves.
   */
  readonly entries?: (conversationId: string, ids: readonly string[]) => Promise<readonly TranscriptEntry[]>;
  /**
   * Announce each finished turn (`turn-done`) on the conversation's events channel from the script that
   * stores its result, for a RedisConversationEvents with the same prefix (default false: published
   * through `events` after it).
   */
  readonly announce?: boolean;
}

/** A queued message, to wait for its outcome. */
export interface TurnTicket {
  readonly key: string;
  readonly conversationId: string;
  /** The platform message had been delivered before. */
  readonly duplicate: boolean;
  /**
   * This process took the conversation when queueing and is handling its inbox: the message's result as soon
   * as its turn has run (before the inbox is advanced), or undefined if the drain stopped before it.
   */
  readonly local?: Promise<StoredResult | undefined>;
}

interface QueuedTurn {
  readonly key: string;
  readonly message: InboundMessage;
  /** When it was queued (its score among pending inboxes). */
  readonly at: number;
}

interface StoredResult {
  readonly replies: readonly TranscriptEntry[];
  readonly failed?: string;
}

/** A result as Redis keeps it (for repeated deliveries and callers in other processes). */
interface KeptResult {
  readonly replies?: readonly TranscriptEntry[];
  /** The replies' ids, when the queue can read entries back (`entries`). */
  readonly ids?: readonly string[];
  readonly failed?: string;
}

/** Pause between tries to free a conversation whose turn Redis's absence cut short. */
const RELEASE_RETRY_MS = 250;

// KEYS: seen, inbox, lock. Remembers the message id (SET NX) and queues it, atomically; takes the lock if
// it is free and then returns the inbox's head.
const ENQUEUE = new RedisScript(`
local queued = 0
if redis.call('SET', KEYS[1], 'queued', 'NX', 'EX', ARGV[1]) then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  queued = 1
end
if redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return {queued, 1, redis.call('LINDEX', KEYS[2], 0)}
end
return {queued, 0}`);

// KEYS: inbox, seen, lock. Stores the head's result in its seen key and removes it from the inbox, if this
// process still holds (or can retake) the lock. The head is recognised by its key (a queued message's JSON
// starts with {"key":"<key>"), so the message is not sent again. Returns {1, next head} with the lock
// renewed, {0} with the lock released when the inbox is empty, or {-1} when another process holds the
// conversation now. With ARGV[6] (the conversation's events channel, or ''), it then announces ARGV[7] there
// (the turn is done).
const FINISH = new RedisScript(`
local holder = redis.call('GET', KEYS[3])
if holder and holder ~= ARGV[3] then return {-1} end
local head = redis.call('LINDEX', KEYS[1], 0)
if head and string.sub(head, 1, #ARGV[1]) == ARGV[1] then redis.call('LPOP', KEYS[1]) end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5])
if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[6], ARGV[7]) end
local nxt = redis.call('LINDEX', KEYS[1], 0)
if nxt then
  redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
  return {1, nxt}
end
redis.call('DEL', KEYS[3])
return {0}`);

/**
 * Handles the messages of each conversation strictly one at a time and in arrival order, whichever process
 * received them: messages go into a per-conversation inbox list in Redis, and whichever process holds the
 * conversation's lock drains it. A message leaves the inbox only together with its stored result, so a
 * process that dies mid-turn loses nothing: its short lock expires and the sweep of any process (or a
 * waiting caller) takes the inbox over, and the turn handler finishes the interrupted turn instead of
 * repeating it. A repeated delivery of a platform message id in the same conversation is handled once and
 * answered with the first result.
 */
export class TurnQueue {
  private readonly keys: ConversationKeys;
  private readonly pending: PendingInboxes;
  private readonly clock: Clock;
  private readonly lockMs: number;
  private readonly dedupeSeconds: number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private closing = false;

  constructor(private readonly options: TurnQueueOptions) {
    const prefix = options.prefix ?? 'hamdel:';
    this.keys = conversationKeys(prefix);
    this.pending = new PendingInboxes(options.redis, prefix);
    this.clock = options.clock ?? systemClock;
    this.lockMs = options.lockMs ?? 5_000;
    this.dedupeSeconds = options.dedupeSeconds ?? 86_400;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pollMs = options.pollMs ?? 250;
  }

  /** Queues the message and resolves once its turn is done (by this or another process). */
  async submit(message: InboundMessage): Promise<TurnOutcome> {
    return this.outcome(await this.enqueue(message));
  }

  /**
   * Puts the message in its conversation's inbox (or recognizes a repeated delivery). Once this resolves the
   * message is stored and will be handled, even if this process dies. If no process is handling the
   * conversation, this one starts to.
   */
  async enqueue(received: InboundMessage): Promise<TurnTicket> {
    if (this.closing)
      throw new HamdelError('TURN_TIMEOUT', 'This process is shutting down; send the message again.');
    const message = this.options.resolve ? await this.options.resolve(received) : received;
    const key = turnIdOf(message);
    const at = this.clock.now();
    const token = randomUUID();
    const id = message.conversationId;
    const [, reply] = await Promise.all([
      this.pending.add(id, at),
      ENQUEUE.run(
        this.options.redis,
        [this.keys.seen(id, key), this.keys.inbox(id), this.keys.lock(id)],
        [this.dedupeSeconds, JSON.stringify({ key, message, at } satisfies QueuedTurn), token, this.lockMs],
      ) as Promise<[number, number, (string | null)?]>,
    ]);
    const duplicate = reply[0] !== 1;
    if (reply[1] !== 1) return { key, conversationId: id, duplicate };
    let settle: (result: StoredResult | undefined) => void = () => undefined;
    const local = new Promise<StoredResult | undefined>((resolve) => (settle = resolve));
    const ran = (turnKey: string, result: StoredResult) => {
      if (turnKey === key) settle(result);
    };
    const drained = this.drainHeld(
      id,
      new RedisLock(this.lockOf(id, token)),
      reply[2] ?? null,
      undefined,
      ran,
    );
    this.track(drained).then(
      () => settle(undefined),
      () => settle(undefined),
    );
    return { key, conversationId: id, duplicate, local };
  }

  /** Resolves with the ticket's result, handling the inbox when no other process is. */
  async outcome(ticket: TurnTicket): Promise<TurnOutcome> {
    const result = await ticket.local;
    if (result) return this.toOutcome(ticket, result);
    return this.track(this.waitForOutcome(ticket));
  }

  /** Handles every queued message of the conversation if no other process is doing so. */
  async drain(conversationId: string, seenAt?: number): Promise<void> {
    const lock = new RedisLock(this.lockOf(conversationId));
    if (!(await lock.acquire())) return;
    let head: string | null;
    try {
      head = await this.options.redis.lindex(this.keys.inbox(conversationId), 0);
    } catch (error) {
      if (isRedisDown(error)) this.releaseWhenBack(lock);
      throw error;
    }
    await this.drainHeld(conversationId, lock, head, seenAt);
  }

  /** Looks for inboxes left by a dead process every `sweepMs`, and handles them. */
  startSweeping(): void {
    this.sweeper ??= setInterval(() => {
      this.sweeping ??= this.sweep()
        .then(() => undefined)
        .catch(() => undefined) // Redis away: the next sweep tries again.
        .finally(() => {
          this.sweeping = undefined;
        });
    }, this.options.sweepMs ?? 1_000);
    this.sweeper.unref();
  }

  /** One sweep: every conversation with messages queued over a second ago whose lock nobody holds. */
  async sweep(limit = 200): Promise<number> {
    const due = await this.pending.due(this.clock.now() - 1_000, limit);
    await Promise.all(due.map(({ conversationId, at }) => this.drain(conversationId, at)));
    return due.length;
  }

  /**
   * Resolves once every turn this process is running or awaiting has finished, with what followed from it
   * (its effects on the human queue), including turns that started meanwhile. A test that moves the clock
   * itself waits for this first, so that nothing of a turn happens at a later time than the turn.
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Refuses new messages and waits (up to `timeoutMs`) for the turns this process is running or awaiting. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    const settled = Promise.allSettled([...this.inFlight, this.sweeping]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private lockOf(conversationId: string, token?: string) {
    return {
      redis: this.options.redis,
      key: this.keys.lock(conversationId),
      ttlMs: this.lockMs,
      ...(token ? { token } : {}),
    };
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** Handles the inbox from `head` on while holding `lock`; returns the results it stored, by message key. */
  private async drainHeld(
    conversationId: string,
    lock: RedisLock,
    first: string | null,
    seenAt?: number,
    ran?: (key: string, result: StoredResult) => void,
  ): Promise<void> {
    let lastAt = seenAt;
    lock.keepAlive();
    try {
      for (let head = first; head !== null;) {
        const turn = parseTurn(head);
        const result = turn ? await this.run(turn) : { replies: [], failed: 'unreadable queued message' };
        const done = turn
          ? ({ type: 'turn-done', messageKey: turn.key } satisfies ConversationEvent)
          : undefined;
        const announced = done !== undefined && this.options.announce === true;
        // The turn is committed: whoever waits for it may have its result now. Advancing the inbox follows;
        // should this process die before that, the turn is taken over and found committed, not run again.
        if (turn) ran?.(turn.key, result);
        const reply = (await FINISH.run(
          this.options.redis,
          [this.keys.inbox(conversationId), this.keys.seen(conversationId, turn?.key ?? ''), lock.key],
          [
            queuedPrefix(turn?.key, head),
            JSON.stringify(this.kept(result)),
            lock.token,
            this.lockMs,
            this.dedupeSeconds,
            announced ? this.keys.events(conversationId) : '',
            announced ? JSON.stringify(done) : '',
          ],
        )) as [number, string?];
        if (reply[0] === -1) return; // another process holds the conversation now and finishes it
        head = reply[0] === 1 ? (reply[1] ?? null) : null;
        if (turn) lastAt = turn.at;
        // Sent together, without waiting: whoever waits for the turn also polls, and an unsettled
        // conversation is only looked at once more by the sweep.
        const after: Promise<unknown>[] = [];
        if (done && !announced) after.push(this.options.events.publish(conversationId, done));
        if (head === null && lastAt !== undefined) after.push(this.pending.settle(conversationId, lastAt));
        void this.track(Promise.all(after)).catch(() => undefined);
      }
      if (first === null) await lock.release();
    } catch (error) {
      // Redis went away mid-turn: the message stays queued. Free the conversation as soon as Redis answers
      // again, so that a waiting caller or the sweep runs it then, not once the lock has run out.
      if (isRedisDown(error)) this.releaseWhenBack(lock);
      throw error;
    } finally {
      lock.abandon();
    }
  }

  /** Releases `lock` (if still its holder's) once Redis answers, trying for about the lock's life. */
  private releaseWhenBack(lock: RedisLock, triesLeft = Math.ceil(this.lockMs / RELEASE_RETRY_MS)): void {
    lock.release().catch(() => {
      if (triesLeft <= 1 || this.closing) return;
      setTimeout(() => this.releaseWhenBack(lock, triesLeft - 1), RELEASE_RETRY_MS).unref();
    });
  }

  /** Runs the handler; a failure that is not Redis being away is stored as the turn's result. */
  private async run(turn: QueuedTurn): Promise<StoredResult> {
    try {
      return { replies: await this.options.handler(turn.message, turn.key) };
    } catch (error) {
      this.options.onError?.(error, turn.message);
      if (isRedisDown(error)) throw error; // keep the message: it is handled once Redis is back
      return { replies: [], failed: error instanceof Error ? error.message : String(error) };
    }
  }

  private async waitForOutcome(ticket: TurnTicket): Promise<TurnOutcome> {
    const { conversationId, key } = ticket;
    let wake: () => void = () => undefined;
    const unsubscribe = await this.options.events.subscribe(conversationId, (event) => {
      if (event.type === 'turn-done' && event.messageKey === key) wake();
    });
    try {
      const deadline = Date.now() + this.timeoutMs;
      for (;;) {
        const result = await this.readResult(conversationId, key);
        if (result) return this.toOutcome(ticket, result);
        await this.drain(conversationId);
        if (await this.readResult(conversationId, key)) continue;
        if (Date.now() > deadline) {
          throw new HamdelError('TURN_TIMEOUT', `No result for message ${key} in time`, { conversationId });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      await unsubscribe();
    }
  }

  private toOutcome(ticket: TurnTicket, result: StoredResult): TurnOutcome {
    if (result.failed && !ticket.duplicate) {
      throw new HamdelError('TURN_TIMEOUT', `The turn failed: ${result.failed}`, {
        conversationId: ticket.conversationId,
      });
    }
    return { duplicate: ticket.duplicate, replies: result.replies };
  }

  private kept(result: StoredResult): KeptResult {
    if (!this.options.entries) return result;
    return {
      ids: result.replies.map((entry) => entry.id),
      ...(result.failed ? { failed: result.failed } : {}),
    };
  }

  private async readResult(conversationId: string, key: string): Promise<StoredResult | undefined> {
    const raw = await this.options.redis.get(this.keys.seen(conversationId, key));
    if (raw === null || !raw.startsWith('{')) return undefined;
    const kept = JSON.parse(raw) as KeptResult;
    const replies =
      kept.replies ??
      (kept.ids && this.options.entries ? await this.options.entries(conversationId, kept.ids) : []);
    return { replies, ...(kept.failed ? { failed: kept.failed } : {}) };
  }
}

/** How a queued message's JSON starts (`JSON.stringify` keeps `key` first); an unreadable one is matched whole. */
function queuedPrefix(key: string | undefined, raw: string): string {
  return key === undefined ? raw : `{"key":${JSON.stringify(key)},`;
}

function parseTurn(raw: string): QueuedTurn | undefined {
  try {
    return JSON.parse(raw) as QueuedTurn;
  } catch {
    return undefined;
  }
}
