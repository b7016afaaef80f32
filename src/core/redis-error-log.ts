import type { EventEmitter } from 'node:events';
import { systemClock, type Clock } from './clock.ts';

/** What is reported about a Redis connection's errors: a batch of them, or that it is back. */
export type RedisErrorReport =
  | {
      readonly kind: 'error';
      /** The connection's name ("commands", "events", "bullmq", a BullMQ pool...). */
      readonly connection: string;
      /** The newest error. */
      readonly error: Error;
      /** Errors since the last report, this one included. */
      readonly count: number;
    }
  | {
      readonly kind: 'recovered';
      readonly connection: string;
      /** Errors since the last report (not reported one by one). */
      readonly count: number;
    };

export type RedisErrorListener = (report: RedisErrorReport) => void;

export interface ErrorReportOptions {
  /** Errors are reported at most this often per connection; the first at once (default 30 s). */
  readonly intervalMs?: number;
  readonly clock?: Clock;
}

/**
 * Listens for `error` on a Redis connection, or on anything that re-emits its connection's errors (BullMQ
 * queues and workers), so that none is ever unhandled, and passes them on at a sane rate: the first error
 * at once, then at most one report per interval with the count of errors in between (ioredis emits one
 * per failed reconnection attempt, many a second). When the connection is ready again after errors,
 * `recovered` is reported.
 */
export function reportRedisErrors(
  emitter: EventEmitter,
  connection: string,
  listener: RedisErrorListener,
  options: ErrorReportOptions = {},
): void {
  const intervalMs = options.intervalMs ?? 30_000;
  const clock = options.clock ?? systemClock;
  let lastReport = Number.NEGATIVE_INFINITY;
  let unreported = 0;
  let failing = false;
  emitter.on('error', (error: Error) => {
    unreported += 1;
    failing = true;
    const now = clock.now();
    if (now - lastReport < intervalMs) return;
    lastReport = now;
    const count = unreported;
    unreported = 0;
    listener({ kind: 'error', connection, error, count });
  });
  emitter.on('ready', () => {
    if (!failing) return;
    failing = false;
    const count = unreported;
    unreported = 0;
    lastReport = Number.NEGATIVE_INFINITY; // the next outage is reported at once
    listener({ kind: 'recovered', connection, count });
  });
}

/** A listener that writes reports to a pino-like logger: errors as warnings, recovery as info. */
export function logRedisErrors(log: {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}): RedisErrorListener {
  return (report) => {
    if (report.kind === 'error') {
      log.warn(
        { err: report.error, connection: report.connection, errors: report.count },
        'Redis connection error (retrying; further errors are summarized)',
      );
    } else {
      log.info({ connection: report.connection, errors: report.count }, 'Redis connection is back');
    }
  };
}
