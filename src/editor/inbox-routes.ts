import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditAction, AuditLog } from '../core/audit-log.ts';
import type { Clock } from '../core/clock.ts';
import { LANGUAGES } from '../core/language.ts';
import { handleError, sendError } from '../core/http-errors.ts';
import { LockBusyError } from '../core/redis-lock.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { MAX_RATE_DAYS, type HelpfulRates } from '../inbox/helpful-rates.ts';
import type { GroupStatus } from '../inbox/inbox-group.ts';
import type { UnansweredInbox } from '../inbox/unanswered-inbox.ts';

export interface InboxRoutesDeps {
  readonly inbox: UnansweredInbox;
  readonly rates: HelpfulRates;
  readonly knowledge: () => KnowledgeSnapshot;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly requireAgent: RequireAgent;
  /** Origins allowed on state-changing requests besides the request's own host (default none). */
  readonly trustedOrigins?: readonly string[];
}

const listQuery = z.object({
  language: z.enum(LANGUAGES).optional(),
  status: z.enum(['new', 'done', 'ignored', 'all']).default('new'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Marks against this time instead of the reader's last visit (a page that already noted the visit). */
  since: z.coerce.number().int().min(0).optional(),
});
const articlesQuery = z.object({ q: z.string().max(200).optional() });
const doneBody = z.object({
  articleId: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .optional(),
});
const ratesQuery = z.object({
  language: z.enum(LANGUAGES).optional(),
  days: z.coerce.number().int().min(1).max(MAX_RATE_DAYS).default(30),
});

type GroupRequest = FastifyRequest<{ Params: { group: string } }>;

/**
 * The unanswered inbox and the helpful rates, for editors and admins (401 AUTH_REQUIRED without a session,
 * 403 FORBIDDEN_ROLE for others); state-changing requests pass the same-origin check and must be JSON:
 * - GET /api/editor/inbox?language=&status=new|done|ignored|all&limit=&since=: `{lastVisit, groups, total}`,
 *   the groups most asked first (`InboxGroupView`: questions' words and figures, never a conversation),
 *   each marked `isNew` / `newCount` against the reader's last visit (`lastVisit`: ms, null before the
 *   first), or against `since` when given
 * - POST /api/editor/inbox/visit `{}`: notes the reader's visit now: `{previous, at}`
 * - GET /api/editor/inbox/:group: `{group}`
 * - GET /api/editor/inbox/:group/articles?q=: `{articles: [{id, title, score?, chosen?}]}`, articles to add
 *   the question to (the bot's best for it and the ones it gave; with `q`, those matching it)
 * - POST /api/editor/inbox/:group/ignore `{}`, /done `{articleId?}`, /reopen `{}`: `{group}`; written to
 *   the audit log
 * - GET /api/editor/helpful?language=&days=30: `{days, articles: [{language, id, title?, yes, no, rate}]}`,
 *   the per-article answers to "did this help?" over the last days, worst rate first
 * Errors: INBOX_QUERY_INVALID (400), INBOX_GROUP_NOT_FOUND (404), INBOX_BUSY (503).
 */
export async function registerInboxRoutes(app: FastifyInstance, deps: InboxRoutesDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    refuseCrossSite(scope, deps.trustedOrigins);
    const editor = { onRequest: deps.requireAgent('editor') };

    scope.get('/api/editor/inbox', editor, async (request, reply) => {
      const query = listQuery.safeParse(request.query);
      if (!query.success) return invalid(reply, query.error);
      const { language, status, limit, since } = query.data;
      const lastVisit = since ?? (await deps.inbox.visits.last(signedInAgent(request).id));
      const { groups, total } = await deps.inbox.list({
        ...(language ? { languages: [language] } : {}),
        status,
        limit,
        ...(lastVisit !== undefined ? { since: lastVisit } : {}),
      });
      return { lastVisit: lastVisit ?? null, groups, total };
    });

    scope.post('/api/editor/inbox/visit', editor, async (request) => {
      const at = deps.clock.now();
      const previous = await deps.inbox.visits.visit(signedInAgent(request).id, at);
      return { previous: previous ?? null, at };
    });

    scope.get('/api/editor/inbox/:group', editor, async (request: GroupRequest, reply) => {
      const since = (await deps.inbox.visits.last(signedInAgent(request).id)) ?? 0;
      const group = await deps.inbox.get(request.params.group, since);
      if (!group) return notFound(reply, request.params.group);
      return { group };
    });

    scope.get('/api/editor/inbox/:group/articles', editor, async (request: GroupRequest, reply) => {
      const query = articlesQuery.safeParse(request.query);
      if (!query.success) return invalid(reply, query.error);
      const articles = await deps.inbox.articlesFor(request.params.group, query.data.q);
      if (!articles) return notFound(reply, request.params.group);
      return { articles };
    });

    const statusRoute = (path: string, status: GroupStatus, action: AuditAction) =>
      scope.post(path, editor, async (request: GroupRequest, reply) => {
        const body = doneBody.safeParse(request.body ?? {});
        if (!body.success) return invalid(reply, body.error);
        const articleId = status === 'done' ? body.data.articleId : undefined;
        const by = signedInAgent(request).id;
        const id = request.params.group;
        let changed;
        try {
          changed = await deps.inbox.setStatus(id, status, by, articleId);
        } catch (error) {
          if (!(error instanceof LockBusyError)) throw error;
          return sendError(reply, 'INBOX_BUSY', 'The inbox was busy with this language; try again.');
        }
        if (!changed) return notFound(reply, id);
        await deps.audit.record(by, action, id, {
          language: changed.after.language,
          from: changed.before.status,
          ...(articleId ? { articleId } : {}),
        });
        request.log.info({ group: id, status, by }, 'inbox group changed');
        return { group: changed.after };
      });
    statusRoute('/api/editor/inbox/:group/ignore', 'ignored', 'inbox-ignored');
    statusRoute('/api/editor/inbox/:group/done', 'done', 'inbox-done');
    statusRoute('/api/editor/inbox/:group/reopen', 'new', 'inbox-reopened');

    scope.get('/api/editor/helpful', editor, async (request, reply) => {
      const query = ratesQuery.safeParse(request.query);
      if (!query.success) return invalid(reply, query.error);
      const { language, days } = query.data;
      const rates = await deps.rates.read({ now: deps.clock.now(), days, ...(language ? { language } : {}) });
      const snapshot = deps.knowledge();
      const articles = rates.map(({ articleId, ...rate }) => {
        const title = snapshot.article(rate.language, articleId)?.title;
        return { id: articleId, ...(title ? { title } : {}), ...rate };
      });
      return { days, articles };
    });
  });
}

function invalid(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const reasons = error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return sendError(reply, 'INBOX_QUERY_INVALID', reasons);
}

function notFound(reply: FastifyReply, id: string): FastifyReply {
  return sendError(reply, 'INBOX_GROUP_NOT_FOUND', `No group ${id} in the unanswered inbox.`);
}
