import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { isHamdelError } from '../../core/errors.ts';
import { asRedisUnavailable } from '../../core/redis-errors.ts';
import { CLOSE_CODES } from '../../adapters/web/protocol.ts';
import type { Clock } from '../../core/clock.ts';
import type { Language } from '../../core/language.ts';
import type { AgentStore } from '../../agents/agent-store.ts';
import type { RedisPresence } from '../../agents/presence.ts';
import type { RequireAgent } from '../../agents/require-agent.ts';
import { SESSION_COOKIE } from '../../agents/require-agent.ts';
import type { RedisSessions } from '../../agents/sessions.ts';
import type { ConversationEvents } from '../../conversations/conversation-events.ts';
import type { CannedReply } from '../console-protocol.ts';
import type { HandoffQueue } from '../handoff-queue.ts';
import type { HandoffService } from '../handoff-service.ts';
import { ConsoleSession } from './console-session.ts';
import { LineReader } from './console-views.ts';

export interface ConsoleChannelOptions {
  readonly service: HandoffService;
  readonly queue: HandoffQueue;
  readonly events: ConversationEvents;
  readonly agents: AgentStore;
  readonly sessions: RedisSessions;
  readonly presence: RedisPresence;
  readonly requireAgent: RequireAgent;
  readonly clock: Clock;
  readonly canned: () => Readonly<Record<Language, readonly CannedReply[]>>;
  /** The console script served at /agent/console.js. */
  readonly consoleScript: () => Promise<string>;
  /** A console connection is closed when more than this many bytes wait to be sent (default 1 MiB). */
  readonly sendBufferBytes?: number;
}

const AGENT_ROOT = fileURLToPath(new URL('../../../web/agent/', import.meta.url));

/**
 * The agent console: the page at /agent/ (behind sign-in; /agent/login otherwise), its script, and
 * its WebSocket at /agent/ws (the session cookie is checked; without one the socket closes with 4401).
 */
export async function registerConsoleChannel(app: FastifyInstance, o: ConsoleChannelOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.resolve(AGENT_ROOT),
    prefix: '/agent/',
    decorateReply: false,
    index: false,
    allowedPath: (pathname) => !pathname.endsWith('.ts') && !pathname.includes('/console/'),
  });

  app.get('/agent', async (_request, reply) => reply.redirect('/agent/', 301));
  app.get('/agent/login', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').sendFile('login.html', path.resolve(AGENT_ROOT)),
  );
  app.get(
    '/agent/',
    { onRequest: o.requireAgent(undefined, { redirectTo: '/agent/login?next=/agent/' }) },
    async (_r, reply) =>
      reply.type('text/html; charset=utf-8').sendFile('index.html', path.resolve(AGENT_ROOT)),
  );
  app.get('/agent/console.js', async (_request, reply) => {
    reply.header('content-type', 'application/javascript; charset=utf-8');
    reply.header('cache-control', 'no-cache');
    return o.consoleScript();
  });

  const line = new LineReader(o.queue);
  app.get('/agent/ws', { websocket: true }, async (socket, request) => {
    try {
      await openConsole(socket, request);
    } catch (error) {
      // Redis away: say so and close with 1013; the console reconnects by itself and finds Redis back.
      const reported = asRedisUnavailable(error);
      if (!isHamdelError(reported, 'REDIS_UNAVAILABLE')) throw error;
      request.log.warn('console connection refused: Redis is away');
      const frame = { type: 'error', code: reported.code, message: reported.message };
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      socket.close(CLOSE_CODES.TRY_AGAIN_LATER, 'Redis unavailable');
    }
  });

  async function openConsole(socket: WebSocket, request: FastifyRequest): Promise<void> {
    const session = await o.sessions.resolve(request.cookies[SESSION_COOKIE]);
    const agent = session ? await o.agents.get(session.agentId) : undefined;
    if (!agent) {
      socket.send(JSON.stringify({ type: 'error', code: 'AUTH_REQUIRED', message: 'Sign in first.' }));
      socket.close(4401, 'sign in first');
      return;
    }
    const consoleSession = new ConsoleSession({
      socket,
      agent,
      service: o.service,
      queue: o.queue,
      line,
      events: o.events,
      agents: o.agents,
      presence: o.presence,
      clock: o.clock,
      canned: o.canned,
      ...(o.sendBufferBytes ? { sendBufferBytes: o.sendBufferBytes } : {}),
      log: request.log,
    });
    await consoleSession.start();
  }
}
