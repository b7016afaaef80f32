import type { Logger } from 'pino';

/** The events of an ioredis connection that tell when it is lost and back. */
export interface WatchedConnection {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/**
 * Logs a Redis connection's trouble once per outage: the first error after it was working (a warning), and
 * its return (info), instead of one line per reconnect attempt. The error count is in hamdel_redis_errors_total.
 */
export function logRedisOutages(connection: WatchedConnection, name: string, log: Logger): void {
  let down = false;
  connection.on('error', (error) => {
    if (down) return;
    down = true;
    log.warn({ err: error, connection: name }, 'Redis connection error; retrying');
  });
  connection.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ connection: name }, 'Redis connection is back');
  });
}
