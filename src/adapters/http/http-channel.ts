import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { isHamdelError } from '../../core/errors.ts';
import { sendError } from '../../core/http-errors.ts';
import { asRedisUnavailable } from '../../core/redis-errors.ts';
import { LANGUAGES } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { Language } from '../../core/language.ts';
import { directionOfLanguage, layOutText } from '../../rich-text/bidi-layout.ts';
import { renderPlainText } from '../../rich-text/plain-text.ts';

export interface HttpChannelOptions {
  readonly turns: TurnQueue;
  readonly clock: Clock;
  /** Bearer token integrators must send; the channel is off without one. */
  readonly token: string | undefined;
  readonly maxMessageChars: number;
}

const bodySchema = z.object({
  /** The integrator's id for the customer. */
  customerId: z.string().regex(/^[\w.@:-]{1,120}$/),
  /** The integrator's id for the conversation (default: one conversation per customer). */
  conversationId: z
    .string()
    .regex(/^[\w.@:-]{1,120}$/)
    .optional(),
  text: z.string().trim().min(1, 'text is empty'),
  /** The integrator's id for this message; a repeated id is handled once. Default: a new id. */
  messageId: z
    .string()
    .regex(/^[\w.@:-]{1,120}$/)
    .optional(),
  /** When the integrator knows the customer's language. */
  language: z.enum(LANGUAGES).optional(),
  customerName: z.string().max(200).optional(),
});

/**
 * A plain HTTP channel for integrators: POST /api/messages with JSON, get the bot's replies as JSON,
 * including which article was chosen and with what score. Requires `Authorization: Bearer <token>`,
 * checked before the body is read.
 */
export async function registerHttpChannel(app: FastifyInstance, options: HttpChannelOptions): Promise<void> {
  /** The token is checked on the request line, before a body is read: without it nothing is parsed. */
  const checkToken = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!options.token) {
      return sendError(
        reply,
        'CHANNEL_DISABLED',
        'The HTTP channel is off: set HTTP_CHANNEL_TOKEN to turn it on.',
      );
    }
    if (!hasToken(request, options.token)) {
      request.log.warn('HTTP channel: missing or wrong bearer token');
      return sendError(reply, 'UNAUTHORIZED', 'Send Authorization: Bearer <token>.');
    }
    return undefined;
  };

  app.post('/api/messages', { onRequest: checkToken }, async (request, reply) => {
    const parsed = bodySchema.safeParse(request.body);
    if (!parsed.success) {
      return sendError(
        reply,
        'MESSAGE_INVALID',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const body = parsed.data;
    if ([...body.text].length > options.maxMessageChars) {
      return sendError(
        reply,
        'MESSAGE_TOO_LARGE',
        `text is longer than ${options.maxMessageChars} characters`,
      );
    }
    const conversationId = `http-${body.conversationId ?? body.customerId}`;
    const message: InboundMessage = {
      direction: 'in',
      channel: 'http',
      conversationId,
      customer: { id: body.customerId, ...(body.customerName ? { displayName: body.customerName } : {}) },
      text: body.text,
      sentAt: options.clock.now(),
      platformMessageId: body.messageId ?? randomUUID(),
      raw: request.body,
      ...(body.language ? { languageHint: body.language } : {}),
    };
    try {
      const outcome = await options.turns.submit(message);
      return {
        conversationId,
        duplicate: outcome.duplicate,
        replies: outcome.replies.map((entry) => ({
          id: entry.id,
          text: entry.text,
          // For an app that shows no Markdown: the same message as plain text, other-direction runs isolated.
          plainText: plainTextOf(entry.text, entry.language),
          language: entry.language,
          kind: entry.meta?.kind,
          ...(entry.meta?.articleId ? { articleId: entry.meta.articleId, score: entry.meta.score } : {}),
          ...(entry.meta?.candidates ? { candidates: entry.meta.candidates } : {}),
          ...(entry.choices ? { choices: entry.choices } : {}),
        })),
      };
    } catch (error) {
      if (isHamdelError(asRedisUnavailable(error), 'REDIS_UNAVAILABLE')) throw error; // 503, Retry-After
      request.log.error({ err: error }, 'HTTP channel turn failed');
      const code = isHamdelError(error) ? error.code : 'TURN_TIMEOUT';
      return sendError(reply, code, 'The message could not be answered in time; send it again.', 503);
    }
  });
}

/** A reply's Markdown as plain text, laid out like every channel's (src/rich-text/). */
function plainTextOf(text: string, language: Language | undefined): string {
  return renderPlainText(layOutText(text, { fallback: directionOfLanguage(language ?? 'en') }));
}

function hasToken(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
