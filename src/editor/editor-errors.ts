import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHamdelError, type ErrorCode } from '../core/errors.ts';
import { handleError, httpStatusOf } from '../core/http-errors.ts';

/**
 * What an editor route's error tells the page beyond `{code, message}`: a conflict carries the file as it
 * is on disk now (`current: {text, version}`, null when it is gone), a refused article the parser's reason.
 */
const DETAILS: Partial<Record<ErrorCode, readonly string[]>> = {
  CONTENT_CONFLICT: ['current'],
  ARTICLE_INVALID: ['reason'],
};

/**
 * The error handler of the /api/editor/… routes: `{code, message}` as everywhere (core/http-errors.ts),
 * plus the fields of `DETAILS` for the codes that have them (web/editor/api.ts puts them in
 * `ApiError.details`).
 */
export function handleEditorError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const names = isHamdelError(error) ? DETAILS[error.code] : undefined;
  if (!isHamdelError(error) || !names) return handleError(error, request, reply);
  const details = Object.fromEntries(
    names.filter((name) => name in error.context).map((name) => [name, error.context[name]]),
  );
  return reply.code(httpStatusOf(error.code)).send({ code: error.code, message: error.message, ...details });
}
