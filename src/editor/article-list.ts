import { LANGUAGES, type Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import type { ArticleFile } from './editor-articles.ts';

/** One translation of an article, as the list shows it. */
export interface TranslationSummary {
  readonly title: string;
  readonly questions: number;
  /** Relative to the content folder. */
  readonly file: string;
  readonly version: string;
  /** Why the knowledge base leaves this file out, if it does. */
  readonly problem?: string;
}

/** One article id with its translations side by side and the languages that lack one. */
export interface ArticleRow {
  readonly id: string;
  readonly translations: Partial<Record<Language, TranslationSummary>>;
  readonly missing: readonly Language[];
}

export interface ArticleListQuery {
  /** Only ids with a translation in this language, and `q` looked for in that language only. */
  readonly language?: Language | undefined;
  /** Words every one of which must be in the id, title, questions or body (folded for search). */
  readonly q?: string | undefined;
}

/**
 * The articles by id, sorted, each with its translations (fa, ar, en) and the languages it lacks; `q`
 * folded as search folds (ي/ی, ك/ک, ZWNJ, digits, diacritics), so a Persian question typed on an Arabic
 * keyboard, with or without a half-space, or in Latin digits, finds its article.
 */
export function listArticles(files: readonly ArticleFile[], query: ArticleListQuery = {}): ArticleRow[] {
  const words = foldForSearch(query.q ?? '')
    .split(' ')
    .filter((word) => word !== '');
  const byId = new Map<string, ArticleFile[]>();
  for (const file of files) byId.set(file.id, [...(byId.get(file.id) ?? []), file]);
  const rows: ArticleRow[] = [];
  for (const [id, translations] of [...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const searched = query.language
      ? translations.filter((t) => t.language === query.language)
      : translations;
    if (searched.length === 0) continue;
    if (words.length > 0 && !searched.some((t) => matches(t, words))) continue;
    const summaries: Partial<Record<Language, TranslationSummary>> = {};
    for (const t of translations) summaries[t.language] = summary(t);
    rows.push({ id, translations: summaries, missing: LANGUAGES.filter((lang) => !summaries[lang]) });
  }
  return rows;
}

function matches(file: ArticleFile, words: readonly string[]): boolean {
  const parts = file.form
    ? [file.id, file.form.fields.title, ...file.form.fields.questions, file.form.body]
    : [file.id, file.text];
  const haystack = ` ${parts.map((part) => foldForSearch(part, file.language)).join(' ')} `;
  return words.every((word) => haystack.includes(word));
}

function summary(file: ArticleFile): TranslationSummary {
  return {
    title: file.form?.fields.title || file.id,
    questions: file.form?.fields.questions.length ?? 0,
    file: file.file,
    version: file.version,
    ...(file.problem !== undefined ? { problem: file.problem } : {}),
  };
}
