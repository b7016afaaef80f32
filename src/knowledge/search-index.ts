import type { Language } from '../core/language.ts';
import { runInSlices, runNow, type SlicedWork } from '../core/sliced-work.ts';
import type { Article, KnowledgeIndex, SearchHit, SearchOptions } from './article.ts';
import { type CalibrationOptions, DEFAULT_CALIBRATION } from './calibration.ts';
import type { ClassifierOptions } from './classifier.ts';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './features.ts';
import { DEFAULT_LANGUAGE_INDEX_SETTINGS, LanguageIndex } from './language-index.ts';
import type { SynonymTable } from './synonyms.ts';

/**
 * Options of `buildIndex`. Every field is optional; the defaults are the product's defaults and
 * the ones the evaluation CLI measures.
 */
export interface IndexOptions {
  /** Synonym tables per language (see synonyms.ts); default none. */
  readonly synonyms?: Partial<Record<Language, SynonymTable>>;
  /**
   * Dialect and colloquial lists per language (content/dialects, the same format as synonyms),
   * applied before the synonyms; default none.
   */
  readonly dialects?: Partial<Record<Language, SynonymTable>>;
  /**
   * Questions no article should answer, per language (content/off-topic): the learned model's
   * "none of the articles" class; default none.
   */
  readonly offTopic?: Partial<Record<Language, readonly string[]>>;
  /** Off-topic questions this near (cosine) to an article's text are left out (default 0.5). */
  readonly offTopicOverlap?: number;
  /** Feature groups and weights (default: words 1, stop words 0.5, word pairs 0.7, character 4-grams 0.6). */
  readonly features?: FeatureOptions;
  /** The learned model's training (default 8 to 30 epochs by size, step 4, averaged). */
  readonly classifier?: ClassifierOptions;
  /** The mapping to a confidence in [0, 1] (default: fitted on the development sets). */
  readonly calibration?: CalibrationOptions;
  /**
   * Largest model (features x articles of a language) trained at index time, default 20 million
   * weights (80 MB; CLINC150's 150 intents need 9 million). Larger knowledge bases rank by nearest example text only.
   */
  readonly maxModelWeights?: number;
  /** Words of an article's body used as its text next to the title and tags (default 120). */
  readonly bodyWords?: number;
  /**
   * Without a learned model: how many postings a feature keeps for finding candidate texts
   * (default 200), and how many candidates get their exact cosine (default 64).
   */
  readonly maxPostings?: number;
  readonly candidates?: number;
  /**
   * Without a learned model: weight of the article as a whole (the cosine with its texts' vectors
   * added up) against its nearest text in its similarity (default 0.4).
   */
  readonly wholeArticleWeight?: number;
  /**
   * An index built before with the same options (the knowledge base passes its current one when it
   * reloads): a language whose articles and lists are the very same objects as then keeps its sub-index,
   * so an edit in one language rebuilds that language only. Default none: everything is built.
   */
  readonly previous?: KnowledgeIndex;
}

/** What a language's sub-index was built from, to keep it when nothing of it changed. */
interface LanguagePart {
  readonly articles: readonly Article[];
  readonly synonyms: SynonymTable | undefined;
  readonly dialects: SynonymTable | undefined;
  readonly offTopic: readonly string[] | undefined;
  readonly index: LanguageIndex;
}

/** The parts of every index built here (forgotten with the index). */
const builtParts = new WeakMap<KnowledgeIndex, ReadonlyMap<Language, LanguagePart>>();

function unchanged(part: LanguagePart | undefined, now: Omit<LanguagePart, 'index'>): part is LanguagePart {
  return (
    part !== undefined &&
    part.synonyms === now.synonyms &&
    part.dialects === now.dialects &&
    part.offTopic === now.offTopic &&
    part.articles.length === now.articles.length &&
    part.articles.every((article, i) => article === now.articles[i])
  );
}

/** Build an immutable index over `articles`: one sub-index per language. */
export function buildIndex(articles: readonly Article[], options: IndexOptions = {}): KnowledgeIndex {
  return runNow(buildingIndex(articles, options));
}

/**
 * The same index, built in slices of about `sliceMs` with a turn of the event loop between them,
 * so that a server keeps answering while it reindexes after an edit.
 */
export function buildIndexInSlices(
  articles: readonly Article[],
  options: IndexOptions = {},
  sliceMs?: number,
): Promise<KnowledgeIndex> {
  return runInSlices(buildingIndex(articles, options), sliceMs);
}

/** The build itself, as work that pauses between slices (sliced-work.ts), for callers that run it in their own slices. */
export function* buildingIndex(
  articles: readonly Article[],
  options: IndexOptions = {},
): SlicedWork<KnowledgeIndex> {
  const byLanguage = new Map<Language, Article[]>();
  for (const article of articles) {
    const list = byLanguage.get(article.language) ?? [];
    list.push(article);
    byLanguage.set(article.language, list);
  }
  const indexes = new Map<Language, LanguageIndex>();
  const parts = new Map<Language, LanguagePart>();
  const before = options.previous === undefined ? undefined : builtParts.get(options.previous);
  for (const [language, list] of byLanguage) {
    const synonyms = options.synonyms?.[language];
    const dialects = options.dialects?.[language];
    const offTopic = options.offTopic?.[language];
    const basis = { articles: list, synonyms, dialects, offTopic };
    const kept = before?.get(language);
    if (unchanged(kept, basis)) {
      indexes.set(language, kept.index);
      parts.set(language, kept);
      continue;
    }
    const index = yield* LanguageIndex.building(language, list, {
      features: { ...DEFAULT_FEATURE_OPTIONS, ...options.features },
      classifier: options.classifier ?? {},
      calibration: { ...DEFAULT_CALIBRATION, ...options.calibration },
      maxModelWeights: options.maxModelWeights ?? DEFAULT_LANGUAGE_INDEX_SETTINGS.maxModelWeights,
      bodyWords: options.bodyWords ?? DEFAULT_LANGUAGE_INDEX_SETTINGS.bodyWords,
      maxPostings: options.maxPostings ?? DEFAULT_LANGUAGE_INDEX_SETTINGS.maxPostings,
      candidates: options.candidates ?? DEFAULT_LANGUAGE_INDEX_SETTINGS.candidates,
      wholeArticleWeight: options.wholeArticleWeight ?? DEFAULT_LANGUAGE_INDEX_SETTINGS.wholeArticleWeight,
      ...(synonyms === undefined ? {} : { synonyms }),
      ...(dialects === undefined ? {} : { dialects }),
      ...(offTopic === undefined ? {} : { offTopic }),
      ...(options.offTopicOverlap === undefined ? {} : { offTopicOverlap: options.offTopicOverlap }),
    });
    indexes.set(language, index);
    parts.set(language, { ...basis, index });
  }
  const built: KnowledgeIndex = {
    size: articles.length,
    search(query: string, searchOptions: SearchOptions): SearchHit[] {
      const index = indexes.get(searchOptions.language);
      if (index === undefined || query.trim().length === 0) return [];
      return index.search(query, searchOptions.limit ?? 3);
    },
    inspector: (language) => indexes.get(language),
  };
  builtParts.set(built, parts);
  return built;
}
