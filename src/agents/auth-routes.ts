import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { AuditLog } from '../core/audit-log.ts';
import { registerAdminAgentRoutes } from './admin-routes.ts';
import { isActive } from './agent.ts';
import { AgentRevocation } from './agent-revocation.ts';
import type { AgentStore } from './agent-store.ts';
import { handleError, sendError } from '../core/http-errors.ts';
import type { RedisPresence } from './presence.ts';
import { createRequireAgent, SESSION_COOKIE, type RequireAgent } from './require-agent.ts';
import { signedInAgent } from './request-agent.ts';
import { refuseCrossSite } from './same-origin.ts';
import type { RedisSessions } from './sessions.ts';

export interface AgentAuthOptions {
  readonly store: AgentStore;
  /** Sessions, and (`sessions.throttle`) the failed sign-in limits. */
  readonly sessions: RedisSessions;
  readonly presence: RedisPresence;
  /** Origins allowed on state-changing requests besides the request's own host (default none). */
  readonly trustedOrigins?: readonly string[];
  /** Where revocations are announced to every process's consoles (AGENTS_CHANNEL); see agent-revocation.ts. */
  readonly events?: Pick<ConversationEvents, 'publish'>;
  /** Where the admin API writes who changed which account (src/core/audit-log.ts). */
  readonly audit?: Pick<AuditLog, 'record'>;
}

export interface AgentAuth {
  /**
   * Hook factory for the lead's routes: `{ onRequest: requireAgent() }`, `requireAgent('admin')`. As an
   * `onRequest` hook it answers before a body is read (it also works as a preHandler).
   */
  readonly requireAgent: RequireAgent;
}

const loginSchema = z.object({
  id: z.string().trim().toLowerCase().min(1, 'id is empty').max(64),
  password: z.string().min(1, 'password is empty').max(1024),
});

/**
 * The agents' sign-in API and the admin API for accounts:
 * - POST /api/agent/login {id, password}: sets the `hamdel_session` cookie (HttpOnly, SameSite=Strict,
 *   Secure over https); 401 AUTH_FAILED on a wrong id or password; 403 AGENT_DEACTIVATED on the right
 *   password of a deactivated account (counted as a failed attempt); 429 LOGIN_RATE_LIMITED with
 *   Retry-After after too many failures.
 * - POST /api/agent/logout: ends the session, turns the agent offline (presence emits `unavailable`).
 * - GET /api/agent/me: `{agent, presence}`.
 * - /api/admin/agents…: see admin-routes.ts.
 * Every state-changing request passes `checkSameOrigin` (same-origin.ts says why that stops CSRF).
 * Registers @fastify/cookie when the app has not.
 */
export async function registerAgentAuth(app: FastifyInstance, options: AgentAuthOptions): Promise<AgentAuth> {
  if (!app.hasReplyDecorator('setCookie')) await app.register(fastifyCookie);
  if (!app.hasRequestDecorator('agent')) app.decorateRequest('agent', null);
  const requireAgent = createRequireAgent(options);

  await app.register(async (scope) => {
    scope.setErrorHandler(handleError); // the app's own, so the plugin answers alike on a bare Fastify too
    refuseCrossSite(scope, options.trustedOrigins);

    scope.post('/api/agent/login', async (request, reply) => {
      const body = loginSchema.safeParse(request.body);
      if (!body.success) return sendError(reply, 'MESSAGE_INVALID', 'Send {"id": "...", "password": "..."}.');
      const { id, password } = body.data;
      const attempt = await options.sessions.throttle.begin(id, request.ip);
      if (!attempt.allowed) {
        request.log.warn({ agentId: id, ip: request.ip }, 'agent sign-in throttled');
        reply.header('retry-after', String(attempt.retryAfterSeconds));
        const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
        return sendError(
          reply,
          'LOGIN_RATE_LIMITED',
          `Too many failed sign-ins. Try again in ${minutes} min.`,
        );
      }
      const agent = await options.store.verifyPassword(id, password);
      if (!agent) {
        request.log.warn({ agentId: id, ip: request.ip }, 'agent sign-in failed');
        return sendError(reply, 'AUTH_FAILED', 'Wrong id or password.');
      }
      if (!isActive(agent)) {
        // Told only to whoever knows the password; the attempt stays counted, so it is no free oracle.
        request.log.warn({ agentId: agent.id, ip: request.ip }, 'deactivated agent refused at sign-in');
        return sendError(
          reply,
          'AGENT_DEACTIVATED',
          'This account is deactivated; an admin can reactivate it.',
        );
      }
      await options.sessions.throttle.succeeded(attempt);
      const { token } = await options.sessions.create(agent.id);
      setSessionCookie(request, reply, token);
      request.log.info({ agentId: agent.id }, 'agent signed in');
      return { agent, presence: await options.presence.get(agent.id) };
    });

    scope.post('/api/agent/logout', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const session = await options.sessions.resolve(token);
      await options.sessions.destroy(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (session) {
        try {
          await options.presence.setStatus(session.agentId, 'offline');
        } catch (error) {
          request.log.error({ err: error, agentId: session.agentId }, 'presence listener failed on sign-out');
        }
        request.log.info({ agentId: session.agentId }, 'agent signed out');
      }
      return { ok: true };
    });

    scope.get('/api/agent/me', { onRequest: requireAgent() }, async (request) => {
      const agent = signedInAgent(request);
      return { agent, presence: await options.presence.get(agent.id) };
    });

    const revocation = new AgentRevocation({
      sessions: options.sessions,
      presence: options.presence,
      ...(options.events ? { events: options.events } : {}),
    });
    registerAdminAgentRoutes(scope, { ...options, revocation, requireAgent, setSessionCookie });
  });
  return { requireAgent };
}

/** HttpOnly, SameSite=Strict, path /, Secure when the request came over https; no Max-Age (the server decides). */
function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
  });
}
