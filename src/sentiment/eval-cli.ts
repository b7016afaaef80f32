/**
 * Evaluate the anger detector on a labelled set:
 *
 *   npm run -s eval:anger -- --test FILE [--level annoyed|angry] [--field angry] [--lang en|fa|ar]
 *   npm run -s eval:anger -- --test FILE --calm        # a set of ordinary questions: how many are flagged
 *
 * FILE rows are JSON lines with "text" and a boolean field (default `angry`; our own sets in
 * data/anger also have `angry_or_annoyed`, `level` and `dialect`). Every row is scored alone
 * (`scoreMessage`) with the product's detector (content/lexicons and the shipped models). A row is
 * flagged at level "angry" when the detector says angry (the bot apologises and offers a person),
 * and at level "annoyed" when it says annoyed or angry (the bot at least acknowledges). Both levels
 * are printed unless --level picks one, each with precision, recall and F1 beside the trivial
 * "everything is angry" baseline; then F1 per dialect when rows have one, and the confusion of
 * levels when rows have a `level`. The last line is one JSON object: precision, recall and F1 of
 * --level (default angry), n, positives, baselineF1, msPerMessage and `levels` with both.
 * With --calm every row counts as calm (no field needed): it prints the share flagged at each level.
 * --lang defaults to the language most rows are detected in.
 */
import { readFileSync } from 'node:fs';
import { type Language, isLanguage } from '../core/language.ts';
import { mostCommonLanguage } from '../language/detect.ts';
import { loadAngerDetector } from './detector.ts';
import {
  DECISION_LEVELS,
  type DecisionLevel,
  type LevelMetrics,
  type ScoredRow,
  alwaysAngryF1,
  byGroup,
  flaggedShare,
  isDecisionLevel,
  levelMetrics,
} from './eval-metrics.ts';
import type { AngerLevel } from './message-scorer.ts';
import { readCommandLine } from '../core/command-line.ts';

interface Row {
  readonly text: string;
  readonly gold: boolean;
  readonly group?: string;
  readonly goldLevel?: AngerLevel;
}

const USAGE =
  'usage: eval:anger -- --test FILE [--level annoyed|angry] [--field angry] [--lang en|fa|ar] [--calm]';
const LEVELS: readonly AngerLevel[] = ['calm', 'annoyed', 'angry'];

function readRows(file: string, field: string, calm: boolean): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const text = row['text'];
      const gold = calm ? false : row[field];
      if (typeof text !== 'string' || typeof gold !== 'boolean') {
        throw new Error(`${file}:${i + 1}: expected {"text": string, "${field}": boolean}`);
      }
      const dialect = row['dialect'];
      const level = row['level'];
      return {
        text,
        gold,
        ...(typeof dialect === 'string' ? { group: dialect } : {}),
        ...(LEVELS.includes(level as AngerLevel) ? { goldLevel: level as AngerLevel } : {}),
      };
    });
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(7);
const round4 = (x: number): number => Math.round(x * 10000) / 10000;

function metricsLine(at: DecisionLevel, m: LevelMetrics, baseline: number): string {
  return (
    `${at.padEnd(8)} precision ${pct(m.precision)}  recall ${pct(m.recall)}  F1 ${pct(m.f1)}` +
    `  (always-angry F1 ${pct(baseline)}; true positives ${m.tp}, false positives ${m.fp}, false negatives ${m.fn})`
  );
}

function printByGroup(scored: readonly ScoredRow[], levels: readonly DecisionLevel[]): void {
  const groups = byGroup(scored);
  if (groups.size < 2) return;
  console.log(`F1 by dialect (${levels.join(' / ')}):`);
  for (const [group, rows] of groups) {
    const f1s = levels.map((at) => pct(levelMetrics(rows, at).f1).trim());
    console.log(`  ${group.padEnd(12)} ${String(rows.length).padStart(4)} rows  ${f1s.join(' / ')}`);
  }
}

function printConfusion(rows: readonly Row[], predicted: readonly AngerLevel[]): void {
  if (!rows.every((r) => r.goldLevel !== undefined)) return;
  console.log('gold \\ detected     calm  annoyed    angry');
  for (const gold of LEVELS) {
    const counts = LEVELS.map(
      (p) => rows.filter((r, i) => r.goldLevel === gold && predicted[i] === p).length,
    );
    console.log(`  ${gold.padEnd(16)}${counts.map((c) => String(c).padStart(8)).join(' ')}`);
  }
}

async function main(): Promise<number> {
  const values = readCommandLine(
    {
      test: { type: 'string' },
      field: { type: 'string' },
      lang: { type: 'string' },
      level: { type: 'string' },
      calm: { type: 'boolean' },
    },
    USAGE,
  );
  if (values.test === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (values.lang !== undefined && !isLanguage(values.lang)) {
    console.error('--lang must be en, fa or ar');
    return 2;
  }
  if (values.level !== undefined && !isDecisionLevel(values.level)) {
    console.error('--level must be annoyed or angry');
    return 2;
  }
  const calm = values.calm === true;
  const field = values.field ?? 'angry';
  const rows = readRows(values.test, field, calm);
  const language: Language = isLanguage(values.lang)
    ? values.lang
    : mostCommonLanguage(rows.map((row) => row.text));
  const detector = await loadAngerDetector();

  const started = performance.now();
  const predicted = rows.map((row) => detector.scoreMessage(row.text, language).level);
  const msPerMessage = round4((performance.now() - started) / Math.max(rows.length, 1));

  if (calm) {
    const share = flaggedShare(predicted);
    console.log(`language ${language}, ${rows.length} rows, all counted calm`);
    console.log(`flagged annoyed or angry ${pct(share.annoyed)}, angry ${pct(share.angry)}`);
    console.log(
      JSON.stringify({
        n: rows.length,
        flaggedAnnoyed: round4(share.annoyed),
        flaggedAngry: round4(share.angry),
        msPerMessage,
      }),
    );
    return 0;
  }

  const scored: ScoredRow[] = rows.map((row, i) => ({
    gold: row.gold,
    level: predicted[i] as AngerLevel,
    ...(row.group === undefined ? {} : { group: row.group }),
  }));
  const shown = isDecisionLevel(values.level) ? [values.level] : DECISION_LEVELS;
  const levels = Object.fromEntries(DECISION_LEVELS.map((at) => [at, levelMetrics(scored, at)])) as Record<
    DecisionLevel,
    LevelMetrics
  >;
  const baseline = alwaysAngryF1(scored);
  const positives = rows.filter((r) => r.gold).length;
  console.log(`language ${language}, ${rows.length} rows, ${positives} with "${field}"`);
  for (const at of shown) console.log(metricsLine(at, levels[at], baseline));
  printByGroup(scored, shown);
  printConfusion(rows, predicted);
  const main = levels[isDecisionLevel(values.level) ? values.level : 'angry'];
  const summary = (m: LevelMetrics) => ({
    precision: round4(m.precision),
    recall: round4(m.recall),
    f1: round4(m.f1),
  });
  console.log(
    JSON.stringify({
      ...summary(main),
      n: rows.length,
      positives,
      baselineF1: round4(baseline),
      msPerMessage,
      levels: { annoyed: summary(levels.annoyed), angry: summary(levels.angry) },
    }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
