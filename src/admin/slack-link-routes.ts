import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { handleError, sendError } from '../core/http-errors.ts';
import type { AgentStore } from '../agents/agent-store.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import type { AuditLog } from '../core/audit-log.ts';

/** The Slack user links as these routes use them (src/adapters/slack/agent-links.ts). */
export interface SlackLinks {
  link(slackUserId: string, agentId: string): Promise<void>;
  unlink(slackUserId: string): Promise<boolean>;
  list(): Promise<Record<string, string>>;
}

export interface SlackLinkRoutesDeps {
  readonly links: SlackLinks;
  readonly agents: AgentStore;
  readonly audit: AuditLog;
  readonly requireAgent: RequireAgent;
  readonly trustedOrigins?: readonly string[];
}

const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;
const linkBody = z.object({ agentId: z.string().trim().toLowerCase().min(1).max(64) });

/**
 * Which Slack user is which agent (as `slack-link-cli.ts`), for admins (same guards as the other admin
 * routes; changes audited):
 * - GET /api/admin/slack-links: `{links: [{slackUser, agentId}]}`
 * - PUT /api/admin/slack-links/:slackUser {agentId}: links (AGENT_NOT_FOUND for an unknown agent)
 * - DELETE /api/admin/slack-links/:slackUser: unlinks (NOT_FOUND when there was no link)
 */
export async function registerSlackLinkRoutes(
  app: FastifyInstance,
  deps: SlackLinkRoutesDeps,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    refuseCrossSite(scope, deps.trustedOrigins);
    const admin = { onRequest: deps.requireAgent('admin') };

    scope.get('/api/admin/slack-links', admin, async () => ({
      links: Object.entries(await deps.links.list())
        .map(([slackUser, agentId]) => ({ slackUser, agentId }))
        .sort((a, b) => a.slackUser.localeCompare(b.slackUser)),
    }));

    scope.put<{ Params: { slackUser: string } }>(
      '/api/admin/slack-links/:slackUser',
      admin,
      async (request, reply) => {
        const slackUser = request.params.slackUser;
        if (!SLACK_USER.test(slackUser)) {
          return sendError(
            reply,
            'MESSAGE_INVALID',
            'A Slack user id looks like U0123ABCD (Profile → Copy member ID).',
          );
        }
        const body = linkBody.safeParse(request.body);
        if (!body.success) return sendError(reply, 'MESSAGE_INVALID', 'Send {"agentId": "..."}.');
        const agentId = body.data.agentId;
        if (!(await deps.agents.get(agentId))) {
          return sendError(reply, 'AGENT_NOT_FOUND', `No agent has the id "${agentId}"`);
        }
        await deps.links.link(slackUser, agentId);
        await deps.audit.record(signedInAgent(request).id, 'slack-linked', slackUser, { agentId });
        return { slackUser, agentId };
      },
    );

    scope.delete<{ Params: { slackUser: string } }>(
      '/api/admin/slack-links/:slackUser',
      admin,
      async (request, reply) => {
        if (!(await deps.links.unlink(request.params.slackUser))) {
          return sendError(reply, 'NOT_FOUND', 'This Slack user is not linked to an agent.');
        }
        await deps.audit.record(signedInAgent(request).id, 'slack-unlinked', request.params.slackUser);
        return { ok: true };
      },
    );
  });
}
