import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHamdelError, type ErrorCode } from '../core/errors.ts';
import { asRedisUnavailable } from '../core/redis-errors.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  AUTH_REQUIRED: 401,
  AUTH_FAILED: 401,
  FORBIDDEN_ROLE: 403,
  CROSS_ORIGIN: 403,
  LOGIN_RATE_LIMITED: 429,
  AGENT_NOT_FOUND: 404,
  AGENT_EXISTS: 409,
  AGENT_INVALID: 400,
  PASSWORD_INVALID: 400,
  MESSAGE_INVALID: 400,
  CUSTOMER_KEY_INVALID: 400,
  CUSTOMER_NOT_FOUND: 404,
  CUSTOMER_IN_CHAT: 409,
  REDIS_UNAVAILABLE: 503,
};

/** The HTTP status for an error code (400 when unlisted). */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

/** Sends `{code, message}` with the status the code maps to. */
export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  status = httpStatusOf(code),
) {
  return reply.code(status).send({ code, message });
}

/**
 * Error handler for the agent routes: HamdelErrors as `{code, message}` (Redis away as 503
 * REDIS_UNAVAILABLE), Fastify's own errors (bad JSON,
 * body too large, unsupported media type) with their status and code, anything else as a logged 500
 * that tells the client nothing more.
 */
export function agentErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const reported = asRedisUnavailable(error);
  if (isHamdelError(reported, 'REDIS_UNAVAILABLE')) {
    request.log.warn({ url: request.url }, 'agent request refused: Redis is away');
    reply.header('retry-after', '5');
  }
  if (isHamdelError(reported)) return sendError(reply, reported.code, reported.message);
  const status = error.statusCode ?? 500;
  if (status < 500) {
    return reply.code(status).send({ code: error.code ?? 'MESSAGE_INVALID', message: error.message });
  }
  request.log.error({ err: error }, 'agent route failed');
  return reply.code(500).send({ code: 'INTERNAL_ERROR', message: 'Something went wrong on the server.' });
}
