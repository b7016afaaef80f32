import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../core/audit-log.ts';
import { sendError } from '../core/http-errors.ts';
import { isLanguage } from '../core/language.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import { listArticles } from './article-list.ts';
import { type ArticleDraft, type ArticleFile, type EditorArticles } from './editor-articles.ts';
import { handleEditorError } from './editor-errors.ts';

export interface ArticleRoutesDeps {
  readonly articles: EditorArticles;
  readonly audit: AuditLog;
  readonly requireAgent: RequireAgent;
  /** Origins allowed on state-changing requests besides the request's own host (default none). */
  readonly trustedOrigins?: readonly string[];
}

const version = z.string().regex(/^[0-9a-f]{64}$/, 'a version is the 64 hex digits the file was read with');
const fields = z
  .object({
    id: z.string(),
    language: z.string(),
    title: z.string(),
    questions: z.array(z.string()),
    tags: z.array(z.string()),
    needs_person: z.boolean(),
    skills: z.array(z.string()),
  })
  .partial();
const draft = z.union([z.object({ text: z.string() }), z.object({ fields, body: z.string().optional() })]);
const putBody = z.intersection(draft, z.object({ version }));
const postBody = z.intersection(draft, z.object({ language: z.string(), id: z.string() }));
const renameBody = z.object({ to: z.string(), version });
const questionBody = z.object({ question: z.string().max(500) });
const listQuery = z.object({ language: z.string().optional(), q: z.string().max(200).optional() });
const deleteQuery = z.object({ version });

type Params = { Params: { language: string; id: string } };

/**
 * The articles of the editor's workspace, for editors and admins (401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE);
 * state-changing requests pass the same-origin check and send JSON. Files change only through
 * `EditorArticles` (versions, locks, the knowledge base's parser); every change is in the audit log with
 * who made it, the file, and which fields changed. Errors are `{code, message}`; a conflict adds
 * `current: {text, version} | null`, a refused article `reason`.
 * - GET /api/editor/articles?language=&q=: `{articles: [{id, translations: {fa?, ar?, en?: {title,
 *   questions, file, version, problem?}}, missing: [language]}]}`
 * - GET /api/editor/articles/:language/:id: `{language, id, file, fields, body, text, version, problem?}`
 *   (`fields` and `body` null when the front matter cannot be read: edit `text`)
 * - PUT /api/editor/articles/:language/:id `{fields, body?, version}` or `{text, version}`: `{file,
 *   version, text, changed}`; missing fields stay as they are; 409 CONTENT_CONFLICT, 400 ARTICLE_INVALID
 * - POST /api/editor/articles `{language, id, fields, body}` or `{language, id, text}`: 201 `{language,
 *   id, file, version, text}`; 409 CONTENT_EXISTS
 * - POST /api/editor/articles/:language/:id/rename `{to, version}`: `{language, id, file, version, text}`
 * - DELETE /api/editor/articles/:language/:id?version=: `{ok: true}`
 * - POST /api/editor/articles/:language/:id/questions `{question}`: `{file, version, text}`; appends one
 *   example question on whatever version is there (no version needed); 409 DUPLICATE_QUESTION
 */
export async function registerArticleRoutes(app: FastifyInstance, deps: ArticleRoutesDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleEditorError);
    refuseCrossSite(scope, deps.trustedOrigins);
    const editor = { onRequest: deps.requireAgent('editor') };
    const by = (request: FastifyRequest) => signedInAgent(request).id;

    scope.get('/api/editor/articles', editor, async (request, reply) => {
      const query = listQuery.safeParse(request.query);
      const language = query.data?.language || undefined;
      if (!query.success || (language !== undefined && !isLanguage(language))) {
        return sendError(reply, 'MESSAGE_INVALID', 'language is fa, ar or en; q is at most 200 characters.');
      }
      const files = await deps.articles.all();
      return { articles: listArticles(files, { language, q: query.data.q }) };
    });

    scope.get<Params>('/api/editor/articles/:language/:id', editor, async (request) => {
      const { language, id } = request.params;
      return view(await deps.articles.open(language, id));
    });

    scope.put<Params>('/api/editor/articles/:language/:id', editor, async (request, reply) => {
      const body = putBody.safeParse(request.body);
      if (!body.success) return invalidBody(reply, 'Send {fields, body, version} or {text, version}.');
      const { language, id } = request.params;
      const change = await deps.articles.save(language, id, asDraft(body.data), body.data.version);
      const file = change.after.path;
      if (change.changed.length > 0) {
        await deps.audit.record(by(request), 'article-saved', file, {
          fields: change.changed,
          from: change.before.version,
          version: change.after.version,
        });
        request.log.info({ file, by: by(request), fields: change.changed }, 'article saved');
      }
      return { file, version: change.after.version, text: change.after.text, changed: change.changed };
    });

    scope.post('/api/editor/articles', editor, async (request, reply) => {
      const body = postBody.safeParse(request.body);
      if (!body.success)
        return invalidBody(reply, 'Send {language, id, fields, body} or {language, id, text}.');
      const { language, id } = body.data;
      const created = await deps.articles.create(language, id, asDraft(body.data));
      await deps.audit.record(by(request), 'article-created', created.path, { version: created.version });
      request.log.info({ file: created.path, by: by(request) }, 'article created');
      return reply
        .code(201)
        .send({ language, id, file: created.path, version: created.version, text: created.text });
    });

    scope.post<Params>('/api/editor/articles/:language/:id/rename', editor, async (request, reply) => {
      const body = renameBody.safeParse(request.body);
      if (!body.success) return invalidBody(reply, 'Send {to, version}: the new id and the version read.');
      const { language, id } = request.params;
      const { before, after } = await deps.articles.rename(language, id, body.data.to, body.data.version);
      await deps.audit.record(by(request), 'article-renamed', before.path, {
        to: after.path,
        version: after.version,
      });
      request.log.info({ file: before.path, to: after.path, by: by(request) }, 'article renamed');
      return { language, id: body.data.to, file: after.path, version: after.version, text: after.text };
    });

    scope.delete<Params>('/api/editor/articles/:language/:id', editor, async (request, reply) => {
      const query = deleteQuery.safeParse(request.query);
      if (!query.success) return invalidBody(reply, 'Say which version is removed: ?version=<version read>.');
      const { language, id } = request.params;
      const removed = await deps.articles.remove(language, id, query.data.version);
      await deps.audit.record(by(request), 'article-removed', removed.path, { version: removed.version });
      request.log.info({ file: removed.path, by: by(request) }, 'article removed');
      return { ok: true };
    });

    scope.post<Params>('/api/editor/articles/:language/:id/questions', editor, async (request, reply) => {
      const body = questionBody.safeParse(request.body);
      if (!body.success)
        return invalidBody(reply, 'Send {question}: one example question, at most 500 characters.');
      const { language, id } = request.params;
      const { before, after } = await deps.articles.addQuestion(language, id, body.data.question);
      await deps.audit.record(by(request), 'article-question-added', after.path, {
        question: body.data.question,
        from: before.version,
        version: after.version,
      });
      request.log.info({ file: after.path, by: by(request) }, 'example question added');
      return { file: after.path, version: after.version, text: after.text };
    });
  });
}

function invalidBody(reply: Parameters<typeof sendError>[0], message: string) {
  return sendError(reply, 'MESSAGE_INVALID', message);
}

function asDraft(body: z.infer<typeof draft>): ArticleDraft {
  return 'text' in body ? { text: body.text } : { fields: body.fields, body: body.body };
}

function view(file: ArticleFile) {
  return {
    language: file.language,
    id: file.id,
    file: file.file,
    fields: file.form?.fields ?? null,
    body: file.form?.body ?? null,
    text: file.text,
    version: file.version,
    ...(file.problem !== undefined ? { problem: file.problem } : {}),
  };
}
