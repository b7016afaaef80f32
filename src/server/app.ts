import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { handleError } from '../core/http-errors.ts';
import { RedisRateLimit } from '../core/redis-rate-limit.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { TurnQueue } from '../conversations/turn-queue.ts';
import { registerHttpChannel, type HttpChannelOptions } from '../adapters/http/http-channel.ts';
import { redisFrameLimits } from '../adapters/web/frame-limits.ts';
import { httpIntegrators } from '../adapters/http/http-integrators.ts';
import { registerWebChannel, type WebChannelOptions } from '../adapters/web/web-channel.ts';
import {
  registerWidgetScriptRoutes,
  type WidgetScriptSources,
} from '../adapters/web/widget-script-routes.ts';
import { registerHealthRoutes } from '../observability/health-routes.ts';
import type { Metrics } from '../observability/metrics.ts';
import { registerMetricsRoute } from '../observability/metrics-route.ts';
import type { Readiness } from '../observability/readiness.ts';
import { RequestLog, TURN_ROUTES } from '../observability/request-log.ts';
import { SocketCounter } from '../observability/socket-counter.ts';
import type { VisitorRegistry } from '../adapters/web/visitor-registry.ts';
import { WebConnections } from '../adapters/web/web-connections.ts';
import { registerHardening, type HttpLimitSettings } from './http-hardening.ts';

export interface AppDependencies {
  readonly config: HttpLimitSettings &
    Pick<
      Config,
      | 'ALLOWED_ORIGINS'
      | 'MAX_MESSAGE_CHARS'
      | 'RATE_LIMIT_PER_MINUTE'
      | 'HTTP_CHANNEL_TOKEN'
      | 'HTTP_CHANNEL_TOKENS'
      | 'METRICS_TOKEN'
      | 'WIDGET_REPLAY_LIMIT'
      | 'WIDGET_HELLOS_PER_MINUTE'
      | 'WIDGET_CONNECTIONS_PER_IP'
      | 'WIDGET_MAX_CONNECTIONS'
      | 'SOCKET_SEND_BUFFER_BYTES'
      | 'TRUST_PROXY'
      | 'IDENTITY_SECRET'
      | 'KEY_PREFIX'
      | 'CUSTOMER_MESSAGES_PER_MINUTE'
      | 'CUSTOMER_HELLOS_PER_MINUTE'
      | 'CUSTOMER_TYPING_PER_MINUTE'
    >;
  /** Where rate limits are counted (the command connection), so they hold across processes. */
  readonly redis: RedisConnection;
  /** The window of every rate limit (default a minute; tests shorten it). */
  readonly rateWindowMs?: number;
  readonly logger: FastifyBaseLogger;
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly turns: TurnQueue;
  readonly clock: Clock;
  /** The widget's launcher (/widget.js, /widget.<hash>.js) and panel (adapters/web/widget-script-routes.ts). */
  readonly widgetScripts: WidgetScriptSources;
  /** Whether this process should get traffic, for /readyz. */
  readonly readiness: Readiness;
  /** Served at /metrics; the app counts its open WebSockets into it. */
  readonly metrics: Metrics;
  /** The widget's anonymous visitors (server-issued ids and secrets). */
  readonly visitors: VisitorRegistry;
  /** The widget's connections (limits and counts); default: new ones from the settings. */
  readonly webConnections?: WebConnections;
  /** The HTTP channel's callbacks (src/adapters/http/http-way-back.ts), for a conversation's `callbackUrl`. */
  readonly httpCallbacks?: HttpChannelOptions['callbacks'];
  /** A waiting customer's live line as it stands, sent to a widget that connects (HandoffService.shownWait). */
  readonly waitOf?: WebChannelOptions['waitOf'];
  /** A linked widget visitor's home conversation (src/conversations/conversation-links.ts). */
  readonly homeOf?: (conversationId: string) => Promise<string | undefined>;
}

const WEB_ROOT = fileURLToPath(new URL('../../web/demo/', import.meta.url));

/** The HTTP server: the demo page, the widget script, the widget's WebSocket, the HTTP channel, health, metrics. */
export async function createApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new RequestLog(TURN_ROUTES),
    bodyLimit: 256 * 1024,
    trustProxy: deps.config.TRUST_PROXY,
    // A URL Fastify cannot route (bad encoding) is answered like any other error.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  });
  // First: routes take the error handler and hooks in force when they are registered.
  await registerHardening(app, {
    config: deps.config,
    redis: deps.redis,
    prefix: deps.config.KEY_PREFIX,
    ...(deps.rateWindowMs ? { windowMs: deps.rateWindowMs } : {}),
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifyStatic, { root: path.resolve(WEB_ROOT), prefix: '/', index: ['index.html'] });

  registerWidgetScriptRoutes(app, deps.widgetScripts);

  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, { metrics: deps.metrics, token: deps.config.METRICS_TOKEN });
  const sockets = new SocketCounter();
  sockets.watch(app.websocketServer);
  deps.metrics.watch({ sockets });

  await registerWebChannel(app, {
    store: deps.store,
    events: deps.events,
    turns: deps.turns,
    clock: deps.clock,
    allowedOrigins: deps.config.ALLOWED_ORIGINS,
    maxMessageChars: deps.config.MAX_MESSAGE_CHARS,
    ratePerMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    limits: {
      replayLimit: deps.config.WIDGET_REPLAY_LIMIT,
      hellosPerMinute: deps.config.WIDGET_HELLOS_PER_MINUTE,
      sendBufferBytes: deps.config.SOCKET_SEND_BUFFER_BYTES,
    },
    connections:
      deps.webConnections ??
      new WebConnections({
        perAddress: deps.config.WIDGET_CONNECTIONS_PER_IP,
        total: deps.config.WIDGET_MAX_CONNECTIONS,
      }),
    visitors: deps.visitors,
    identitySecret: deps.config.IDENTITY_SECRET,
    ...(deps.homeOf ? { homeOf: deps.homeOf } : {}),
    frameLimits: redisFrameLimits(
      new RedisRateLimit({ redis: deps.redis, prefix: deps.config.KEY_PREFIX }),
      {
        say: deps.config.CUSTOMER_MESSAGES_PER_MINUTE,
        hello: deps.config.CUSTOMER_HELLOS_PER_MINUTE,
        typing: deps.config.CUSTOMER_TYPING_PER_MINUTE,
      },
      deps.rateWindowMs,
    ),
    ...(deps.waitOf ? { waitOf: deps.waitOf } : {}),
  });
  await registerHttpChannel(app, {
    turns: deps.turns,
    clock: deps.clock,
    integrators: httpIntegrators(deps.config),
    maxMessageChars: deps.config.MAX_MESSAGE_CHARS,
    store: deps.store,
    ...(deps.httpCallbacks ? { callbacks: deps.httpCallbacks } : {}),
  });
  return app;
}
