import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { TurnQueue } from '../conversations/turn-queue.ts';
import { registerHttpChannel } from '../adapters/http/http-channel.ts';
import { registerWebChannel } from '../adapters/web/web-channel.ts';
import { registerHealthRoutes } from '../observability/health-routes.ts';
import type { Metrics } from '../observability/metrics.ts';
import { registerMetricsRoute } from '../observability/metrics-route.ts';
import type { Readiness } from '../observability/readiness.ts';
import { SocketCounter } from '../observability/socket-counter.ts';

export interface AppDependencies {
  readonly config: Pick<
    Config,
    | 'ALLOWED_ORIGINS'
    | 'MAX_MESSAGE_CHARS'
    | 'RATE_LIMIT_PER_MINUTE'
    | 'HTTP_CHANNEL_TOKEN'
    | 'METRICS_TOKEN'
    | 'TRUST_PROXY'
  >;
  readonly logger: FastifyBaseLogger;
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly turns: TurnQueue;
  readonly clock: Clock;
  /** The widget script served at /widget.js. */
  readonly widgetScript: () => Promise<string>;
  /** Whether this process should get traffic, for /readyz. */
  readonly readiness: Readiness;
  /** Served at /metrics; the app counts its open WebSockets into it. */
  readonly metrics: Metrics;
}

const WEB_ROOT = fileURLToPath(new URL('../../web/demo/', import.meta.url));

/** The HTTP server: the demo page, the widget script, the widget's WebSocket, the HTTP channel, health, metrics. */
export async function createApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 256 * 1024,
    trustProxy: deps.config.TRUST_PROXY,
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifyStatic, { root: path.resolve(WEB_ROOT), prefix: '/', index: ['index.html'] });

  app.get('/widget.js', async (_request, reply) => {
    reply.header('content-type', 'application/javascript; charset=utf-8');
    reply.header('cache-control', 'no-cache');
    return deps.widgetScript();
  });

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
  });
  await registerHttpChannel(app, {
    turns: deps.turns,
    clock: deps.clock,
    token: deps.config.HTTP_CHANNEL_TOKEN,
    maxMessageChars: deps.config.MAX_MESSAGE_CHARS,
  });
  return app;
}
