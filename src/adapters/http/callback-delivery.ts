import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Clock } from '../../core/clock.ts';
import { reportRedisErrors, type RedisErrorListener } from '../../core/redis-error-log.ts';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { CallbackOutbox, DeadLetter, OutboxItem } from './callback-outbox.ts';
import { postCallback } from './callback-post.ts';
import { CALLBACK_HEADERS, signCallback } from './callback-signature.ts';
import { defaultUrlFor } from './http-integrators.ts';

export interface CallbackDeliveryOptions {
  readonly connection: RedisConnection;
  readonly prefix: string;
  readonly outbox: CallbackOutbox;
  readonly clock: Clock;
  readonly secret: string;
  /** The integrator's URL for every conversation without its own (HTTP_CHANNEL_CALLBACK_URL). */
  readonly defaultUrl: string | undefined;
  /** Conversations' own URLs may reach http:// and private addresses (development only). */
  readonly allowInsecure: boolean;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
  readonly onError?: RedisErrorListener;
  /** Told of each failed attempt and each dead letter (for the log). */
  readonly onFailure?: (failure: {
    deliveryId: string;
    attempt: number;
    error: string;
    dead: boolean;
  }) => void;
  /** A random number in [0, 1) for the jitter (injected by tests). */
  readonly random?: () => number;
}

interface DeliveryJob {
  readonly conversationId: string;
  readonly sequence: number;
}

/** A later message that found an earlier one still at the head waits this long before it looks again. */
const NOT_YET_MS = 250;
/** The longest pause between two attempts. */
const MAX_BACKOFF_MS = 10 * 60 * 1000;

/**
 * Delivers the HTTP channel's outbox to the integrator's callback with BullMQ, at least once and in order
 * per conversation: a conversation has at most one delivery chain, whose job is for the outbox's head only.
 * A job for a later message that finds an earlier one at the head steps aside (moved to delayed without
 * spending an attempt); a job whose message is gone already completes. After a success the job adds the
 * next message's job (an id per conversation and number, so adding twice is harmless) and pops the head.
 * A failed attempt is retried after `backoffMs · 2^(n-1)` (half of it random); the last failure moves the
 * message to the dead-letter list and holds the conversation there until an admin replays or discards it:
 * later messages wait behind it, in order, and are sent after it.
 */
export class CallbackDelivery {
  private readonly queue: Queue<DeliveryJob>;
  private readonly worker: Worker<DeliveryJob>;

  constructor(private readonly o: CallbackDeliveryOptions) {
    const prefix = `${o.prefix}{httpcb}bull`; // one hash tag: every key of the queue in one slot
    this.queue = new Queue<DeliveryJob>('http-callbacks', { connection: o.connection, prefix });
    const random = o.random ?? Math.random;
    this.worker = new Worker<DeliveryJob>('http-callbacks', (job, token) => this.process(job, token), {
      connection: o.connection,
      prefix,
      concurrency: 16,
      autorun: false,
      settings: {
        backoffStrategy: (attemptsMade: number) => {
          const full = Math.min(o.backoffMs * 2 ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
          return Math.round(full / 2 + (full / 2) * random());
        },
      },
    });
    if (o.onError) {
      reportRedisErrors(this.queue, 'bullmq queue http-callbacks', o.onError);
      reportRedisErrors(this.worker, 'bullmq worker http-callbacks', o.onError);
    }
  }

  start(): void {
    void this.worker.run();
  }

  /** Starts a conversation's chain at message `sequence` (`tag` makes a replay a new job). */
  async schedule(conversationId: string, sequence: number, tag = ''): Promise<void> {
    await this.queue.add(
      'deliver',
      { conversationId, sequence },
      {
        jobId: `${encodeURIComponent(conversationId)}-${sequence}${tag}`,
        attempts: this.o.attempts,
        backoff: { type: 'hamdel' },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /**
   * Makes sure a conversation's head has a job, unless it is dead-lettered (held): called with each message
   * that joins a running chain, it restarts a chain a crash broke between an append and its job. Harmless
   * otherwise: a job of the same id that exists is not added again, and one for a message already sent
   * completes without sending.
   */
  async nudge(conversationId: string): Promise<void> {
    const head = await this.o.outbox.at(conversationId, 0);
    if (!head || (await this.o.outbox.isDead(head.deliveryId))) return;
    await this.schedule(conversationId, head.sequence);
  }

  /** The dead letters, oldest first. */
  dead(): Promise<DeadLetter[]> {
    return this.o.outbox.dead();
  }

  /** Sends a dead letter again (fresh attempts); its conversation's later messages follow. */
  async replay(deliveryId: string): Promise<DeadLetter | undefined> {
    const letter = await this.o.outbox.takeDead(deliveryId);
    if (letter) await this.schedule(letter.conversationId, letter.sequence, `-r${this.o.clock.now()}`);
    return letter;
  }

  /** Drops a dead letter for good; its conversation's later messages are sent. */
  async discard(deliveryId: string): Promise<DeadLetter | undefined> {
    const letter = await this.o.outbox.takeDead(deliveryId);
    if (letter) await this.continueAfter(letter.conversationId, letter.sequence);
    return letter;
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }

  private async process(job: Job<DeliveryJob>, token: string | undefined): Promise<string> {
    const { conversationId, sequence } = job.data;
    const head = await this.o.outbox.at(conversationId, 0);
    if (!head || head.sequence > sequence) return 'delivered before';
    if (head.sequence < sequence) {
      await job.moveToDelayed(Date.now() + NOT_YET_MS, token); // BullMQ keeps its own (real) time
      throw new DelayedError();
    }
    const attempt = job.attemptsMade + 1;
    const defaultUrl = defaultUrlFor(conversationId, this.o.defaultUrl);
    const url = (await this.o.outbox.urlOf(conversationId)) ?? defaultUrl;
    try {
      if (!url) throw new Error('no callback URL is set for this conversation');
      await this.post(url, head, attempt, url !== defaultUrl);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = attempt >= this.o.attempts;
      this.o.onFailure?.({ deliveryId: head.deliveryId, attempt, error: message, dead });
      if (!dead) throw error;
      await this.o.outbox.addDead({
        deliveryId: head.deliveryId,
        conversationId,
        sequence,
        url: url ?? '',
        attempts: attempt,
        error: message,
        failedAt: this.o.clock.now(),
      });
      return 'dead-lettered';
    }
    await this.continueAfter(conversationId, sequence);
    return 'delivered';
  }

  /** The head is done with: the next message's job is added first, so a crash here loses no chain. */
  private async continueAfter(conversationId: string, sequence: number): Promise<void> {
    const next = await this.o.outbox.at(conversationId, 1);
    if (next) await this.schedule(conversationId, next.sequence);
    const after = await this.o.outbox.popHead(conversationId, sequence);
    if (after !== 0 && after !== next?.sequence) await this.schedule(conversationId, after);
  }

  private async post(url: string, item: OutboxItem, attempt: number, ownUrl: boolean): Promise<void> {
    const timestamp = Math.floor(this.o.clock.now() / 1000);
    const status = await postCallback(
      url,
      {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'hamdel-callback/1',
        [CALLBACK_HEADERS.timestamp]: String(timestamp),
        [CALLBACK_HEADERS.signature]: signCallback(this.o.secret, timestamp, item.body),
        [CALLBACK_HEADERS.deliveryId]: item.deliveryId,
        'x-hamdel-attempt': String(attempt),
      },
      item.body,
      { timeoutMs: this.o.timeoutMs, publicOnly: ownUrl && !this.o.allowInsecure },
    );
    if (status < 200 || status >= 300) throw new Error(`the callback answered ${status}`);
  }
}
