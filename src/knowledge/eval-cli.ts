/**
 * Evaluate the knowledge engine on an intent data set:
 *
 *   npm run -s eval:kb -- --train FILE --test FILE [--shots N] [--seed N] [--lang en|fa|ar]
 *
 * FILE rows are JSON lines {"text","label"}. One article per label (title: the label with "_" as
 * spaces; example questions: the train rows, or N per label sampled with the seed; train rows
 * labelled `oos` are left out); then every test row is asked with the product's default index
 * options and decision thresholds. Prints a table, then one JSON line with the figures.
 * --lang defaults to the language detected on the train rows.
 */
import { parseArgs } from 'node:util';
import { type Language, isLanguage } from '../core/language.ts';
import { mostCommonLanguage } from '../language/detect.ts';
import type { Article } from './article.ts';
import { decide } from './decision.ts';
import { type EvalRow, perLabel, summarize } from './eval-metrics.ts';
import { buildIndex } from './search-index.ts';
import { articlesOf, labelDocuments, readRows, sampleShots, type Row } from './intent-data.ts';

function buildArticles(rows: readonly Row[], language: Language, shots?: number, seed = 1): Article[] {
  return articlesOf(labelDocuments(shots === undefined ? rows : sampleShots(rows, shots, seed)), language);
}

const pct = (x: number): string => (100 * x).toFixed(1).padStart(6);

function main(): void {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      shots: { type: 'string' },
      seed: { type: 'string' },
      lang: { type: 'string' },
    },
  });
  if (values.train === undefined || values.test === undefined) {
    console.error('usage: eval:kb -- --train FILE --test FILE [--shots N] [--seed N] [--lang en|fa|ar]');
    process.exit(2);
  }
  const shots = values.shots === undefined ? undefined : Number(values.shots);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if ((shots !== undefined && !(Number.isInteger(shots) && shots > 0)) || !Number.isInteger(seed)) {
    console.error('--shots must be a positive integer and --seed an integer');
    process.exit(2);
  }
  if (values.lang !== undefined && !isLanguage(values.lang)) {
    console.error('--lang must be en, fa or ar');
    process.exit(2);
  }
  const train = readRows(values.train);
  const test = readRows(values.test);
  const language: Language = isLanguage(values.lang)
    ? values.lang
    : mostCommonLanguage(train.map((row) => row.text));
  const articles = buildArticles(train, language, shots, seed);
  const started = performance.now();
  const index = buildIndex(articles);
  const buildMs = performance.now() - started;
  console.error(`built ${articles.length} articles (${language}) in ${buildMs.toFixed(0)} ms`);

  const rows: EvalRow[] = [];
  let queryMs = 0;
  test.forEach((row, i) => {
    const t0 = performance.now();
    const hits = index.search(row.text, { language, limit: 3 });
    const decision = decide(hits);
    queryMs += performance.now() - t0;
    rows.push({
      label: row.label,
      ranked: hits.map((h) => h.article.id),
      abstained: decision.kind === 'none',
    });
    if ((i + 1) % 1000 === 0) console.error(`  ${i + 1}/${test.length}`);
  });
  const summary = summarize(rows);
  const worst = perLabel(rows)
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 10);
  console.log(`\n${'label (10 weakest)'.padEnd(40)} support  prec%   rec%    F1%`);
  for (const l of worst) {
    console.log(
      `${l.label.slice(0, 39).padEnd(40)} ${String(l.support).padStart(7)} ${pct(l.precision)} ${pct(l.recall)} ${pct(l.f1)}`,
    );
  }
  console.log('');
  console.log(`articles ${articles.length}   test rows ${rows.length}   language ${language}`);
  console.log(
    `top-1 ${pct(summary.top1)}%   top-3 ${pct(summary.top3)}%   macro-F1 ${pct(summary.macroF1)}%`,
  );
  console.log(`abstain ${pct(summary.abstainRate)}%`);
  if (summary.oosRecall !== undefined && summary.inScopeAccuracy !== undefined) {
    console.log(
      `out-of-scope recall ${pct(summary.oosRecall)}%   in-scope accuracy ${pct(summary.inScopeAccuracy)}%`,
    );
  }
  console.log(
    `index build ${buildMs.toFixed(0)} ms   ${(queryMs / Math.max(1, rows.length)).toFixed(3)} ms per query`,
  );
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  console.log(
    JSON.stringify({
      top1: round(summary.top1),
      top3: round(summary.top3),
      macroF1: round(summary.macroF1),
      abstainRate: round(summary.abstainRate),
      ...(summary.oosRecall === undefined ? {} : { oosRecall: round(summary.oosRecall) }),
      ...(summary.inScopeAccuracy === undefined ? {} : { inScopeAccuracy: round(summary.inScopeAccuracy) }),
      n: summary.n,
      msPerQuery: round(queryMs / Math.max(1, rows.length)),
    }),
  );
}

main();
