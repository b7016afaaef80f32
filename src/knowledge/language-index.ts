import type { Language } from '../core/language.ts';
import type { Article, SearchHit } from './article.ts';
import { type CalibrationOptions, DEFAULT_CALIBRATION, calibrate } from './calibration.ts';
import { type ClassifierOptions, SoftmaxClassifier } from './classifier.ts';
import { WordCoverage } from './coverage.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureContext,
  type FeatureOptions,
  FeatureSpace,
  featureTokens,
} from './features.ts';
import { type NearestExamples, PostingsBuilder } from './neighbors.ts';
import type { SynonymTable } from './synonyms.ts';
import { type SparseVector, TfIdf } from './tfidf.ts';

/** Settings of one language's index; see IndexOptions for the documented defaults. */
export interface LanguageIndexSettings {
  readonly features: Required<FeatureOptions>;
  readonly classifier: ClassifierOptions;
  readonly calibration: Required<CalibrationOptions>;
  /** Train the learned model only when features x articles stays under this many weights. */
  readonly maxModelWeights: number;
  /** Words of the body that join the title and tags as the article's own text. */
  readonly bodyWords: number;
  readonly synonyms?: SynonymTable;
}

export const DEFAULT_LANGUAGE_INDEX_SETTINGS: LanguageIndexSettings = {
  features: DEFAULT_FEATURE_OPTIONS,
  classifier: {},
  calibration: DEFAULT_CALIBRATION,
  maxModelWeights: 20_000_000,
  bodyWords: 120,
};

/** Raw signals for one question, before ranking and calibration. */
export interface RawScores {
  /** The learned model's probability of every article (absent when no model was trained). */
  readonly probability: Float64Array | undefined;
  /** Best cosine between the question and one of each article's texts. */
  readonly similarity: Float64Array;
  /** Share of the question's content words the index knows (coverage.ts). */
  readonly coverage: number;
}

function articleText(article: Article, bodyWords: number): string {
  const body = article.body.split(/\s+/).slice(0, bodyWords).join(' ');
  return [article.title, article.tags.join(' '), body].filter((part) => part.length > 0).join('\n');
}

/** Each text of the articles with its article's number: the questions, the title, the own text. */
function eachText(
  articles: readonly Article[],
  bodyWords: number,
  visit: (text: string, label: number) => void,
): void {
  articles.forEach((article, label) => {
    for (const question of article.questions) visit(question, label);
    visit(article.title, label);
    const own = articleText(article, bodyWords);
    if (own !== article.title) visit(own, label);
  });
}

/** The token ids of all texts, end to end, and where each text starts. */
class TokenStore {
  ids = new Int32Array(4096);
  length = 0;
  starts: number[] = [0];

  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }

  endText(): void {
    this.starts.push(this.length);
  }
}

/**
 * The index of the articles of one language. Built in passes over the texts so that no text's
 * features are kept: (1) tokenize and intern every text; (2) number the features and count their
 * frequencies; (3) encode each text again (cheap: each distinct token was stemmed and cut into
 * n-grams once), turn it into its TF-IDF vector and add it to the inverted index in flat typed
 * arrays. Vectors are kept only to train the learned model when there is one.
 */
export class LanguageIndex {
  private readonly context: FeatureContext;
  private readonly space: FeatureSpace;
  private readonly tfidf: TfIdf;
  private readonly neighbors: NearestExamples;
  private readonly model: SoftmaxClassifier | undefined;
  private readonly words: WordCoverage;
  private readonly everyArticle: Int32Array;

  constructor(
    readonly language: Language,
    private readonly articles: readonly Article[],
    private readonly settings: LanguageIndexSettings = DEFAULT_LANGUAGE_INDEX_SETTINGS,
  ) {
    this.context = {
      language,
      ...(settings.synonyms === undefined ? {} : { synonyms: settings.synonyms }),
    };
    const space = new FeatureSpace(this.context, settings.features);
    this.space = space;
    this.words = new WordCoverage([], language);
    const store = new TokenStore();
    const labels: number[] = [];
    eachText(articles, settings.bodyWords, (text, label) => {
      const tokens = featureTokens(text, this.context);
      this.words.add(tokens);
      for (const token of tokens) store.push(space.intern(token));
      store.endText();
      labels.push(label);
    });
    this.words.seal();
    const texts = labels.length;
    this.tfidf = new TfIdf(settings.features);
    // Document frequency counted per article: a word that all questions of one article share is
    // what tells that article apart, not a common word (measured better on the development sets).
    for (let d = 0; d < texts; d++) {
      this.tfidf.observe(
        space.encodeIds(store.ids, store.starts[d] ?? 0, store.starts[d + 1] ?? 0),
        labels[d],
      );
    }
    space.freeze();
    this.tfidf.finish(space.size, (id) => space.groupOf(id));
    const trainable = articles.length >= 2 && space.size * articles.length <= settings.maxModelWeights;
    const vectors: SparseVector[] = [];
    const postings = new PostingsBuilder(this.tfidf.textCounts);
    const add = (id: number, value: number): void => postings.add(id, value);
    for (let d = 0; d < texts; d++) {
      const encoded = space.encodeIds(store.ids, store.starts[d] ?? 0, store.starts[d + 1] ?? 0);
      postings.next();
      this.tfidf.each(encoded, add);
      if (trainable) vectors.push(this.tfidf.transform(encoded));
    }
    this.neighbors = postings.build(Int32Array.from(labels));
    this.everyArticle = trainable ? Int32Array.from(articles, (_, i) => i) : new Int32Array(0);
    this.model = trainable
      ? SoftmaxClassifier.train(vectors, labels, articles.length, space.size, settings.classifier)
      : undefined;
  }

  get size(): number {
    return this.articles.length;
  }

  private vector(tokens: readonly string[]): SparseVector {
    return this.tfidf.transform(this.space.encodeTokens(tokens));
  }

  /** Raw signals of every article for `query`. */
  scores(query: string): RawScores {
    const tokens = featureTokens(query, this.context);
    const x = this.vector(tokens);
    const similarity = new Float64Array(this.articles.length);
    this.neighbors.bestPerClass(x, similarity);
    let probability: Float64Array | undefined;
    if (this.model !== undefined) {
      probability = new Float64Array(this.articles.length);
      this.model.probabilities(x, probability);
    }
    return { probability, similarity, coverage: this.words.coverage(tokens) };
  }

  /**
   * The best `limit` articles. They are ranked by the learned model's probability when there is a
   * model (it ranks better than similarity, measured on the development sets), else by
   * similarity; the confidence combines the signals (calibration.ts) and is capped so that it
   * never rises down the list. Ties go to the earlier article.
   */
  search(query: string, limit: number): SearchHit[] {
    if (this.articles.length === 0 || limit <= 0) return [];
    if (this.model !== undefined) {
      const { probability, similarity, coverage } = this.scores(query);
      const rank = probability ?? similarity;
      const all = this.everyArticle;
      return this.hits(bestOf(all, all.length, rank, limit), probability, similarity, coverage);
    }
    // Without a model only the articles that share a feature with the question can rank.
    const tokens = featureTokens(query, this.context);
    const count = this.neighbors.score(this.vector(tokens));
    const best = this.neighbors.best;
    const top = bestOf(this.neighbors.classes, count, best, limit);
    return this.hits(top, undefined, best, this.words.coverage(tokens));
  }

  private hits(
    top: readonly number[],
    probability: Float64Array | undefined,
    similarity: Float64Array,
    coverage: number,
  ): SearchHit[] {
    const hits: SearchHit[] = [];
    let ceiling = 1;
    for (const index of top) {
      const article = this.articles[index];
      if (article === undefined) continue;
      const signals = { probability: probability?.[index], similarity: similarity[index] ?? 0, coverage };
      const score = Math.min(ceiling, calibrate(signals, this.articles.length, this.settings.calibration));
      ceiling = score;
      hits.push({ article, score });
    }
    return hits;
  }
}

/** The `limit` candidates of `candidates[0..count)` with the highest positive `rank`, ties to the lower index. */
function bestOf(candidates: ArrayLike<number>, count: number, rank: Float64Array, limit: number): number[] {
  const top: number[] = [];
  // The last (worst) kept candidate, to reject most candidates with one comparison.
  let lastRank = 0;
  let lastIndex = -1;
  for (let c = 0; c < count; c++) {
    const i = candidates[c] ?? 0;
    const r = rank[i] ?? 0;
    if (r <= 0) continue;
    if (top.length >= limit && (r < lastRank || (r === lastRank && i > lastIndex))) continue;
    let at = top.length;
    while (at > 0) {
      const other = top[at - 1] ?? 0;
      const ro = rank[other] ?? 0;
      if (r > ro || (r === ro && i < other)) at -= 1;
      else break;
    }
    top.splice(at, 0, i);
    if (top.length > limit) top.pop();
    lastIndex = top[top.length - 1] ?? -1;
    lastRank = rank[lastIndex] ?? 0;
  }
  return top;
}
