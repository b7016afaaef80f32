import { HamdelError } from '../core/errors.ts';
import type { Article } from '../knowledge/article.ts';
import { parseArticleFile } from '../knowledge/article-file.ts';

/**
 * What the knowledge base would make of the file `<language>/<id>.md` with this text: the article, or
 * ARTICLE_INVALID with the parser's reason (`context.reason`), also when the front matter's id or
 * language is not the file's.
 */
export function checkArticleText(language: string, id: string, text: string): Article {
  const article = parseArticleFile(`${language}/${id}.md`, text);
  if (article.id !== id) {
    throw new HamdelError('ARTICLE_INVALID', `id "${article.id}" in a file named ${id}.md`, {
      reason: `the id in the front matter ("${article.id}") must be the file's name ("${id}")`,
    });
  }
  if (article.language !== language) {
    throw new HamdelError('ARTICLE_INVALID', `language "${article.language}" in a "${language}" folder`, {
      reason: `the language in the front matter ("${article.language}") must be the folder's ("${language}")`,
    });
  }
  return article;
}
