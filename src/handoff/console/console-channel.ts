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
import { isActive } from '../../agents/agent.ts';
import { servesChats } from '../../agents/agent-role.ts';
import { signedInAgent } from '../../agents/request-agent.ts';
import type { AgentStore } from '../../agents/agent-store.ts';
import type { RedisPresence } from '../../agents/presence.ts';
import type { RequireAgent } from '../../agents/require-agent.ts';
import { SESSION_COOKIE } from '../../agents/require-agent.ts';
import { checkUpgradeOrigin } from '../../agents/same-origin.ts';
import { sendError } from '../../core/http-errors.ts';
import { REVALIDATE, sendScript, type ScriptSource } from '../../core/served-script.ts';
import type { RedisSessions } from '../../agents/sessions.ts';
import type { RevocationReason } from '../../agents/agent-revocation.ts';
import {
  AGENTS_CHANNEL,
  type ConversationEvent,
  type ConversationEvents,
} from '../../conversations/conversation-events.ts';
import { CONSOLE_CLOSE_CODES, type CannedReply } from '../console-protocol.ts';
import type { HandoffQueue } from '../handoff-queue.ts';
import type { HandoffService } from '../handoff-service.ts';
import { ConsoleSession } from './console-session.ts';
import { LineReader } from './console-views.ts';
import { OpenConsoles } from './open-consoles.ts';

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
  readonly consoleScript: ScriptSource;
  /** A console connection is closed when more than this many bytes wait to be sent (default 1 MiB). */
  readonly sendBufferBytes?: number;
  /** Page origins allowed to open the console's socket besides this host (default none), as for sign-in. */
  readonly trustedOrigins?: readonly string[];
}

const REVOKED_TEXT: Readonly<Record<RevocationReason, string>> = {
  removed: 'Your agent account was removed.',
  deactivated: 'Your agent account was deactivated: ask an admin to reactivate it.',
  'role-changed': 'Your role changed: sign in again.',
  'password-changed': 'Your password was changed: sign in again with the new one.',
};

const AGENT_ROOT = fileURLToPath(new URL('../../../web/agent/', import.meta.url));

/**
 * The agent console: the page at /agent/ (behind sign-in; /agent/login otherwise), its script, and
 * its WebSocket at /agent/ws: a browser's upgrade from another origin is refused with 403 before the socket
 * opens; the session cookie is checked (without a live one the socket closes with 4401); when the agent's
 * access is taken back in any process (`agent-revoked` on AGENTS_CHANNEL) their consoles here close with 4403.
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
    async (request, reply) =>
      // An editor serves no chats: their place is the editor's workspace.
      servesChats(signedInAgent(request).role)
        ? reply.type('text/html; charset=utf-8').sendFile('index.html', path.resolve(AGENT_ROOT))
        : reply.redirect('/editor/', 303),
  );
  app.get('/agent/console.js', async (request, reply) =>
    sendScript(request, reply, await o.consoleScript(), REVALIDATE),
  );

  const line = new LineReader(o.queue);
  const consoles = new OpenConsoles();
  const onAgentEvent = (event: ConversationEvent) => {
    if (event.type !== 'agent-revoked') return;
    const closed = consoles.revoke(event.agentId, REVOKED_TEXT[event.reason]);
    if (closed > 0) app.log.info({ agentId: event.agentId, reason: event.reason, closed }, 'consoles closed');
  };
  const unsubscribe = await o.events.subscribe(AGENTS_CHANNEL, onAgentEvent);
  // Revocations published while the subscription was down are lost: every open console's session is
  // checked again once it is back.
  const stopResume = o.events.onResume?.(() => {
    void recheck().catch((error: unknown) => app.log.warn({ err: error }, 'console sessions not rechecked'));
  });
  app.addHook('onClose', async () => {
    stopResume?.();
    await unsubscribe().catch(() => undefined);
  });

  async function recheck(): Promise<void> {
    for (const open of consoles.all()) {
      const session = await o.sessions.resolve(open.token);
      const agent = session?.agentId === open.agentId ? await o.agents.get(open.agentId) : undefined;
      if (!agent || !isActive(agent)) open.session.revoke('Your session ended: sign in again.');
    }
  }

  app.get(
    '/agent/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const verdict = checkUpgradeOrigin(request.headers, o.trustedOrigins);
        if (verdict.ok) return undefined;
        request.log.warn({ origin: request.headers.origin }, 'console connection refused: other origin');
        return sendError(reply, 'CROSS_ORIGIN', verdict.message, verdict.status);
      },
    },
    async (socket, request) => {
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
    },
  );

  async function openConsole(socket: WebSocket, request: FastifyRequest): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    const session = await o.sessions.resolve(token);
    const found = session ? await o.agents.get(session.agentId) : undefined;
    const agent = found && isActive(found) ? found : undefined;
    if (!agent || token === undefined) {
      socket.send(JSON.stringify({ type: 'error', code: 'AUTH_REQUIRED', message: 'Sign in first.' }));
      socket.close(CONSOLE_CLOSE_CODES.UNAUTHENTICATED, 'sign in first');
      return;
    }
    if (!servesChats(agent.role)) {
      const message = 'An editor serves no chats; the editor workspace is at /editor/.';
      socket.send(JSON.stringify({ type: 'error', code: 'FORBIDDEN_ROLE', message }));
      socket.close(CONSOLE_CLOSE_CODES.REVOKED, 'not an agent');
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
    const forget = consoles.add({ session: consoleSession, agentId: agent.id, token });
    socket.once('close', forget);
    // A revocation between the first look and `add` was not heard here: its sessions are gone by now.
    if (!(await o.sessions.resolve(token)))
      return consoleSession.revoke('Your session ended: sign in again.');
    await consoleSession.start();
  }
}
