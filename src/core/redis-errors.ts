import { HamdelError, isHamdelError } from './errors.ts';

/**
 * Whether an error means "Redis is not there right now" rather than "this command was wrong": the one
 * place that knows how ioredis, BullMQ and the network say so. Follows `cause` a few levels deep, so a
 * HamdelError that wraps a connection error counts too.
 */
export function isRedisDown(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (isHamdelError(current, 'REDIS_UNAVAILABLE') || looksDown(current)) return true;
    current = current.cause;
  }
  return false;
}

/** Network error codes of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Error names from ioredis and BullMQ that only a lost or refused connection produces. */
const NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError', 'ConnectionClosedError']);

/** Messages (their start) from ioredis, and reply prefixes of a server that cannot serve yet. */
const MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
  'connect ECONNREFUSED',
  'connect ETIMEDOUT',
  'None of startup nodes is available',
  'Failed to refresh slots cache',
  'LOADING ',
  'MASTERDOWN ',
  'CLUSTERDOWN ',
  'TRYAGAIN ',
  'READONLY ',
];

function looksDown(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (NAMES.has(error.name)) return true;
  return MESSAGES.some((start) => error.message.startsWith(start));
}

/** What a client is told while Redis is away. */
export const REDIS_UNAVAILABLE_MESSAGE =
  'The service cannot reach its database (Redis) right now; try again in a few seconds.';

/**
 * The error to report for `error`: HamdelError('REDIS_UNAVAILABLE') (keeping the original as `cause`)
 * when Redis is away, `error` itself otherwise. Use it wherever an error turns into a code a client sees.
 */
export function asRedisUnavailable(error: unknown): unknown {
  if (isHamdelError(error, 'REDIS_UNAVAILABLE') || !isRedisDown(error)) return error;
  return new HamdelError('REDIS_UNAVAILABLE', REDIS_UNAVAILABLE_MESSAGE, {}, { cause: error });
}
