import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isHamdelError } from '../core/errors.ts';
import { handleError, httpStatusOf, sendError } from '../core/http-errors.ts';
import { LANGUAGES } from '../core/language.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import type { DraftBases } from './draft-bases.ts';
import type { TryOutcome, TryPreview } from './try-preview.ts';

export interface TryRoutesDeps {
  readonly requireAgent: RequireAgent;
  readonly knowledge: () => KnowledgeSnapshot;
  readonly preview: TryPreview;
  readonly drafts: DraftBases;
  /** The longest question (the server's MAX_MESSAGE_CHARS: what a customer may send). */
  readonly maxQuestionChars: number;
  /** Origins allowed besides the request's own host (default none). */
  readonly trustedOrigins?: readonly string[];
}

/** The response of `POST /api/editor/try`. */
export interface TryResponse {
  readonly published: TryOutcome;
  readonly draft?: TryOutcome;
}

/**
 * "What would the bot answer?" for editors and admins (401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE otherwise):
 * - POST /api/editor/try {question, language?, draft?: {language, id, text}} → `{published, draft?}`, each
 *   a TryOutcome (try-preview.ts): against the published knowledge base, and against it with the draft
 *   file saved (draft-bases.ts). MESSAGE_INVALID for a bad body; DRAFT_INVALID with `reason` (the
 *   article parser's words) for a draft that cannot be read; DRAFT_BUSY (503) when too many drafts are
 *   being built.
 */
export async function registerTryRoutes(app: FastifyInstance, deps: TryRoutesDeps): Promise<void> {
  const body = z.object({
    question: z.string().trim().min(1).max(deps.maxQuestionChars),
    language: z.enum(LANGUAGES).optional(),
    draft: z
      .object({
        language: z.enum(LANGUAGES),
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
        text: z.string().max(200_000),
      })
      .optional(),
  });
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    refuseCrossSite(scope, deps.trustedOrigins);
    scope.post('/api/editor/try', { onRequest: deps.requireAgent('editor') }, async (request, reply) => {
      const parsed = body.safeParse(request.body);
      if (!parsed.success) {
        return sendError(
          reply,
          'MESSAGE_INVALID',
          `Send {question, language?, draft?: {language, id, text}}: a question of 1 to ${deps.maxQuestionChars} ` +
            'characters, a language of fa, ar or en, and a draft whose id is kebab-case.',
        );
      }
      const { question, language, draft } = parsed.data;
      let drafted: KnowledgeSnapshot | undefined;
      try {
        drafted = draft === undefined ? undefined : await deps.drafts.snapshot(draft);
      } catch (error) {
        if (!isHamdelError(error, 'DRAFT_INVALID')) throw error;
        return reply
          .code(httpStatusOf('DRAFT_INVALID'))
          .send({ code: error.code, message: error.message, reason: String(error.context.reason ?? '') });
      }
      const published = await deps.preview.outcome(deps.knowledge(), question, language);
      const response: TryResponse = {
        published,
        ...(drafted === undefined ? {} : { draft: await deps.preview.outcome(drafted, question, language) }),
      };
      return response;
    });
  });
}
