import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDemotion } from './agent-role.ts';
import { z } from 'zod';
import type { Agent } from './agent.ts';
import type { AuditLog } from '../core/audit-log.ts';
import { AgentDeactivation } from './agent-deactivation.ts';
import type { AgentRevocation, RevocationReason } from './agent-revocation.ts';
import type { AgentStore, NewAgent } from './agent-store.ts';
import { sendError } from '../core/http-errors.ts';
import type { RedisPresence } from './presence.ts';
import type { RequireAgent } from './require-agent.ts';
import { signedInAgent } from './request-agent.ts';
import type { RedisSessions } from './sessions.ts';

export interface AdminRoutesDeps {
  readonly store: AgentStore;
  readonly sessions: RedisSessions;
  readonly presence: RedisPresence;
  /** Ends an agent's sessions and consoles everywhere (removal, deactivation, admin role taken away, new password). */
  readonly revocation: AgentRevocation;
  readonly requireAgent: RequireAgent;
  readonly setSessionCookie: (request: FastifyRequest, reply: FastifyReply, token: string) => void;
  /** Where each change is written with who made it (src/core/audit-log.ts); none: logs only. */
  readonly audit?: Pick<AuditLog, 'record'>;
}

const objectBody = z.record(z.string(), z.unknown());
const passwordBody = z.object({ password: z.unknown() });

/**
 * Admin-only account management (403 FORBIDDEN_ROLE for an agent):
 * - GET /api/admin/agents: `{agents: [{...agent, presence}]}`
 * - POST /api/admin/agents {id, name, languages, password, role?, skills?, capacity?, team?}: 201 `{agent}`
 * - PATCH /api/admin/agents/:id {name?, role?, languages?, skills?, capacity?, team?}: `{agent}`; taking
 *   the admin role away ends the agent's sessions and consoles and turns them offline (their chats go back)
 * - POST /api/admin/agents/:id/password {password}: ends the agent's sessions and consoles (an admin's own
 *   session is renewed; their consoles close too)
 * - DELETE /api/admin/agents/:id: removes the account, ends its sessions and consoles, turns it offline
 *   (the supervisor puts its chats back in line)
 * - POST /api/admin/agents/:id/deactivate {}: `{agent, sessionsEnded}`; the account stays but cannot sign in,
 *   its sessions and consoles end, its chats go back in line (agent-deactivation.ts); SELF_DEACTIVATION for
 *   one's own account, LAST_ACTIVE_ADMIN for the last active admin
 * - POST /api/admin/agents/:id/reactivate {}: `{agent}`; the agent signs in again with their old password
 * Revocations reach every process (agent-revocation.ts).
 * Field checks are the store's (AGENT_INVALID, PASSWORD_INVALID, AGENT_EXISTS, AGENT_NOT_FOUND).
 */
export function registerAdminAgentRoutes(app: FastifyInstance, deps: AdminRoutesDeps): void {
  // Checked on the request line, before a body is read: no session, no parsing.
  const admin = { onRequest: deps.requireAgent('admin') };

  app.get('/api/admin/agents', admin, async () => {
    const [agents, presences] = await Promise.all([deps.store.list(), deps.presence.list()]);
    const byId = new Map(presences.map((p) => [p.agentId, p]));
    return {
      agents: agents.map((agent) => {
        const presence = byId.get(agent.id);
        return {
          ...agent,
          presence: {
            status: presence?.status ?? 'offline',
            activeChats: presence?.activeChats ?? 0,
            since: presence?.since ?? 0,
          },
        };
      }),
    };
  });

  app.post('/api/admin/agents', admin, async (request, reply) => {
    const body = objectBody.safeParse(request.body);
    if (!body.success) return sendError(reply, 'MESSAGE_INVALID', 'Send the new agent as a JSON object.');
    const agent = await deps.store.create(body.data as unknown as NewAgent);
    const by = signedInAgent(request).id;
    request.log.info({ agentId: agent.id, by }, 'agent account created');
    const { id: _id, name: _name, ...fields } = agent;
    await deps.audit?.record(by, 'agent-created', agent.id, fields);
    return reply.code(201).send({ agent });
  });

  app.patch<{ Params: { id: string } }>('/api/admin/agents/:id', admin, async (request, reply) => {
    const body = objectBody.safeParse(request.body);
    if (!body.success)
      return sendError(reply, 'MESSAGE_INVALID', 'Send the fields to change as a JSON object.');
    const me = signedInAgent(request);
    if (
      request.params.id.toLowerCase() === me.id &&
      body.data.role !== undefined &&
      body.data.role !== 'admin'
    ) {
      return sendError(
        reply,
        'AGENT_INVALID',
        'You cannot take away your own admin role; ask another admin.',
      );
    }
    const before = await deps.store.get(request.params.id);
    const agent = await deps.store.update(request.params.id, body.data);
    request.log.info(
      { agentId: agent.id, by: me.id, fields: Object.keys(body.data) },
      'agent account changed',
    );
    await deps.audit?.record(me.id, 'agent-changed', agent.id, changedFields(before, agent));
    if (before !== undefined && isDemotion(before.role, agent.role)) {
      const ended = await revoke(request, agent.id, 'role-changed');
      request.log.info({ agentId: agent.id, by: me.id, sessionsEnded: ended }, 'agent admin role taken away');
    }
    return { agent };
  });

  app.post<{ Params: { id: string } }>('/api/admin/agents/:id/password', admin, async (request, reply) => {
    const body = passwordBody.safeParse(request.body);
    if (!body.success) return sendError(reply, 'MESSAGE_INVALID', 'Send {"password": "..."}.');
    const me = signedInAgent(request);
    const id = request.params.id.toLowerCase();
    await deps.store.setPassword(id, body.data.password as string);
    const ended = await revoke(request, id, 'password-changed');
    if (id === me.id) {
      const { token } = await deps.sessions.create(me.id);
      deps.setSessionCookie(request, reply, token);
    }
    request.log.info({ agentId: id, by: me.id, sessionsEnded: ended }, 'agent password changed');
    await deps.audit?.record(me.id, 'agent-password-reset', id);
    return { ok: true };
  });

  app.delete<{ Params: { id: string } }>('/api/admin/agents/:id', admin, async (request, reply) => {
    const me = signedInAgent(request);
    const id = request.params.id.toLowerCase();
    if (id === me.id) return sendError(reply, 'AGENT_INVALID', 'You cannot remove your own account.');
    if (!(await deps.store.remove(id)))
      return sendError(reply, 'AGENT_NOT_FOUND', `No agent has the id "${id}"`);
    await revoke(request, id, 'removed');
    await deps.presence.forget(id);
    request.log.info({ agentId: id, by: me.id }, 'agent account removed');
    await deps.audit?.record(me.id, 'agent-removed', id);
    return { ok: true };
  });

  const deactivation = new AgentDeactivation({
    store: deps.store,
    revocation: deps.revocation,
    ...(deps.audit ? { audit: deps.audit } : {}),
    onListenerError: (error, agentId) =>
      app.log.error({ err: error, agentId }, 'presence listener failed on deactivation'),
  });

  app.post<{ Params: { id: string } }>('/api/admin/agents/:id/deactivate', admin, async (request) => {
    const me = signedInAgent(request);
    const { agent, changed, sessionsEnded } = await deactivation.deactivate(request.params.id, me.id);
    request.log.info({ agentId: agent.id, by: me.id, changed, sessionsEnded }, 'agent account deactivated');
    return { agent, sessionsEnded };
  });

  app.post<{ Params: { id: string } }>('/api/admin/agents/:id/reactivate', admin, async (request) => {
    const me = signedInAgent(request);
    const { agent, changed } = await deactivation.reactivate(request.params.id, me.id);
    request.log.info({ agentId: agent.id, by: me.id, changed }, 'agent account reactivated');
    return { agent };
  });

  /** Revokes; a presence listener's failure is logged (the revocation itself is done by then). */
  async function revoke(request: FastifyRequest, id: string, reason: RevocationReason): Promise<number> {
    try {
      return await deps.revocation.revoke(id, reason);
    } catch (error) {
      if (!(error instanceof AggregateError)) throw error;
      request.log.error({ err: error, agentId: id, reason }, 'presence listener failed on revocation');
      return 0;
    }
  }
}

/** The fields an update changed, each as `[before, after]`. */
function changedFields(before: Agent | undefined, after: Agent): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of ['name', 'role', 'languages', 'skills', 'capacity', 'team'] as const) {
    const was = before?.[key];
    if (JSON.stringify(was) !== JSON.stringify(after[key])) changes[key] = [was ?? null, after[key]];
  }
  return changes;
}
