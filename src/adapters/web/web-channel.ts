import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { Conversation } from '../../conversations/conversation.ts';
import type { ConversationEvents } from '../../conversations/conversation-events.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { FrameLimits } from './frame-limits.ts';
import { isOriginAllowed } from './origin.ts';
import { CLOSE_CODES, type ServerFrame } from './protocol.ts';
import type { VisitorRegistry } from './visitor-registry.ts';
import type { WebConnections } from './web-connections.ts';
import { identify } from './web-identity.ts';
import { parseLanguage, WebSession, type WebSessionLimits } from './web-session.ts';

export interface WebChannelOptions {
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly turns: TurnQueue;
  readonly clock: Clock;
  readonly allowedOrigins: readonly string[];
  readonly maxMessageChars: number;
  readonly ratePerMinute: number;
  /** What one connection may cost (replay size, hellos per minute, send buffer). */
  readonly limits: WebSessionLimits;
  /** Connections per address and per process, and what they did. */
  readonly connections: WebConnections;
  /** The anonymous visitors' credentials. */
  readonly visitors: VisitorRegistry;
  /** IDENTITY_SECRET: signed site users are accepted only with it. */
  readonly identitySecret: string | undefined;
  /** Per-customer limits on every frame type (default none). */
  readonly frameLimits?: FrameLimits;
  /** A waiting customer's live line as it stands (HandoffService.shownWait; none without a human side). */
  readonly waitOf?: (conversation: Conversation) => Promise<{ position: number; text: string } | undefined>;
  /** A linked visitor's home conversation (ConversationLinks.homeOf; default: none is linked). */
  readonly homeOf?: (conversationId: string) => Promise<string | undefined>;
}

/**
 * The widget's WebSocket endpoint, GET /ws?lang=<fa|ar|en>. The URL names nobody: who the client is comes
 * in its first `hello` (a signed site user, or an anonymous visitor's server-issued id and secret, or
 * nothing for a new visitor; see protocol.ts and docs/identity.md), so no credential reaches request logs.
 * The page's origin must be on the allow-list. Connections past the limits per client address and per
 * process are closed with 1013 (the widget tries again later).
 */
export async function registerWebChannel(app: FastifyInstance, options: WebChannelOptions): Promise<void> {
  const identities = { visitors: options.visitors, identitySecret: options.identitySecret };
  app.get('/ws', { websocket: true }, async (socket, request) => {
    // A refused origin is told over the socket (a browser cannot read an HTTP refusal of an upgrade),
    // and the connection is closed with 1008 so the widget stops trying.
    if (!isOriginAllowed(request.headers.origin, options.allowedOrigins)) {
      request.log.warn({ origin: request.headers.origin }, 'widget origin refused');
      refuse(socket, 'ORIGIN_FORBIDDEN', 'The chat is not available on this site.', {
        code: CLOSE_CODES.ORIGIN_FORBIDDEN,
        reason: 'origin not allowed',
      });
      return;
    }
    const address = request.ip;
    if (!options.connections.admit(address)) {
      request.log.warn({ address }, 'widget connection refused: too many connections');
      refuse(socket, 'TOO_MANY_CONNECTIONS', 'Too many chat connections; trying again shortly.', {
        code: CLOSE_CODES.TRY_AGAIN_LATER,
        reason: 'too many connections',
      });
      return;
    }
    socket.once('close', () => options.connections.release(address));
    const query = request.query as Record<string, unknown>;
    const session = new WebSession({
      socket,
      stream: request.socket,
      identify: (hello) => identify(hello, identities),
      pageLanguage: parseLanguage(query.lang),
      ...(request.headers.origin ? { site: request.headers.origin } : {}),
      store: options.store,
      events: options.events,
      turns: options.turns,
      clock: options.clock,
      maxMessageChars: options.maxMessageChars,
      ratePerMinute: options.ratePerMinute,
      limits: options.limits,
      connections: options.connections,
      ...(options.frameLimits ? { frameLimits: options.frameLimits } : {}),
      ...(options.waitOf ? { waitOf: options.waitOf } : {}),
      ...(options.homeOf ? { homeOf: options.homeOf } : {}),
      address: request.ip,
      log: request.log,
    });
    await session.start();
  });
}

/** Tells a refused widget why over the socket (a browser cannot read an HTTP refusal of an upgrade), then closes. */
function refuse(
  socket: { send(data: string): void; close(code: number, reason: string): void },
  code: Extract<ServerFrame, { type: 'error' }>['code'],
  message: string,
  close: { code: number; reason: string },
): void {
  const frame: ServerFrame = { type: 'error', code, message };
  socket.send(JSON.stringify(frame));
  socket.close(close.code, close.reason);
}
