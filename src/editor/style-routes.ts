import type { FastifyInstance } from 'fastify';
import { isLanguage } from '../core/language.ts';
import { handleError, sendError } from '../core/http-errors.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import type { StyleByLanguage } from '../knowledge/style-check.ts';

export interface StyleRoutesOptions {
  readonly requireAgent: RequireAgent;
  /** The style rules in force (content/style, watched: content-sources.ts). */
  readonly styles: () => StyleByLanguage;
}

/**
 * The business's style for the editor (editors and admins only):
 * - GET /api/editor/style/:language: `{language, tone: string[], avoid: [{phrases, instead, note?,
 *   except?}]}`, what `findStyleIssues` and `attachStyleMarks` (web/editor/style-marks.ts) take; a
 *   language without a style file has empty lists. An unknown language is 404 NOT_FOUND.
 */
export async function registerStyleRoutes(app: FastifyInstance, o: StyleRoutesOptions): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    scope.get<{ Params: { language: string } }>(
      '/api/editor/style/:language',
      { onRequest: o.requireAgent('editor') },
      async (request, reply) => {
        const { language } = request.params;
        if (!isLanguage(language)) {
          return sendError(
            reply,
            'NOT_FOUND',
            `No style for "${language}": the languages are fa, ar and en.`,
          );
        }
        reply.header('cache-control', 'no-store');
        return o.styles()[language];
      },
    );
  });
}
