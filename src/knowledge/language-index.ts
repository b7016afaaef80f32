import type { Language } from '../core/language.ts';
import type { Article, SearchHit } from './article.ts';
import { type CalibrationOptions, DEFAULT_CALIBRATION, calibrate } from './calibration.ts';
import { type ClassifierOptions, SoftmaxClassifier } from './classifier.ts';
import { WordCoverage } from './coverage.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureContext,
  type FeatureOptions,
  featureTokens,
  featuresOfTokens,
} from './features.ts';
import { NearestExamples } from './neighbors.ts';
import type { SynonymTable } from './synonyms.ts';
import { TfIdf } from './tfidf.ts';

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

/** The index of the articles of one language. */
export class LanguageIndex {
  private readonly context: FeatureContext;
  private readonly tfidf: TfIdf;
  private readonly neighbors: NearestExamples;
  private readonly model: SoftmaxClassifier | undefined;
  private readonly words: WordCoverage;

  constructor(
    readonly language: Language,
    private readonly articles: readonly Article[],
    private readonly settings: LanguageIndexSettings = DEFAULT_LANGUAGE_INDEX_SETTINGS,
  ) {
    const texts: string[] = [];
    const labels: number[] = [];
    articles.forEach((article, label) => {
      for (const question of article.questions) {
        texts.push(question);
        labels.push(label);
      }
      texts.push(article.title);
      labels.push(label);
      const own = articleText(article, settings.bodyWords);
      if (own !== article.title) {
        texts.push(own);
        labels.push(label);
      }
    });
    const base: FeatureContext = {
      language,
      ...(settings.synonyms === undefined ? {} : { synonyms: settings.synonyms }),
    };
    const tokens = texts.map((text) => featureTokens(text, base));
    this.words = new WordCoverage(tokens, language);
    // Persian one-letter suffixes are removed only when the rest is a word of this knowledge base.
    const known = new Set(language === 'fa' ? tokens.flat() : []);
    this.context = language === 'fa' ? { ...base, isKnown: (w: string) => known.has(w) } : base;
    const documents = tokens.map((list) => featuresOfTokens(list, this.context, settings.features));
    this.tfidf = new TfIdf(settings.features);
    // Document frequency counted per article: a word that all questions of one article share is
    // what tells that article apart, not a common word (measured better on the development sets).
    this.tfidf.fit(documents, labels);
    const vectors = documents.map((doc) => this.tfidf.transform(doc));
    this.neighbors = new NearestExamples(vectors, Int32Array.from(labels), this.tfidf.size);
    const trainable = articles.length >= 2 && this.tfidf.size * articles.length <= settings.maxModelWeights;
    this.model = trainable
      ? SoftmaxClassifier.train(vectors, labels, articles.length, this.tfidf.size, settings.classifier)
      : undefined;
  }

  get size(): number {
    return this.articles.length;
  }

  /** Raw signals of every article for `query`. */
  scores(query: string): RawScores {
    const tokens = featureTokens(query, this.context);
    const x = this.tfidf.transform(featuresOfTokens(tokens, this.context, this.settings.features));
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
   * never rises down the list.
   */
  search(query: string, limit: number): SearchHit[] {
    if (this.articles.length === 0 || limit <= 0) return [];
    const { probability, similarity, coverage } = this.scores(query);
    const rank = probability ?? similarity;
    const top: number[] = [];
    for (let i = 0; i < this.articles.length; i++) {
      const r = rank[i] ?? 0;
      if (r <= 0) continue;
      const last = top[top.length - 1];
      if (top.length < limit || last === undefined || r > (rank[last] ?? 0)) {
        let at = top.length;
        while (at > 0 && r > (rank[top[at - 1] ?? 0] ?? 0)) at -= 1;
        top.splice(at, 0, i);
        if (top.length > limit) top.pop();
      }
    }
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
