import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import { RedisLock } from '../../core/redis-lock.ts';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { ChannelLog } from './telegram-adapter.ts';
import { ALLOWED_UPDATES } from './telegram-updates.ts';

export interface TelegramPollingOptions {
  /** The bot, with its middleware installed. */
  readonly bot: Bot;
  readonly redis: RedisConnection;
  /** The lease's key: one poller at a time among the processes that share it. */
  readonly key: string;
  /**
   * How long the lease outlives a holder that stopped renewing it (a process that died). The holder renews
   * it every third of this; the others try to take it every half of this.
   */
  readonly leaseMs: number;
  readonly log: ChannelLog;
}

/**
 * Long polling held by one process at a time. Telegram answers 409 Conflict when two getUpdates of one bot
 * overlap, so the processes of an installation share a Redis lease: the holder polls (with @grammyjs/runner)
 * and renews the lease; the others try to take it every half lease, and one of them starts polling once the
 * holder is gone (closed: at its next try; died: once the lease expires). Updates the old holder fetched but
 * had not confirmed come again to the new one, and their ids (claimed in Redis) make sure each is handled
 * once. A runner that stopped (401, 409) is started again at the next try while the lease is held.
 */
export class TelegramPolling {
  private readonly lease: RedisLock;
  private runner: RunnerHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly o: TelegramPollingOptions) {
    this.lease = new RedisLock({ redis: o.redis, key: o.key, ttlMs: o.leaseMs });
  }

  /** Whether this process polls now. */
  get polling(): boolean {
    return this.runner?.isRunning() ?? false;
  }

  /** Tries to take the lease now (and polls if it did), then again every half lease. */
  async start(): Promise<void> {
    await this.tick();
    this.timer ??= setInterval(() => void this.tick(), Math.max(50, Math.floor(this.o.leaseMs / 2)));
    this.timer.unref();
  }

  /** Stops polling and hands the lease on at once. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.round;
    await this.stopPolling();
    await this.lease.release().catch((error: unknown) => {
      this.o.log.warn({ err: error }, 'Telegram polling lease not released; it expires by itself');
    });
  }

  /** One round at a time. */
  private tick(): Promise<void> {
    this.round ??= this.step()
      .catch((error: unknown) => this.o.log.error({ err: error }, 'Telegram polling lease round failed'))
      .finally(() => (this.round = undefined));
    return this.round;
  }

  private async step(): Promise<void> {
    if (this.closed) return;
    // Acquire-or-extend with this process's token: true while this process holds the lease.
    if (!(await this.lease.acquire())) {
      if (this.runner) {
        this.o.log.warn({}, 'Telegram polling lease taken by another process; this one stops polling');
        this.lease.abandon();
        await this.stopPolling();
      }
      return;
    }
    if (this.polling || this.closed) return;
    await this.startPolling();
  }

  private async startPolling(): Promise<void> {
    const { bot, log } = this.o;
    await this.stopPolling(); // a runner that stopped by itself (409, 401) is replaced
    // getUpdates is refused while a webhook is set.
    await bot.api
      .deleteWebhook()
      .catch((error: unknown) => log.error({ err: error }, 'deleteWebhook failed'));
    this.lease.keepAlive(() => {
      log.warn({}, 'Telegram polling lease lost; this process stops polling');
      this.lease.abandon();
      void this.stopPolling();
    });
    const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    this.runner = runner;
    // The runner stops for good on 401 (wrong token) and 409 (a poller outside this Redis uses the token).
    runner.task()?.catch((error: unknown) => log.error({ err: error }, 'Telegram long polling stopped'));
    log.info({}, 'Telegram long polling started in this process');
  }

  private async stopPolling(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (runner?.isRunning()) await runner.stop();
  }
}
