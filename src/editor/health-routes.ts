import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { handleError, sendError } from '../core/http-errors.ts';
import { LANGUAGES } from '../core/language.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import type { HealthReport } from '../knowledge/health.ts';
import type { HealthReports } from './health-reports.ts';

export interface HealthRoutesDeps {
  readonly requireAgent: RequireAgent;
  readonly reports: HealthReports;
}

/** The response of `GET /api/editor/health`. */
export interface HealthResponse {
  readonly reports: readonly HealthReport[];
}

/**
 * The knowledge base's health for editors and admins (401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE otherwise):
 * - GET /api/editor/health?language=fa|ar|en → `{reports: [HealthReport]}` (health.ts) for that
 *   language, or for each of the three without `language`; the first ask after a content reload waits
 *   for the computation (seconds), later ones get it at once. MESSAGE_INVALID for another language.
 */
export async function registerHealthRoutes(app: FastifyInstance, deps: HealthRoutesDeps): Promise<void> {
  const query = z.object({ language: z.enum(LANGUAGES).optional() });
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    scope.get('/api/editor/health', { onRequest: deps.requireAgent('editor') }, async (request, reply) => {
      const parsed = query.safeParse(request.query);
      if (!parsed.success) return sendError(reply, 'MESSAGE_INVALID', 'language is fa, ar or en.');
      const languages = parsed.data.language === undefined ? LANGUAGES : [parsed.data.language];
      const reports = [];
      for (const language of languages) reports.push(await deps.reports.report(language));
      const response: HealthResponse = { reports };
      return response;
    });
  });
}
