/** The article calls of the editor API (src/editor/article-routes.ts), typed. */
import type { ArticleFields } from '../../src/knowledge/article-form.ts';
import type { Language } from '../../src/core/language.ts';
import { api } from './api.ts';

import type { ArticleRow } from '../../src/editor/article-list.ts';

export type { ArticleRow, TranslationSummary as TranslationRow } from '../../src/editor/article-list.ts';

/** An article as opened: `fields` and `body` null when its front matter cannot be read as a form. */
export interface OpenedArticle {
  readonly language: Language;
  readonly id: string;
  readonly file: string;
  readonly fields: ArticleFields | null;
  readonly body: string | null;
  readonly text: string;
  readonly version: string;
  readonly problem?: string;
}

/** A file as saved. */
export interface SavedArticle {
  readonly file: string;
  readonly version: string;
  readonly text: string;
}

/** What a save sends: the form (fields and body) or the whole text. */
export type ArticleSave = { fields: ArticleFields; body: string } | { text: string };

const base = '/api/editor/articles';
const one = (language: string, id: string) =>
  `${base}/${encodeURIComponent(language)}/${encodeURIComponent(id)}`;

export async function listArticles(query: { language?: string; q?: string }): Promise<ArticleRow[]> {
  const params = new URLSearchParams();
  if (query.language) params.set('language', query.language);
  if (query.q) params.set('q', query.q);
  return (await api<{ articles: ArticleRow[] }>('GET', `${base}?${params}`)).articles;
}

export function openArticle(language: string, id: string): Promise<OpenedArticle> {
  return api('GET', one(language, id));
}

/** Saves on `version`; a conflict is an ApiError CONTENT_CONFLICT with `details.current`. */
export function saveArticle(
  language: string,
  id: string,
  save: ArticleSave,
  version: string,
): Promise<SavedArticle> {
  return api('PUT', one(language, id), { ...save, version });
}

export function createArticle(language: string, id: string, save: ArticleSave): Promise<SavedArticle> {
  return api('POST', base, { language, id, ...save });
}

export function renameArticle(
  language: string,
  id: string,
  to: string,
  version: string,
): Promise<SavedArticle & { id: string }> {
  return api('POST', `${one(language, id)}/rename`, { to, version });
}

export function deleteArticle(language: string, id: string, version: string): Promise<unknown> {
  return api('DELETE', `${one(language, id)}?version=${encodeURIComponent(version)}`);
}
