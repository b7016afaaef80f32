/**
 * One evaluation of the knowledge engine on an intent data set, as `eval:kb` runs it: one article
 * per label built from the train rows, every test row asked with the product's index and decision,
 * and optionally the same rows again with typos, extra out-of-scope rows, or intents held out of
 * the knowledge base so that their questions are out of scope.
 */
import path from 'node:path';
import { PACKAGE_CONTENT_DIR } from '../core/config.ts';
import type { Language } from '../core/language.ts';
import { random } from '../core/random.ts';
import { runNow, type SlicedWork } from '../core/sliced-work.ts';
import type { Article, KnowledgeIndex } from './article.ts';
import { DEFAULT_THRESHOLDS, decide } from './decision.ts';
import {
  type CurvePoint,
  type EvalRow,
  type EvalSummary,
  OOS,
  summarize,
  thresholdCurve,
} from './eval-metrics.ts';
import { injectTypos } from './eval-typos.ts';
import { articlesOf, holdOutLabels, labelDocuments, type Row, sampleShots } from './intent-data.ts';
import { type ArticleProblem, readLanguageTables } from './knowledge-base.ts';
import { type IndexOptions, buildingIndex } from './search-index.ts';

export interface EvaluationOptions {
  readonly language: Language;
  /** Example questions per article: N train rows per label sampled with `seed` (default: all rows). */
  readonly shots?: number;
  /** Seed of the shots, the held-out intents and the typos (default 1). */
  readonly seed?: number;
  /** Also ask every row with typos in this share of its longer words (eval-typos.ts). */
  readonly typos?: number;
  /** Extra out-of-scope questions (asked with label `oos`). */
  readonly oos?: readonly Row[];
  /** Hold this share of the intents out of the knowledge base; their questions become out of scope. */
  readonly holdout?: number;
  /** Index options (default: the product's defaults). */
  readonly index?: IndexOptions;
}

/**
 * The language lists the product ships (content/dialects and content/off-topic of the package, or of
 * `contentDir`): what `eval:kb` builds with unless told otherwise, so that it measures the product's
 * engine. The shop's synonyms are left out: they are one business's words.
 */
export async function productLanguageTables(contentDir = PACKAGE_CONTENT_DIR): Promise<IndexOptions> {
  const problems: ArticleProblem[] = [];
  const tables = await readLanguageTables(
    { dialectsDir: path.join(contentDir, 'dialects'), offTopicDir: path.join(contentDir, 'off-topic') },
    problems,
  );
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.file}: ${p.reason}`).join('\n'));
  return { dialects: tables.dialects ?? {}, offTopic: tables.offTopic ?? {} };
}

/** Abstain thresholds of the trade-off curve. */
export const CURVE_THRESHOLDS: readonly number[] = [
  0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7,
];

export interface AskedRun {
  readonly rows: EvalRow[];
  readonly summary: EvalSummary;
  readonly curve: CurvePoint[];
  readonly msPerQuery: number;
}

export interface Evaluation {
  readonly articles: number;
  readonly heldOut: readonly string[];
  readonly buildMs: number;
  readonly clean: AskedRun;
  /** The same questions with typos, when asked for. */
  readonly typos?: AskedRun;
}

/** Questions asked between pauses when an evaluation runs in slices. */
const QUESTIONS_PER_SLICE = 16;

function* asking(index: KnowledgeIndex, language: Language, test: readonly Row[]): SlicedWork<AskedRun> {
  const rows: EvalRow[] = [];
  let ms = 0;
  for (const row of test) {
    const t0 = performance.now();
    const hits = index.search(row.text, { language, limit: 3 });
    const decision = decide(hits);
    ms += performance.now() - t0;
    rows.push({
      label: row.label,
      ranked: hits.map((h) => h.article.id),
      abstained: decision.kind === 'none',
      score: hits[0]?.score ?? 0,
      ...(row.group === undefined ? {} : { group: row.group }),
    });
    if (rows.length % QUESTIONS_PER_SLICE === 0) yield;
  }
  return {
    rows,
    summary: summarize(rows),
    curve: thresholdCurve(rows, CURVE_THRESHOLDS),
    msPerQuery: ms / Math.max(1, rows.length),
  };
}

export function evaluate(
  train: readonly Row[],
  test: readonly Row[],
  options: EvaluationOptions,
): Evaluation {
  const seed = options.seed ?? 1;
  const held =
    options.holdout === undefined || options.holdout <= 0
      ? { train, test, heldOut: [] as string[] }
      : holdOutLabels(train, test, options.holdout, seed);
  const sampled = options.shots === undefined ? held.train : sampleShots(held.train, options.shots, seed);
  const articles: Article[] = articlesOf(labelDocuments(sampled), options.language);
  return { ...evaluateArticles(articles, held.test, options), heldOut: held.heldOut };
}

/** The same with articles of one's own (e.g. the product's content): `questions` are labelled with article ids. */
export function evaluateArticles(
  articles: readonly Article[],
  questions: readonly Row[],
  options: EvaluationOptions,
): Evaluation {
  return runNow(evaluatingArticles(articles, questions, options));
}

/**
 * `evaluateArticles` as work that pauses between slices (sliced-work.ts): a server runs it with
 * `runInSlices` and keeps answering meanwhile (the editors' health report). `buildMs` is then the
 * index's build time including the pauses.
 */
export function* evaluatingArticles(
  articles: readonly Article[],
  questions: readonly Row[],
  options: EvaluationOptions,
): SlicedWork<Evaluation> {
  const seed = options.seed ?? 1;
  const asked = [...questions, ...(options.oos ?? []).map((row) => ({ ...row, label: OOS }))];
  const started = performance.now();
  const index = yield* buildingIndex(articles, options.index);
  const buildMs = performance.now() - started;
  const clean = yield* asking(index, options.language, asked);
  const base = {
    articles: articles.filter((a) => a.language === options.language).length,
    heldOut: [],
    buildMs,
    clean,
  };
  if (options.typos === undefined || options.typos <= 0) return base;
  const next = random(seed);
  const rate = options.typos;
  const typoed = asked.map((row) => ({
    ...row,
    text: injectTypos(row.text, options.language, { rate }, next),
  }));
  return { ...base, typos: yield* asking(index, options.language, typoed) };
}

/** The product's abstain threshold, marked in the curve. */
export const PRODUCT_ABSTAIN = DEFAULT_THRESHOLDS.abstain;
