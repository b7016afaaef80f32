import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHamdelError, type ErrorCode } from './errors.ts';
import { asRedisUnavailable } from './redis-errors.ts';

/**
 * The one way hamdel answers an HTTP error: `{code, message}` with a code from docs/errors.md and the
 * status the code maps to. Routes call `sendError`; everything thrown (by a route, a hook, a plugin such
 * as the rate limiter, or Fastify itself while reading a body) goes through `handleError`, and unknown
 * paths through `handleNotFound`.
 */
const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHORIZED: 401,
  AUTH_REQUIRED: 401,
  AUTH_FAILED: 401,
  FORBIDDEN_ROLE: 403,
  AGENT_DEACTIVATED: 403,
  CROSS_ORIGIN: 403,
  NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  CONTENT_NOT_FOUND: 404,
  DEAD_LETTER_NOT_FOUND: 404,
  INBOX_GROUP_NOT_FOUND: 404,
  LINK_NOT_FOUND: 404,
  AGENT_EXISTS: 409,
  SELF_DEACTIVATION: 409,
  LAST_ACTIVE_ADMIN: 409,
  CUSTOMER_IN_CHAT: 409,
  CONTENT_CONFLICT: 409,
  CONTENT_EXISTS: 409,
  DUPLICATE_QUESTION: 409,
  MESSAGE_TOO_LARGE: 413,
  BODY_TOO_LARGE: 413,
  MEDIA_TYPE_UNSUPPORTED: 415,
  RATE_LIMITED: 429,
  LOGIN_RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  DELIVERY_BUSY: 500,
  CHANNEL_DISABLED: 503,
  DRAFT_BUSY: 503,
  NOT_READY: 503,
  CONTENT_BUSY: 503,
  INBOX_BUSY: 503,
  REDIS_UNAVAILABLE: 503,
  TURN_TIMEOUT: 503,
};

/** The HTTP status for an error code (400 when unlisted: the request was not right). */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

/** Sends `{code, message}` with the status the code maps to (or the one given). */
export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  status = httpStatusOf(code),
): FastifyReply {
  return reply.code(status).send({ code, message });
}

/** Fastify's own errors (reading the body, routing) under the code and words hamdel documents. */
const FASTIFY_ERRORS: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'MEDIA_TYPE_UNSUPPORTED',
    message: 'Send the body as JSON with Content-Type: application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MESSAGE_INVALID',
    message: 'The body is empty; send a JSON object (`{}` when there is nothing to send).',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MESSAGE_INVALID', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'MESSAGE_INVALID',
    message: 'Content-Length does not match the body.',
  },
  FST_ERR_BAD_URL: { code: 'MESSAGE_INVALID', message: 'The URL is not valid.' },
  FST_ERR_NOT_FOUND: { code: 'NOT_FOUND', message: 'Nothing is here.' },
};

/** What a thrown error becomes on the wire: status, code, message; `internal` when it must be logged. */
export function describeError(error: unknown): {
  status: number;
  code: ErrorCode;
  message: string;
  internal: boolean;
} {
  const reported = asRedisUnavailable(error);
  if (isHamdelError(reported)) {
    return {
      status: httpStatusOf(reported.code),
      code: reported.code,
      message: reported.message,
      internal: false,
    };
  }
  const fastify = error as Partial<FastifyError>;
  const known = fastify.code ? FASTIFY_ERRORS[fastify.code] : undefined;
  if (known) return { status: httpStatusOf(known.code), ...known, internal: false };
  const status = typeof fastify.statusCode === 'number' ? fastify.statusCode : 500;
  if (status === 429) {
    return { status, code: 'RATE_LIMITED', message: 'Too many requests; wait a moment.', internal: false };
  }
  if (status >= 400 && status < 500) {
    // Another client error (a body the JSON parser refused, such as one with "__proto__", a bad header).
    return { status: 400, code: 'MESSAGE_INVALID', message: 'The request is not valid.', internal: false };
  }
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    message: 'Something went wrong on the server.',
    internal: true,
  };
}

/** The app's error handler: every error on every route as `{code, message}`. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, code, message, internal } = describeError(error);
  if (internal) request.log.error({ err: error, url: request.url }, 'request failed');
  else if (code === 'REDIS_UNAVAILABLE')
    request.log.warn({ url: request.url }, 'request refused: Redis is away');
  if (code === 'REDIS_UNAVAILABLE') reply.header('retry-after', '5');
  return sendError(reply, code, message, status);
}

/** The app's not-found handler (unknown routes, and files @fastify/static does not have). */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(reply, 'NOT_FOUND', `Nothing is at ${request.method} ${request.url.split('?')[0]}.`);
}
