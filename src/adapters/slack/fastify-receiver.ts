import {
  ReceiverMultipleAckError,
  verifySlackRequest,
  type App,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { slackPayloadVerdict } from './slack-payload-shape.ts';
import { sendError } from '../../core/http-errors.ts';

export interface FastifyReceiverOptions {
  /** The Slack app's signing secret: every request must carry a valid v0 signature made with it. */
  readonly signingSecret: string;
  /** Where Slack sends events and interactions (default "/slack/events"). */
  readonly path?: string;
  /**
   * How long a request waits for Bolt's acknowledgement (an interaction) or for its listeners to finish (an
   * event) before it is answered 500 (Slack then retries or shows an error); default 2 500 ms, within Slack's
   * 3 s.
   */
  readonly ackTimeoutMs?: number;
  /** Milliseconds since epoch for the signature's freshness check (default Date.now). */
  readonly now?: () => number;
}

type Body = Record<string, unknown>;
const PROCESSED = Symbol('processed');
const FAILED = Symbol('failed');
const TIMED_OUT = Symbol('timed out');

/**
 * Bolt's receiver on hamdel's Fastify server: verifies the signature on the raw body (Bolt's own check:
 * HMAC-SHA256 v0 and a timestamp under five minutes old; a bad one is answered 401 and logged), answers
 * Slack's URL verification, and passes retries' `x-slack-retry-num` on to Bolt. An interaction (a button)
 * is answered as soon as its listener acknowledges, while it keeps working. An event is answered once its
 * listeners are done (they only queue work; a customer's turn runs on afterwards): 200 when they succeeded,
 * 500 when one failed or they took longer than `ackTimeoutMs`, so that Slack delivers it again rather than
 * lose it when a process fails between acknowledging and handling.
 */
export class FastifyReceiver implements Receiver {
  private bolt: App | undefined;
  readonly path: string;

  constructor(private readonly o: FastifyReceiverOptions) {
    this.path = o.path ?? '/slack/events';
  }

  init(app: App): void {
    this.bolt = app;
  }

  /** Fastify starts and stops with hamdel; there is nothing to do here. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Adds the route, in a scope of its own where every body is kept as the raw string that was signed. */
  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      scope.post(this.path, (request, reply) => this.handle(request, reply));
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const raw = typeof request.body === 'string' ? request.body : '';
    try {
      verifySlackRequest({
        signingSecret: this.o.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': header(request, 'x-slack-signature') ?? '',
          'x-slack-request-timestamp': Number(header(request, 'x-slack-request-timestamp')),
        },
        ...(this.o.now ? { nowMilliseconds: this.o.now() } : {}),
      });
    } catch (error) {
      request.log.warn(
        { reason: error instanceof Error ? error.message : String(error), ip: request.ip },
        'Slack request refused: bad or missing signature',
      );
      return sendError(reply, 'UNAUTHORIZED', 'Invalid Slack request signature.');
    }
    const body = parseBody(raw, header(request, 'content-type') ?? '');
    if (!body) return sendError(reply, 'MESSAGE_INVALID', 'Unreadable Slack payload.');
    if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
    if (body.ssl_check !== undefined) return reply.send();
    if (!this.bolt) return sendError(reply, 'NOT_READY', 'Slack is starting.');
    const verdict = slackPayloadVerdict(body);
    if (!verdict.handle) {
      const details = { type: body.type, eventId: body.event_id, problem: verdict.reason };
      if (verdict.malformed) request.log.warn(details, 'Slack payload malformed; acknowledged and dropped');
      else request.log.debug(details, 'Slack event nobody listens to; acknowledged');
      return reply.code(200).send();
    }

    let acked = false;
    let answer: (response: unknown) => void = () => undefined;
    const acknowledged = new Promise<unknown>((resolve) => (answer = resolve));
    const retryNum = Number(header(request, 'x-slack-retry-num'));
    const retryReason = header(request, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(retryReason ? { retryReason } : {}),
      ack: async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        answer(response);
      },
    };
    const isEvent = body.type === 'event_callback';
    const processed = this.bolt.processEvent(event).then(
      () => PROCESSED,
      () => FAILED, // logged by the app's error handler
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.o.ackTimeoutMs ?? 2_500);
    });
    const response = await Promise.race(isEvent ? [processed, late] : [acknowledged, processed, late]);
    clearTimeout(timer);
    if (response === TIMED_OUT) {
      request.log.error({ type: body.type }, 'Slack request not handled in time; answered 500');
      return reply.code(500).send();
    }
    if (isEvent && response === FAILED) {
      request.log.warn(
        { eventId: body.event_id },
        'Slack event not handled; answered 500, Slack delivers it again',
      );
      return reply.code(500).send();
    }
    if (response === PROCESSED || response === FAILED || response === undefined || response === '') {
      return reply.code(200).send();
    }
    return typeof response === 'string' ? reply.type('text/plain').send(response) : reply.send(response);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Events come as JSON; interactions as a form with one `payload` field holding JSON. */
function parseBody(raw: string, contentType: string): Body | undefined {
  try {
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      return payload ? (JSON.parse(payload) as Body) : Object.fromEntries(form);
    }
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Body) : undefined;
  } catch {
    return undefined;
  }
}
