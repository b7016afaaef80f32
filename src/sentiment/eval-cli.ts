/**
 * Evaluate the anger detector's default decision on a labelled set:
 *
 *   npm run -s eval:anger -- --test FILE [--field angry] [--lang en|fa|ar]
 *
 * FILE rows are JSON lines with "text" and a boolean field (default `angry`). Every row is scored
 * alone (`scoreMessage`) with the product's detector (content/lexicons and the shipped model) and
 * counted angry when `isAngry` says so, the decision the bot uses. Prints precision, recall and F1
 * with counts; the last line is one JSON object {"precision","recall","f1","n","positives","msPerMessage"}.
 * --lang defaults to the language most rows are detected in.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Language, isLanguage } from '../core/language.ts';
import { mostCommonLanguage } from '../language/detect.ts';
import { isAngry, loadAngerDetector } from './detector.ts';

interface Row {
  readonly text: string;
  readonly gold: boolean;
}

function readRows(file: string, field: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const text = row['text'];
      const gold = row[field];
      if (typeof text !== 'string' || typeof gold !== 'boolean') {
        throw new Error(`${file}:${i + 1}: expected {"text": string, "${field}": boolean}`);
      }
      return { text, gold };
    });
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const round4 = (x: number): number => Math.round(x * 10000) / 10000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { test: { type: 'string' }, field: { type: 'string' }, lang: { type: 'string' } },
  });
  if (values.test === undefined) {
    console.error('usage: eval:anger -- --test FILE [--field angry] [--lang en|fa|ar]');
    return 2;
  }
  if (values.lang !== undefined && !isLanguage(values.lang)) {
    console.error('--lang must be en, fa or ar');
    return 2;
  }
  const rows = readRows(values.test, values.field ?? 'angry');
  const language: Language = isLanguage(values.lang)
    ? values.lang
    : mostCommonLanguage(rows.map((row) => row.text));
  const detector = await loadAngerDetector();

  let tp = 0;
  let fp = 0;
  let fn = 0;
  const started = performance.now();
  for (const row of rows) {
    const predicted = isAngry(detector.scoreMessage(row.text, language));
    if (predicted && row.gold) tp += 1;
    else if (predicted) fp += 1;
    else if (row.gold) fn += 1;
  }
  const elapsed = performance.now() - started;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  const positives = tp + fn;
  console.log(`language ${language}, ${rows.length} rows, ${positives} angry`);
  console.log(
    `predicted angry ${tp + fp}: true positives ${tp}, false positives ${fp}, false negatives ${fn}`,
  );
  console.log(
    `precision ${(100 * precision).toFixed(1)}%  recall ${(100 * recall).toFixed(1)}%  F1 ${(100 * f1).toFixed(1)}%`,
  );
  const always = ratio(2 * ratio(positives, rows.length), ratio(positives, rows.length) + 1);
  console.log(`(always-angry baseline F1 ${(100 * always).toFixed(1)}%)`);
  console.log(
    JSON.stringify({
      precision: round4(precision),
      recall: round4(recall),
      f1: round4(f1),
      n: rows.length,
      positives,
      msPerMessage: round4(elapsed / Math.max(rows.length, 1)),
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
