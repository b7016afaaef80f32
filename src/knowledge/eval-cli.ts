/**
 * Evaluate the knowledge engine on an intent data set:
 *
 *   npm run -s eval:kb -- --train FILE [--test FILE | --split SHARE] [--shots N] [--seed N]
 *                         [--lang en|fa|ar] [--typos RATE] [--oos FILE] [--holdout SHARE]
 *                         [--lists CONTENT_DIR|none]
 *
 * FILE rows are JSON lines {"text","label"} (an optional "dialect" or "group" field gives figures
 * per group). One article per label (title: the label with "_" as spaces; example questions: the
 * train rows, or N per label sampled with the seed; train rows labelled `oos` are left out); then
 * every test row is asked with the product's default index options and decision thresholds.
 *
 * Every question ends one way: answered right, answered wrong, or abstained (eval-metrics.ts);
 * out-of-scope rows (label `oos`, from the test file or `--oos`, or the rows of intents held out
 * with `--holdout`) are refused or answered (wrongly). `--split SHARE` asks a seeded, per-label
 * SHARE of the train rows instead of a test file. `--typos RATE` asks every row a second time with
 * seeded typos in RATE of its words of 4 letters or more. Prints tables, the trade-off curve of the
 * abstain threshold, then one JSON line with the figures (`strictTop1` = answered right / in-scope
 * rows, `wrongAnswerRate` = answered wrong / all rows). --lang defaults to the language detected on
 * the train rows. The index is built as the product builds it, with the language lists the package
 * ships (content/dialects and content/off-topic; `--lists DIR` for another content folder's, `none`
 * for none).
 */
import { type Language, isLanguage } from '../core/language.ts';
import { mostCommonLanguage } from '../language/detect.ts';
import { type CurvePoint, type EvalSummary, perLabel, summarizeGroups } from './eval-metrics.ts';
import { type AskedRun, PRODUCT_ABSTAIN, evaluate, productLanguageTables } from './evaluation.ts';
import { type Row, readRows, splitByLabel } from './intent-data.ts';
import { readCommandLine } from '../core/command-line.ts';

const pct = (x: number | undefined): string => (x === undefined ? '-' : (100 * x).toFixed(1));
const round = (x: number | undefined): number | undefined =>
  x === undefined ? undefined : Math.round(x * 10000) / 10000;

const USAGE =
  'usage: eval:kb -- --train FILE [--test FILE | --split SHARE] [--shots N] [--seed N] [--lang en|fa|ar] [--typos RATE] [--oos FILE] [--holdout SHARE] [--lists CONTENT_DIR|none]';

function usage(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

function share(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!(x > 0 && x < 1)) usage(`${name} must be a number between 0 and 1`);
  return x;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('');
}

function summaryCells(name: string, s: EvalSummary): string[] {
  return [
    name,
    String(s.n),
    pct(s.top1),
    pct(s.top3),
    pct(s.strictTop1),
    pct(s.answeredWrong),
    pct(s.abstainedInScope),
    pct(s.oosRecall),
    pct(s.wrongAnswerRate),
  ];
}

const SUMMARY_HEADER = [
  '',
  'rows',
  'top1%',
  'top3%',
  'answered right%',
  'answered wrong%',
  'abstained%',
  'oos refused%',
  'wrong answers% (all rows)',
];

function printCurve(curve: readonly CurvePoint[]): void {
  console.log('Trade-off of the abstain threshold (the bot answers when the confidence is at least it):');
  table(
    [
      'threshold',
      'in-scope answered right%',
      'in-scope answered wrong%',
      'oos refused%',
      'wrong answers% (all)',
    ],
    curve.map((p) => [
      `${p.threshold.toFixed(2)}${Math.abs(p.threshold - PRODUCT_ABSTAIN) < 1e-9 ? ' *' : ''}`,
      pct(p.answeredRight),
      pct(p.answeredWrong),
      pct(p.oosRefused),
      pct(p.wrongAnswerRate),
    ]),
  );
  console.log(`(* the product's threshold)\n`);
}

function figures(run: AskedRun): Record<string, unknown> {
  const s = run.summary;
  const groups = summarizeGroups(run.rows);
  return {
    top1: round(s.top1),
    top3: round(s.top3),
    macroF1: round(s.macroF1),
    abstainRate: round(s.abstainRate),
    strictTop1: round(s.strictTop1),
    answeredWrong: round(s.answeredWrong),
    abstainedInScope: round(s.abstainedInScope),
    wrongAnswerRate: round(s.wrongAnswerRate),
    ...(s.oosRecall === undefined
      ? {}
      : { oosRecall: round(s.oosRecall), inScopeAccuracy: round(s.inScopeAccuracy) }),
    ...(groups.length === 0
      ? {}
      : {
          groups: Object.fromEntries(
            groups.map(({ group, summary }) => [
              group,
              {
                n: summary.n,
                strictTop1: round(summary.strictTop1),
                answeredWrong: round(summary.answeredWrong),
                abstained: round(summary.abstainedInScope),
              },
            ]),
          ),
        }),
    n: s.n,
    msPerQuery: round(run.msPerQuery),
  };
}

async function main(): Promise<void> {
  const values = readCommandLine(
    {
      train: { type: 'string' },
      test: { type: 'string' },
      split: { type: 'string' },
      shots: { type: 'string' },
      seed: { type: 'string' },
      lang: { type: 'string' },
      typos: { type: 'string' },
      oos: { type: 'string' },
      holdout: { type: 'string' },
      lists: { type: 'string' },
    },
    USAGE,
  );
  if (values.train === undefined) usage('--train is required');
  if ((values.test === undefined) === (values.split === undefined)) usage('give --test or --split');
  const shots = values.shots === undefined ? undefined : Number(values.shots);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if ((shots !== undefined && !(Number.isInteger(shots) && shots > 0)) || !Number.isInteger(seed)) {
    usage('--shots must be a positive integer and --seed an integer');
  }
  if (values.lang !== undefined && !isLanguage(values.lang)) usage('--lang must be en, fa or ar');
  const typos = share(values.typos, '--typos');
  const holdout = share(values.holdout, '--holdout');
  const split = share(values.split, '--split');
  let train: Row[] = readRows(values.train);
  let test: Row[];
  if (split !== undefined) ({ train, dev: test } = splitByLabel(train, split, seed));
  else test = readRows(values.test ?? '');
  const oos = values.oos === undefined ? undefined : readRows(values.oos);
  const language: Language = isLanguage(values.lang)
    ? values.lang
    : mostCommonLanguage(train.map((row) => row.text));

  const index = values.lists === 'none' ? {} : await productLanguageTables(values.lists ?? undefined);
  const result = evaluate(train, test, {
    language,
    index,
    seed,
    ...(shots === undefined ? {} : { shots }),
    ...(typos === undefined ? {} : { typos }),
    ...(oos === undefined ? {} : { oos }),
    ...(holdout === undefined ? {} : { holdout }),
  });
  console.error(`built ${result.articles} articles (${language}) in ${result.buildMs.toFixed(0)} ms`);
  if (result.heldOut.length > 0) {
    console.error(
      `held out of the knowledge base (their questions are out of scope): ${result.heldOut.join(', ')}`,
    );
  }
  const { clean } = result;
  const worst = perLabel(clean.rows)
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 10);
  console.log(`\n${'label (10 weakest)'.padEnd(40)} support  prec%   rec%    F1%`);
  for (const l of worst) {
    console.log(
      `${l.label.slice(0, 39).padEnd(40)} ${String(l.support).padStart(7)} ${pct(l.precision).padStart(6)} ${pct(l.recall).padStart(6)} ${pct(l.f1).padStart(6)}`,
    );
  }
  console.log('');
  console.log(`articles ${result.articles}   test rows ${clean.summary.n}   language ${language}\n`);
  const summaries: string[][] = [summaryCells('as asked', clean.summary)];
  if (result.typos !== undefined) summaries.push(summaryCells(`with typos (${typos})`, result.typos.summary));
  table(SUMMARY_HEADER, summaries);
  const groups = summarizeGroups(clean.rows);
  if (groups.length > 0) {
    console.log('Per group (as asked):');
    table(
      SUMMARY_HEADER,
      groups.map(({ group, summary }) => summaryCells(group, summary)),
    );
  }
  printCurve(clean.curve);
  if (result.typos !== undefined) {
    console.log('With typos:');
    printCurve(result.typos.curve);
  }
  console.log(`index build ${result.buildMs.toFixed(0)} ms   ${clean.msPerQuery.toFixed(3)} ms per query\n`);
  const curve = clean.curve.map((p) => ({
    threshold: p.threshold,
    answeredRight: round(p.answeredRight),
    answeredWrong: round(p.answeredWrong),
    ...(p.oosRefused === undefined ? {} : { oosRefused: round(p.oosRefused) }),
    wrongAnswerRate: round(p.wrongAnswerRate),
  }));
  console.log(
    JSON.stringify({
      ...figures(clean),
      buildMs: Math.round(result.buildMs),
      ...(result.typos === undefined ? {} : { typos: { rate: typos, ...figures(result.typos) } }),
      curve,
    }),
  );
}

await main();
