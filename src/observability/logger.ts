import { pino, type Logger, type LoggerOptions } from 'pino';

/** How log lines look: colored and one line per event for people, or JSON for log collectors. */
export type LogFormat = 'pretty' | 'json';

/**
 * The log format: the setting when there is one; otherwise pretty on a terminal outside production, JSON
 * everywhere else (a container, a service, a file, CI).
 */
export function resolveLogFormat(
  setting: LogFormat | undefined,
  env: { readonly NODE_ENV?: string | undefined } = process.env,
  isTTY: boolean = process.stdout.isTTY === true,
): LogFormat {
  if (setting) return setting;
  return env.NODE_ENV !== 'production' && isTTY ? 'pretty' : 'json';
}

/** hamdel's logger (pino); pretty lines go through pino-pretty in a worker thread, as pino advises. */
export function createLogger(options: { readonly level: string; readonly format: LogFormat }): Logger {
  const base: LoggerOptions = { level: options.level };
  if (options.format === 'json') return pino(base);
  return pino({
    ...base,
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}
