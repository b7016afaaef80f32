import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { isHamdelError } from '../../core/errors.ts';
import { sendError } from '../../core/http-errors.ts';
import { asRedisUnavailable } from '../../core/redis-errors.ts';
import { LANGUAGES } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import { checkCallbackUrl } from './callback-url.ts';
import {
  integratorOfConversation,
  integratorOfRequest,
  scopedId,
  type HttpIntegrator,
} from './http-integrators.ts';
import { replyView } from './reply-view.ts';

export interface HttpChannelOptions {
  readonly turns: TurnQueue;
  readonly clock: Clock;
  /** The integrators and their bearer tokens (http-integrators.ts); the channel is off without any. */
  readonly integrators: readonly HttpIntegrator[];
  readonly maxMessageChars: number;
  /** Where conversations are read for `GET /api/conversations/:id/messages`. */
  readonly store: ConversationStore;
  /** The way back (callbacks); without it `callbackUrl` is refused. */
  readonly callbacks?: {
    readonly outbox: CallbackOutbox;
    /** HTTP_CHANNEL_CALLBACK_SECRET is set: callbacks can be signed. */
    readonly canSign: boolean;
    readonly allowInsecure: boolean;
  };
}

/** Most entries one poll returns. */
const POLL_LIMIT = 200;
const pollQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,20}-\d{1,20}$/, 'must be an entry id such as 1765100000000-0')
    .optional(),
  limit: z.coerce.number().int().min(1).max(POLL_LIMIT).default(50),
});

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
  /** Where this conversation's later messages are POSTed (instead of HTTP_CHANNEL_CALLBACK_URL). */
  callbackUrl: z.string().max(2000).optional(),
});

/**
 * A plain HTTP channel for integrators: POST /api/messages with JSON, get the bot's replies as JSON,
 * including which article was chosen and with what score. Requires `Authorization: Bearer <token>`,
 * checked before the body is read. Each token is an integrator's, and reaches only that integrator's
 * conversations: another's is answered 404 CONVERSATION_NOT_FOUND, as one that does not exist.
 */
export async function registerHttpChannel(app: FastifyInstance, options: HttpChannelOptions): Promise<void> {
  const callers = new WeakMap<FastifyRequest, HttpIntegrator>();
  const callerOf = (request: FastifyRequest): HttpIntegrator => {
    const caller = callers.get(request);
    if (!caller) throw new Error('the HTTP channel route ran without its token check');
    return caller;
  };
  /** The token is checked on the request line, before a body is read: without it nothing is parsed. */
  const checkToken = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.integrators.length === 0) {
      return sendError(
        reply,
        'CHANNEL_DISABLED',
        'The HTTP channel is off: set HTTP_CHANNEL_TOKEN to turn it on.',
      );
    }
    const caller = integratorOfRequest(options.integrators, request.headers.authorization);
    if (!caller) {
      request.log.warn('HTTP channel: missing or wrong bearer token');
      return sendError(reply, 'UNAUTHORIZED', 'Send Authorization: Bearer <token>.');
    }
    callers.set(request, caller);
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
    const caller = callerOf(request).name;
    const conversationId = `http-${scopedId(caller, body.conversationId ?? body.customerId)}`;
    if (body.callbackUrl !== undefined) {
      const refused = await rememberCallback(options, conversationId, body.callbackUrl);
      if (refused) return sendError(reply, 'CALLBACK_URL_INVALID', refused);
    }
    const message: InboundMessage = {
      direction: 'in',
      channel: 'http',
      conversationId,
      customer: {
        id: scopedId(caller, body.customerId),
        ...(body.customerName ? { displayName: body.customerName } : {}),
      },
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
        replies: outcome.replies.map((entry) => replyView(entry)),
      };
    } catch (error) {
      if (isHamdelError(asRedisUnavailable(error), 'REDIS_UNAVAILABLE')) throw error; // 503, Retry-After
      request.log.error({ err: error }, 'HTTP channel turn failed');
      const code = isHamdelError(error) ? error.code : 'TURN_TIMEOUT';
      return sendError(reply, code, 'The message could not be answered in time; send it again.', 503);
    }
  });

  /**
   * For integrators who poll: the messages to the customer after entry `after` (oldest first, at most
   * `limit`), and `next`, the id to ask after next time (the last entry read, the customer's included).
   */
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/conversations/:id/messages',
    { onRequest: checkToken },
    async (request, reply) => {
      const query = pollQuery.safeParse(request.query);
      if (!query.success) {
        return sendError(
          reply,
          'MESSAGE_INVALID',
          query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      const { id } = request.params;
      // Another integrator's conversation is not this token's to read: told as one that does not exist.
      const own = id.startsWith('http-') && integratorOfConversation(id) === callerOf(request).name;
      const conversation = own ? await options.store.get(id) : undefined;
      if (!conversation || conversation.channel !== 'http') {
        return sendError(
          reply,
          'CONVERSATION_NOT_FOUND',
          `No HTTP channel conversation of this token has the id "${id}"`,
        );
      }
      const { after, limit } = query.data;
      const entries = await options.store.transcript(id, { ...(after ? { after } : {}), limit: limit + 1 });
      const page = entries.slice(0, limit);
      return {
        conversationId: id,
        state: conversation.state,
        messages: page.filter((e) => e.author.kind !== 'customer').map((e) => replyView(e)),
        next: page.at(-1)?.id ?? after ?? null,
        more: entries.length > limit,
      };
    },
  );
}

/** Stores a conversation's callback URL; the reason when it is refused. */
async function rememberCallback(
  options: HttpChannelOptions,
  conversationId: string,
  raw: string,
): Promise<string | undefined> {
  if (!options.callbacks?.canSign) {
    return 'callbackUrl needs HTTP_CHANNEL_CALLBACK_SECRET on the server (callbacks are always signed)';
  }
  try {
    const url = checkCallbackUrl(raw, options.callbacks.allowInsecure);
    await options.callbacks.outbox.setUrl(conversationId, url.href);
    return undefined;
  } catch (error) {
    if (isHamdelError(error, 'CALLBACK_URL_INVALID')) return error.message;
    throw error;
  }
}
