import type {} from '@fastify/cookie';
import { hasRole } from './agent-role.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isActive, type AgentRole } from './agent.ts';
import type { AgentStore } from './agent-store.ts';
import { sendError } from '../core/http-errors.ts';
import type { RedisSessions } from './sessions.ts';
import './request-agent.ts';

/** Who may pass where a role is asked for, for the refusal's message. */
const WHO: Readonly<Record<AgentRole, string>> = {
  agent: 'someone who serves chats',
  supervisor: 'a supervisor or an admin',
  admin: 'an admin',
  editor: 'an editor or an admin',
};

/** Name of the session cookie. */
export const SESSION_COOKIE = 'hamdel_session';

export interface RequireAgentOptions {
  /** For pages: where to send a visitor who is not signed in (e.g. "/agent/login"); default: 401 JSON. */
  readonly redirectTo?: string;
}

/** A hook for `onRequest` (before the body is read: use this) or `preHandler`. */
export type AgentHook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export type RequireAgent = (role?: AgentRole, options?: RequireAgentOptions) => AgentHook;

/**
 * Makes `requireAgent(role?)`: a hook (`onRequest`, so no body is read for a refused request) that resolves the session cookie, loads the agent afresh
 * (so a removed or deactivated agent or a changed role counts at once) and puts them on `request.agent`. Without a live
 * session: 401 AUTH_REQUIRED (or a redirect). With too low a role: 403 FORBIDDEN_ROLE. A higher role passes
 * where a lower one is asked for (agent < supervisor < admin; an editor only where an editor is: agent-role.ts).
 */
export function createRequireAgent(deps: { store: AgentStore; sessions: RedisSessions }): RequireAgent {
  return (role, options = {}) =>
    async function requireAgent(request: FastifyRequest, reply: FastifyReply) {
      const session = await deps.sessions.resolve(request.cookies[SESSION_COOKIE]);
      const found = session ? await deps.store.get(session.agentId) : undefined;
      // A deactivated account's sessions end with the deactivation; one that slipped through counts as none.
      const agent = found && isActive(found) ? found : undefined;
      if (!agent) {
        if (options.redirectTo !== undefined) return reply.redirect(options.redirectTo, 303);
        return sendError(reply, 'AUTH_REQUIRED', 'Sign in first (your session ended or never began).');
      }
      if (role !== undefined && !hasRole(agent.role, role)) {
        const who = WHO[role];
        return sendError(reply, 'FORBIDDEN_ROLE', `Only ${who} may do this.`);
      }
      request.agent = agent;
    };
}
