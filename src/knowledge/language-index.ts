import type { Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { tokenize } from '../language/tokenize.ts';
import type { Article, SearchHit } from './article.ts';
import { type CalibrationOptions, DEFAULT_CALIBRATION, calibrate } from './calibration.ts';
import { type ClassifierOptions, SoftmaxClassifier } from './classifier.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureContext,
  type FeatureOptions,
  extractFeatures,
} from './features.ts';
import { NearestExamples } from './neighbors.ts';
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
  /** Ranking by model probability x exp(weight x similarity); 0 ranks by probability alone. */
  readonly rankSimilarityWeight: number;
  readonly synonyms?: SynonymTable;
}

export const DEFAULT_LANGUAGE_INDEX_SETTINGS: LanguageIndexSettings = {
  features: DEFAULT_FEATURE_OPTIONS,
  classifier: {},
  calibration: DEFAULT_CALIBRATION,
  maxModelWeights: 40_000_000,
  bodyWords: 120,
  rankSimilarityWeight: 0,
};

/** Scores of every article for one question, before ranking. */
export interface RawScores {
  readonly probability: Float64Array | undefined;
  readonly similarity: Float64Array;
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
    const known = new Set<string>();
    if (language === 'fa')
      for (const text of texts) for (const w of tokenize(foldForSearch(text))) known.add(w);
    this.context = {
      language,
      ...(settings.synonyms === undefined ? {} : { synonyms: settings.synonyms }),
      ...(language === 'fa' ? { isKnown: (w: string) => known.has(w) } : {}),
    };
    const documents = texts.map((text) => extractFeatures(text, this.context, settings.features));
    this.tfidf = new TfIdf(settings.features);
    this.tfidf.fit(documents);
    const vectors = documents.map((doc) => this.tfidf.transform(doc));
    const labelArray = Int32Array.from(labels);
    this.neighbors = new NearestExamples(vectors, labelArray, this.tfidf.size);
    const trainable = articles.length >= 2 && this.tfidf.size * articles.length <= settings.maxModelWeights;
    this.model = trainable
      ? SoftmaxClassifier.train(vectors, labels, articles.length, this.tfidf.size, settings.classifier)
      : undefined;
  }

  get size(): number {
    return this.articles.length;
  }

  vectorize(query: string): SparseVector {
    return this.tfidf.transform(extractFeatures(query, this.context, this.settings.features));
  }

  /** Raw model probability and best similarity of every article. */
  scores(query: string): RawScores {
    const x = this.vectorize(query);
    const similarity = new Float64Array(this.articles.length);
    this.neighbors.bestPerClass(x, similarity);
    let probability: Float64Array | undefined;
    if (this.model !== undefined) {
      probability = new Float64Array(this.articles.length);
      this.model.probabilities(x, probability);
    }
    return { probability, similarity };
  }

  /**
   * The best `limit` articles. They are ranked by the learned model's probability when there is a
   * model (it ranks better than similarity), else by similarity; the confidence combines both
   * (calibration.ts) and is capped so that it never rises down the list.
   */
  search(query: string, limit: number): SearchHit[] {
    if (this.articles.length === 0 || limit <= 0) return [];
    const { probability, similarity } = this.scores(query);
    const blend = this.settings.rankSimilarityWeight;
    let rank = similarity;
    if (probability !== undefined) {
      rank = new Float64Array(probability.length);
      for (let i = 0; i < rank.length; i++) {
        rank[i] = Math.exp(Math.log((probability[i] ?? 0) + 1e-12) + blend * (similarity[i] ?? 0));
      }
    }
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
      const score = Math.min(
        ceiling,
        calibrate(probability?.[index], similarity[index] ?? 0, this.settings.calibration),
      );
      ceiling = score;
      hits.push({ article, score });
    }
    return hits;
  }
}
