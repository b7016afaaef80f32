import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactPaths, requestSerializer } from './log-redaction.ts';

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

/**
 * hamdel's logger (pino); pretty lines go through pino-pretty in a worker thread, as pino advises. Secrets,
 * cookies and (above debug) message texts are redacted (log-redaction.ts).
 */
export function createLogger(
  options: { readonly level: string; readonly format: LogFormat },
  /** JSON lines go here instead of stdout (tests). */
  destination?: DestinationStream,
): Logger {
  const base: LoggerOptions = {
    level: options.level,
    redact: { paths: redactPaths(options.level), censor: '[redacted]' },
    serializers: { req: requestSerializer },
  };
  if (options.format === 'json') return destination ? pino(base, destination) : pino(base);
  return pino({
    ...base,
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}
