/**
 * The product's sample articles (content/articles) with the index options the product builds them
 * with (the dialect lists and synonym tables of content/), loaded the way the server loads them.
 */
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/knowledge/article.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { type IndexOptions, buildIndex } from '../src/knowledge/search-index.ts';

const CONTENT = fileURLToPath(new URL('../content/', import.meta.url));

export async function sampleArticles(): Promise<{ articles: readonly Article[]; options: IndexOptions }> {
  let options: IndexOptions = {};
  const kb = new KnowledgeBase({
    articlesDir: `${CONTENT}articles`,
    synonymsDir: `${CONTENT}synonyms`,
    dialectsDir: `${CONTENT}dialects`,
    offTopicDir: `${CONTENT}off-topic`,
    buildIndex: (articles, given) => {
      options = given;
      return buildIndex(articles, given);
    },
  });
  const snapshot = await kb.load();
  return { articles: snapshot.articles, options };
}
