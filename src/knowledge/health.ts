/**
 * The health of a knowledge base, per language, for editors (`GET /api/editor/health`, the editor's
 * Health section, `npm run content:check -- --report`):
 *
 * - leave-one-out: every example question asked against the base without it, with the product's
 *   index, thresholds and lists (evaluation.ts), counted as answered right, answered wrong or
 *   abstained. Rebuilding the index once per question would cost hundreds of builds, so the
 *   questions are held out in rounds: round k holds out the k-th question of every article (the
 *   k-th, k + R-th... when an article has more than R questions) and asks them against the base
 *   built from all the others. Each question is asked once, against a base that lacks it and one
 *   question of each other article.
 * - conflicts: the example questions that the leave-one-out answers with another article: what a
 *   customer asking the same would get.
 * - near duplicates: article pairs whose texts, taken together (example questions, title, own text:
 *   the sum of their TF-IDF vectors in the index, normalized), have a cosine of `nearDuplicate` or
 *   more, or whose own texts alone (title, tags, the start of the answer) have one of `sameText` or
 *   more.
 * - too few questions: articles with fewer than `minQuestions` example questions.
 */
import type { Language } from '../core/language.ts';
import { runNow, type SlicedWork } from '../core/sliced-work.ts';
import type { Article } from './article.ts';
import { outcome } from './eval-metrics.ts';
import { evaluatingArticles } from './evaluation.ts';
import type { Row } from './intent-data.ts';
import type { KnowledgeSnapshot } from './knowledge-base.ts';
import type { ArticleVectors } from './index-probe.ts';
import type { SparseVector } from './tfidf.ts';

export interface HealthLimits {
  /**
   * Articles with fewer example questions are listed (default 5). Measured on the shipped content: an
   * article cut down to 1, 2, 3, 4, 5, 6 example questions answers 21, 26, 34, 38, 43, 46% of its other
   * questions right (fa, ar and en pooled); up to the 5th each question adds 5 to 7 points, from the 6th
   * about 3 (docs/architecture.md, "What would the bot answer, and the knowledge base's health").
   */
  readonly minQuestions: number;
  /**
   * Article pairs at least this similar are listed (default 0.75): on the shipped content the closest
   * two distinct topics (a warranty and an extended warranty) are 0.53 to 0.69 alike, while an article
   * copied with a new title and reworded questions is over 0.8.
   */
  readonly nearDuplicate: number;
  /**
   * Article pairs whose own texts (title, tags, the start of the answer) are at least this similar are
   * listed too (default 0.8): on the shipped content the closest two are 0.5 to 0.61 alike; an
   * answer pasted into a second article is near 1 whatever its questions.
   */
  readonly sameText: number;
  /** Leave-one-out rounds at most (default 10): the index is built this many times per language. */
  readonly rounds: number;
}

export const DEFAULT_HEALTH_LIMITS: HealthLimits = {
  minQuestions: 5,
  nearDuplicate: 0.75,
  sameText: 0.8,
  rounds: 10,
};

export interface ArticleRef {
  readonly id: string;
  readonly title: string;
}

export interface HealthConflict {
  /** The article the question belongs to. */
  readonly article: ArticleRef;
  readonly question: string;
  /** The article the bot gives first for it without it. */
  readonly answeredBy: ArticleRef;
  /** The bot's confidence in that article. */
  readonly score: number;
}

export interface HealthReport {
  readonly language: Language;
  readonly articles: number;
  readonly questions: number;
  readonly leaveOneOut: {
    /** Example questions asked: answered right + answered wrong + abstained. */
    readonly asked: number;
    readonly right: number;
    readonly wrong: number;
    readonly abstained: number;
    /** Indexes built (rounds). */
    readonly rounds: number;
  };
  readonly conflicts: readonly HealthConflict[];
  readonly nearDuplicates: readonly {
    readonly a: ArticleRef;
    readonly b: ArticleRef;
    /** Cosine of all their texts taken together. */
    readonly similarity: number;
    /** Cosine of their own texts (title, tags, start of the answer). */
    readonly textSimilarity: number;
  }[];
  readonly thin: readonly { readonly article: ArticleRef; readonly questions: number }[];
  readonly limits: HealthLimits;
  /** Wall time of the whole report in ms (with the pauses, when run in slices). */
  readonly ms: number;
}

const ref = (article: Article): ArticleRef => ({ id: article.id, title: article.title });

/** The report of one language of `snapshot`, as work that pauses between slices (sliced-work.ts). */
export function* checkingHealth(
  snapshot: KnowledgeSnapshot,
  language: Language,
  limits: HealthLimits = DEFAULT_HEALTH_LIMITS,
): SlicedWork<HealthReport> {
  const started = performance.now();
  const articles = snapshot.articles.filter((article) => article.language === language);
  const byId = new Map(articles.map((article) => [article.id, article]));
  const most = articles.reduce((max, article) => Math.max(max, article.questions.length), 0);
  const rounds = Math.min(most, Math.max(1, limits.rounds));
  const counts = { asked: 0, right: 0, wrong: 0, abstained: 0, rounds };
  const conflicts: HealthConflict[] = [];
  for (let round = 0; round < rounds; round++) {
    const held: Row[] = [];
    const kept = articles.map((article) => ({
      ...article,
      questions: article.questions.filter((question, i) => {
        if (i % rounds !== round) return true;
        held.push({ text: question, label: article.id });
        return false;
      }),
    }));
    const evaluation = yield* evaluatingArticles(kept, held, {
      language,
      index: snapshot.indexOptions,
    });
    evaluation.clean.rows.forEach((row, i) => {
      const ended = outcome(row);
      counts.asked += 1;
      counts[ended] += 1;
      const own = byId.get(row.label);
      const other = byId.get(row.ranked[0] ?? '');
      if (ended === 'wrong' && own !== undefined && other !== undefined) {
        conflicts.push({
          article: ref(own),
          question: held[i]?.text ?? '',
          answeredBy: ref(other),
          score: row.score ?? 0,
        });
      }
    });
  }
  conflicts.sort((p, q) => q.score - p.score);
  const vectors = snapshot.index.inspector?.(language)?.articleVectors() ?? [];
  const nearDuplicates = [];
  for (const pair of yield* similarPairs(vectors, limits)) {
    const a = byId.get(pair.a);
    const b = byId.get(pair.b);
    if (a && b) nearDuplicates.push({ ...pair, a: ref(a), b: ref(b) });
  }
  const thin = articles
    .filter((article) => article.questions.length < limits.minQuestions)
    .map((article) => ({ article: ref(article), questions: article.questions.length }))
    .sort((p, q) => p.questions - q.questions);
  return {
    language,
    articles: articles.length,
    questions: articles.reduce((sum, article) => sum + article.questions.length, 0),
    leaveOneOut: counts,
    conflicts,
    nearDuplicates,
    thin,
    limits,
    ms: Math.round(performance.now() - started),
  };
}

/** The same at once (the command line). */
export function checkHealth(
  snapshot: KnowledgeSnapshot,
  language: Language,
  limits?: HealthLimits,
): HealthReport {
  return runNow(checkingHealth(snapshot, language, limits));
}

/**
 * Article pairs alike by all their texts (`whole`) or by their own texts (`text`), most alike first:
 * each article's dot products with the later ones, through the lists of articles having each feature.
 */
function* similarPairs(
  vectors: readonly ArticleVectors[],
  limits: HealthLimits,
): SlicedWork<{ a: string; b: string; similarity: number; textSimilarity: number }[]> {
  const whole = yield* dotProducts(vectors.map((v) => v.whole));
  const text = yield* dotProducts(vectors.map((v) => v.text));
  const found: { a: string; b: string; similarity: number; textSimilarity: number }[] = [];
  for (const key of new Set([...whole.keys(), ...text.keys()])) {
    const i = Math.floor(key / vectors.length);
    const j = key % vectors.length;
    const [first, second] = [vectors[i], vectors[j]] as [ArticleVectors, ArticleVectors];
    // Below the floor a pair is not kept while comparing: its cosine is computed again here.
    const similarity = whole.get(key) ?? cosine(first.whole, second.whole);
    const textSimilarity = text.get(key) ?? cosine(first.text, second.text);
    if (similarity < limits.nearDuplicate && textSimilarity < limits.sameText) continue;
    found.push({ a: first.id, b: second.id, similarity, textSimilarity });
  }
  return found.sort(
    (p, q) => Math.max(q.similarity, q.textSimilarity) - Math.max(p.similarity, p.textSimilarity),
  );
}

/** Every pair's cosine above a small floor (0.2), keyed i * n + j (i < j); one pause per vector. */
function* dotProducts(vectors: readonly SparseVector[]): SlicedWork<Map<number, number>> {
  const n = vectors.length;
  const postings = new Map<number, { at: number; value: number }[]>();
  vectors.forEach((vector, at) => {
    vector.ids.forEach((id, k) => {
      const list = postings.get(id) ?? [];
      list.push({ at, value: vector.values[k] ?? 0 });
      postings.set(id, list);
    });
  });
  const out = new Map<number, number>();
  const dots = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const vector = vectors[i] as SparseVector;
    dots.fill(0);
    vector.ids.forEach((feature, k) => {
      const value = vector.values[k] ?? 0;
      for (const other of postings.get(feature) ?? []) {
        if (other.at > i) dots[other.at] = (dots[other.at] ?? 0) + value * other.value;
      }
    });
    for (let j = i + 1; j < n; j++) {
      const dot = dots[j] ?? 0;
      if (dot >= PAIR_FLOOR) out.set(i * n + j, dot);
    }
    yield;
  }
  return out;
}

/** Cosine of two normalized vectors (ids ascending). */
function cosine(a: SparseVector, b: SparseVector): number {
  let dot = 0;
  for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length;) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) dot += (a.values[i++] as number) * (b.values[j++] as number);
    else if (x < y) i += 1;
    else j += 1;
  }
  return dot;
}

/** Pairs less alike than this are not kept while comparing (both limits are far above it). */
const PAIR_FLOOR = 0.2;
