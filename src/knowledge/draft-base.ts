import { HamdelError, isHamdelError } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import type { Article, KnowledgeIndex } from './article.ts';
import { parseArticleFile } from './article-file.ts';
import { createSnapshot, type KnowledgeSnapshot } from './knowledge-base.ts';
import { buildIndexInSlices, type IndexOptions } from './search-index.ts';

/**
 * An editor's unsaved article: the whole file text as it would be saved under
 * content/articles/<language>/<id>.md. `id` names the file (an existing article's, or a new one); the
 * front matter may give the article another id (a rename).
 */
export interface ArticleDraft {
  readonly language: Language;
  readonly id: string;
  readonly text: string;
}

const refuse = (draft: ArticleDraft, reason: string): never => {
  throw new HamdelError(
    'DRAFT_INVALID',
    `The draft ${draft.language}/${draft.id} cannot be used: ${reason}`,
    {
      reason,
    },
  );
};

/**
 * The draft read as the knowledge base would read its file (parseArticleFile), and checked as the
 * loader checks a folder: its language is the folder's, its id no other article's.
 * Throws DRAFT_INVALID with the reason (`context.reason`).
 */
export function readDraft(published: readonly Article[], draft: ArticleDraft): Article {
  const existing = published.find((a) => a.language === draft.language && a.id === draft.id);
  const file = existing?.file || `${draft.language}/${draft.id}.md`;
  let article: Article;
  try {
    article = parseArticleFile(file, draft.text);
  } catch (error) {
    if (!isHamdelError(error, 'ARTICLE_INVALID')) throw error;
    return refuse(draft, String(error.context.reason ?? error.message));
  }
  if (article.language !== draft.language) {
    return refuse(draft, `language "${article.language}" in a "${draft.language}" folder`);
  }
  const other = published.find(
    (a) => a.language === article.language && a.id === article.id && a !== existing,
  );
  if (other) return refuse(draft, `id "${article.id}" is already used by ${other.file || other.id}`);
  return article;
}

/** The published articles with the draft in place of its file (or beside them, for a new file). */
export function withDraft(published: readonly Article[], draft: ArticleDraft, article: Article): Article[] {
  const at = published.findIndex((a) => a.language === draft.language && a.id === draft.id);
  return at < 0 ? [...published, article] : published.map((a, i) => (i === at ? article : a));
}

/**
 * A knowledge base as it would be with the draft saved: the draft's language indexed again by the
 * same builder and with the same lists as the published one (its other languages are the published
 * indexes, unchanged). Throws DRAFT_INVALID when the draft cannot be read.
 */
export async function buildDraftSnapshot(
  published: KnowledgeSnapshot,
  draft: ArticleDraft,
  build: (
    articles: readonly Article[],
    options: IndexOptions,
  ) => Promise<KnowledgeIndex> = buildIndexInSlices,
): Promise<KnowledgeSnapshot> {
  const article = readDraft(published.articles, draft);
  const articles = withDraft(published.articles, draft, article);
  const own = await build(
    articles.filter((a) => a.language === draft.language),
    published.indexOptions,
  );
  const index: KnowledgeIndex = {
    size: articles.length,
    search: (query, options) =>
      (options.language === draft.language ? own : published.index).search(query, options),
    inspector: (language) => (language === draft.language ? own : published.index).inspector?.(language),
  };
  return createSnapshot(index, articles, published.problems, published.indexOptions);
}
