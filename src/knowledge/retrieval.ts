import type { ForwardIndex } from './forward-index.ts';
import type { NearestExamples } from './neighbors.ts';
import type { SparseVector } from './tfidf.ts';

/** What `Retrieval` takes from the index's settings. */
export interface RetrievalSettings {
  /** Candidate texts whose exact cosine is computed. */
  readonly candidates: number;
  /** Weight of the article as a whole against its nearest text, in [0, 1]. */
  readonly wholeArticleWeight: number;
}

/**
 * Ranking by similarity alone, for knowledge bases too large for the learned model. The inverted
 * index picks candidate texts (neighbors.ts) and the forward index gives their exact cosines; an
 * article's similarity blends its nearest candidate text with the article as a whole: the cosine
 * of the question with all its texts' vectors added up, which rewards an article that several of
 * its questions match. The whole-article sum comes from the postings walk (a lower bound for the
 * texts that are not candidates), so it costs almost nothing more.
 */
export class Retrieval {
  private readonly candidates: Int32Array;
  /** Per article of the question being answered: its texts' dot products added up. */
  private readonly wholeSums: Float64Array;
  private readonly seen: Uint8Array;

  constructor(
    private readonly neighbors: NearestExamples,
    /** The length of each article's texts' vectors added up (`ArticleNorms`). */
    private readonly articleNorms: Float64Array,
    /** The article of each text. */
    private readonly labels: Int32Array,
    private readonly settings: RetrievalSettings,
  ) {
    this.candidates = new Int32Array(settings.candidates);
    this.wholeSums = new Float64Array(articleNorms.length);
    this.seen = new Uint8Array(articleNorms.length);
  }

  /**
   * Sets `similarity[a]` of every article with a candidate text for question `x` (the forward
   * index must hold `x` as its question) and returns those articles; the caller resets them.
   */
  score(x: SparseVector, forward: ForwardIndex, similarity: Float64Array): number[] {
    const { neighbors, candidates, wholeSums, seen, labels } = this;
    const count = neighbors.candidates(x, candidates.length, candidates);
    const estimates = neighbors.candidateScores;
    const articles: number[] = [];
    for (let c = 0; c < count; c++) {
      const text = candidates[c] ?? 0;
      const a = labels[text] ?? 0;
      const cosine = forward.cosine(text);
      if (seen[a] === 0) {
        seen[a] = 1;
        articles.push(a);
        similarity[a] = 0;
        wholeSums[a] = neighbors.groupSums[a] ?? 0;
      }
      if (cosine > (similarity[a] ?? 0)) similarity[a] = cosine;
      // The group sum holds the candidate's estimate: put its exact cosine in its place.
      wholeSums[a] = (wholeSums[a] ?? 0) + cosine - (estimates[c] ?? 0);
    }
    const w = this.settings.wholeArticleWeight;
    for (const a of articles) {
      seen[a] = 0;
      const norm = this.articleNorms[a] ?? 0;
      const whole = norm > 0 ? Math.min(1, (wholeSums[a] ?? 0) / norm) : 0;
      similarity[a] = (1 - w) * (similarity[a] ?? 0) + w * whole;
    }
    return articles;
  }
}

/**
 * The length of each article's texts' vectors added up (texts come in article order), so that the
 * cosine of a question with the article as a whole is the sum of its dot products with the texts
 * divided by this length.
 */
export class ArticleNorms {
  private readonly norms: Float64Array;
  private readonly sum: Float64Array;
  private readonly ids: number[] = [];
  private article = -1;

  constructor(articles: number, features: number) {
    this.norms = new Float64Array(articles);
    this.sum = new Float64Array(features);
  }

  startText(article: number): void {
    if (article !== this.article) this.close();
    this.article = article;
  }

  add(id: number, value: number): void {
    const before = this.sum[id] ?? 0;
    if (before === 0) this.ids.push(id);
    this.sum[id] = before + value;
  }

  finish(): Float64Array {
    this.close();
    return this.norms;
  }

  private close(): void {
    if (this.article < 0) return;
    let squares = 0;
    for (const id of this.ids) {
      const v = this.sum[id] ?? 0;
      squares += v * v;
      this.sum[id] = 0;
    }
    this.ids.length = 0;
    this.norms[this.article] = Math.sqrt(squares);
  }
}
