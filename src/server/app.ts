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
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { registerHttpChannel } from '../adapters/http/http-channel.ts';
import { registerWebChannel } from '../adapters/web/web-channel.ts';

export interface AppDependencies {
  readonly config: Pick<
    Config,
    'ALLOWED_ORIGINS' | 'MAX_MESSAGE_CHARS' | 'RATE_LIMIT_PER_MINUTE' | 'HTTP_CHANNEL_TOKEN' | 'TRUST_PROXY'
  >;
  readonly logger: FastifyBaseLogger;
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly turns: TurnQueue;
  readonly clock: Clock;
  readonly knowledge: () => KnowledgeSnapshot;
  /** The widget script served at /widget.js. */
  readonly widgetScript: () => Promise<string>;
  /** Whether Redis answers, for /healthz. */
  readonly redisHealthy: () => Promise<boolean>;
}

const WEB_ROOT = fileURLToPath(new URL('../../web/demo/', import.meta.url));

/** The HTTP server: the demo page, the widget script, the widget's WebSocket, the HTTP channel, health. */
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

  app.get('/healthz', async (_request, reply) => {
    const redis = await deps.redisHealthy();
    const snapshot = deps.knowledge();
    return reply.code(redis ? 200 : 503).send({
      ok: redis,
      redis,
      articles: snapshot.articles.length,
      articleProblems: snapshot.problems.length,
    });
  });

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
