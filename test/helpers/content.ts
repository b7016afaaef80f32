import { fileURLToPath } from 'node:url';
import { MessageCatalog } from '../../src/dialogs/message-catalog.ts';
import { KnowledgeBase, type KnowledgeSnapshot } from '../../src/knowledge/knowledge-base.ts';
import { buildIndex } from '../../src/knowledge/search-index.ts';
import { loadAngerDetector, type AngerDetector } from '../../src/sentiment/detector.ts';

export const CONTENT_DIR = fileURLToPath(new URL('../../content/', import.meta.url));

let cached: Promise<{ knowledge: KnowledgeSnapshot; catalog: MessageCatalog }> | undefined;
let detector: Promise<AngerDetector> | undefined;

/** The product's anger detector with the lexicons from content/, loaded once per test file. */
export function sampleDetector(): Promise<AngerDetector> {
  detector ??= loadAngerDetector({ lexiconDir: `${CONTENT_DIR}lexicons` });
  return detector;
}

/** The sample knowledge base and message catalog from content/, loaded once per test file. */
export function sampleContent(): Promise<{ knowledge: KnowledgeSnapshot; catalog: MessageCatalog }> {
  cached ??= (async () => {
    const kb = new KnowledgeBase({
      articlesDir: `${CONTENT_DIR}articles`,
      synonymsDir: `${CONTENT_DIR}synonyms`,
      dialectsDir: `${CONTENT_DIR}dialects`,
      offTopicDir: `${CONTENT_DIR}off-topic`,
      buildIndex,
    });
    const knowledge = await kb.load();
    const catalog = await MessageCatalog.load(`${CONTENT_DIR}messages`);
    return { knowledge, catalog };
  })();
  return cached;
}
