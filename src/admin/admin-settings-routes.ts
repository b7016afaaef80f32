import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { handleError, sendError } from '../core/http-errors.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import type { TeamSettings } from '../handoff/team-settings.ts';
import type { CannedSettings } from '../handoff/canned-settings.ts';
import type { AuditLog } from '../core/audit-log.ts';

export interface AdminSettingsDeps {
  readonly settings: TeamSettings;
  readonly canned: CannedSettings;
  readonly audit: AuditLog;
  readonly requireAgent: RequireAgent;
  /** Origins allowed on state-changing requests besides the request's own host (default none). */
  readonly trustedOrigins?: readonly string[];
}

const objectBody = z.record(z.string(), z.unknown());
const rulesBody = z.object({ rules: z.unknown() });
const cannedBody = z.object({ replies: z.unknown() });
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z
    .string()
    .regex(/^\d+-\d+$/)
    .optional(),
});

/**
 * Admin-only settings (401 AUTH_REQUIRED without a session, 403 FORBIDDEN_ROLE below admin); state-changing
 * requests pass the same-origin check and must be JSON. Each change is written to the audit log.
 * - GET /api/admin/teams: `{teams: [{name, source: file|admin, hours}]}`
 * - PUT /api/admin/teams/:team {timezone, weekly, closedDates?}: `{team}` (TEAM_INVALID)
 * - DELETE /api/admin/teams/:team: forgets an admin's team (TEAM_NOT_FOUND); the file's, if any, is back
 * - GET /api/admin/routing: `{rules: [{when: topic|channel|site, value, team}]}`
 * - PUT /api/admin/routing {rules}: replaces the rules, first match wins (ROUTING_INVALID)
 * - GET /api/admin/canned: `{replies: {fa, ar, en}, sources: {fa: file|admin, ...}}`
 * - PUT /api/admin/canned/:lang {replies: [{id, title, text}]}: replaces that language's list
 *   (CATALOG_INVALID); DELETE /api/admin/canned/:lang: back to content/canned/<lang>.yaml
 * - GET /api/admin/audit?limit=&before=: `{entries: [{id, at, by, action, target, details}]}`, newest first
 */
export async function registerAdminSettingsRoutes(
  app: FastifyInstance,
  deps: AdminSettingsDeps,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    refuseCrossSite(scope, deps.trustedOrigins);
    const admin = { onRequest: deps.requireAgent('admin') };

    scope.get('/api/admin/teams', admin, async () => ({ teams: deps.settings.teams() }));

    scope.put<{ Params: { team: string } }>('/api/admin/teams/:team', admin, async (request, reply) => {
      const body = objectBody.safeParse(request.body);
      if (!body.success) return sendError(reply, 'TEAM_INVALID', 'Send the hours as a JSON object.');
      const team = await deps.settings.setTeam(request.params.team, body.data);
      const by = signedInAgent(request).id;
      await deps.audit.record(by, 'team-saved', team.name, { hours: team.hours });
      request.log.info({ team: team.name, by }, 'team hours saved');
      return { team };
    });

    scope.delete<{ Params: { team: string } }>('/api/admin/teams/:team', admin, async (request) => {
      await deps.settings.removeTeam(request.params.team);
      const by = signedInAgent(request).id;
      await deps.audit.record(by, 'team-removed', request.params.team);
      request.log.info({ team: request.params.team, by }, 'team removed');
      return { ok: true };
    });

    scope.get('/api/admin/routing', admin, async () => ({ rules: deps.settings.rules() }));

    scope.put('/api/admin/routing', admin, async (request, reply) => {
      const body = rulesBody.safeParse(request.body);
      if (!body.success) return sendError(reply, 'ROUTING_INVALID', 'Send {"rules": [...]}.');
      const rules = await deps.settings.setRules(body.data.rules);
      const by = signedInAgent(request).id;
      await deps.audit.record(by, 'routing-changed', '', { rules });
      request.log.info({ rules: rules.length, by }, 'routing rules changed');
      return { rules };
    });

    scope.get('/api/admin/canned', admin, async () => ({
      replies: deps.canned.current(),
      sources: deps.canned.sources(),
    }));

    scope.put<{ Params: { lang: string } }>('/api/admin/canned/:lang', admin, async (request, reply) => {
      const body = cannedBody.safeParse(request.body);
      if (!body.success) return sendError(reply, 'CATALOG_INVALID', 'Send {"replies": [...]}.');
      const replies = await deps.canned.set(request.params.lang, body.data.replies);
      const by = signedInAgent(request).id;
      await deps.audit.record(by, 'canned-saved', request.params.lang, { ids: replies.map((r) => r.id) });
      return { replies };
    });

    scope.delete<{ Params: { lang: string } }>('/api/admin/canned/:lang', admin, async (request, reply) => {
      if (!(await deps.canned.remove(request.params.lang))) {
        return sendError(
          reply,
          'NOT_FOUND',
          'No canned replies were set in the admin console for this language.',
        );
      }
      await deps.audit.record(signedInAgent(request).id, 'canned-removed', request.params.lang);
      return { ok: true };
    });

    scope.get('/api/admin/audit', admin, async (request, reply) => {
      const query = auditQuery.safeParse(request.query);
      if (!query.success) {
        return sendError(reply, 'MESSAGE_INVALID', 'limit is 1-500; before is an entry id such as 1-0.');
      }
      const { limit, before } = query.data;
      return {
        entries: await deps.audit.list({
          ...(limit !== undefined ? { limit } : {}),
          ...(before !== undefined ? { before } : {}),
        }),
      };
    });
  });
}
