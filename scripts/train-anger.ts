/**
 * Train the anger model of a language (src/sentiment/model/anger-<language>.json):
 *
 *   npx tsx scripts/train-anger.ts --lang en|fa|ar [--train FILE[:WEIGHT] ...] [--calm-weight W]
 *                                   [--lambda L] [--out FILE]
 *
 * Data (train splits only, never a dev or test split, never ArmanEmo): English, the whole GoEmotions
 * train split (Apache-2.0, google-research/goemotions; goemotions/train.jsonl under ../shared/data
 * or $HAMDEL_DATA_DIR);
 * Persian and Arabic, the project's own sets (data/anger/<language>.train.jsonl, CC BY 4.0). Rows
 * are graded calm, annoyed or angry (`level`, or GoEmotions' `angry` and `angry_or_annoyed`); a
 * file's rows count WEIGHT times in training (default 1), and calm rows W times more: our sets hold two
 * upset messages for each calm one, real traffic is mostly calm, so for them W defaults to
 * CALM_WEIGHT_OWN_SETS (the cuts are then placed as if about one message in four were upset);
 * GoEmotions keeps its natural shares (W 1).
 * Model: ordinal logistic regression over the detector's folded words and pairs plus the lexicon's
 * own score (scripts/anger/ordinal-regression.ts). Five-fold cross-validation picks the L2 strength
 * (from LAMBDAS, stopping once it gets worse twice in a row; --lambda fixes it) and the two cut points that give the best F1 of the product's decision at both levels on the
 * held-out folds (scripts/anger/cut-search.ts); the final model is fitted on all rows.
 * Deterministic; takes a minute or two on one core for GoEmotions, seconds for the others.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Language, isLanguage } from '../src/core/language.ts';
import { random } from '../src/core/random.ts';
import { createAngerDetector } from '../src/sentiment/detector.ts';
import { loadLexiconsStrict } from '../src/sentiment/lexicon.ts';
import type { LinearModelData } from '../src/sentiment/linear-model.ts';
import { DATA_DIR } from '../bench/kb-data.ts';
import { type CutChoice, searchCuts } from './anger/cut-search.ts';
import { type Example, examplesOf, readRows } from './anger/examples.ts';
import { type OrdinalFit, fitOrdinal, sumOf } from './anger/ordinal-regression.ts';
import { readCommandLine } from '../src/core/command-line.ts';

const DEFAULT_TRAIN: Readonly<Record<Language, string>> = {
  en: path.join(DATA_DIR, 'goemotions/train.jsonl'),
  fa: 'data/anger/fa.train.jsonl',
  ar: 'data/anger/ar.train.jsonl',
};
const CALM_WEIGHT_OWN_SETS = 4;
/** L2 strengths tried, strongest last (0.0003 gave GoEmotions the same held-out F1 with 4x the features). */
const LAMBDAS = [0.001, 0.003, 0.01, 0.03, 0.1];
const FOLDS = 5;
const EPOCHS = 25;
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** "file.jsonl:3" -> the file and its weight. */
function parseTrain(spec: string): { file: string; weight: number } {
  const match = /^(.*):(\d+(?:\.\d+)?)$/.exec(spec);
  return match ? { file: match[1] as string, weight: Number(match[2]) } : { file: spec, weight: 1 };
}

/** Features seen in at least `min` rows. */
function vocabularyOf(examples: readonly Example[], min: number): Set<string> {
  const counts = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  return new Set([...counts].filter(([, c]) => c >= min).map(([f]) => f));
}

function crossValidate(
  examples: readonly Example[],
  vocabulary: ReadonlySet<string>,
  lambda: number,
): CutChoice {
  const next = random(13);
  const foldOf = examples.map(() => Math.floor(next() * FOLDS));
  const sums = new Array<number>(examples.length).fill(0);
  for (let k = 0; k < FOLDS; k++) {
    const fit = fitOrdinal(
      examples.filter((_, i) => foldOf[i] !== k),
      { lambda, epochs: EPOCHS, vocabulary, seed: 7 },
    );
    examples.forEach((ex, i) => {
      if (foldOf[i] === k) sums[i] = sumOf(fit, ex);
    });
  }
  return searchCuts(examples, sums);
}

function modelData(fit: OrdinalFit, language: Language, cuts: CutChoice, source: string): LinearModelData {
  const weights: Record<string, number> = {};
  for (const [f, w] of [...fit.weights.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    weights[f] = round(w);
  }
  return {
    language,
    source,
    lexiconWeight: round(fit.lexiconWeight),
    cuts: { annoyed: round(cuts.cuts.annoyed, 3), angry: round(cuts.cuts.angry, 3) },
    weights,
  };
}

const USAGE =
  'usage: train-anger.ts --lang en|fa|ar [--train FILE[:WEIGHT] ...] [--calm-weight W] [--lambda L] [--min-count N] [--out FILE]';

async function main(): Promise<number> {
  const values = readCommandLine(
    {
      lang: { type: 'string' },
      train: { type: 'string', multiple: true },
      out: { type: 'string' },
      lambda: { type: 'string' },
      'calm-weight': { type: 'string' },
      'min-count': { type: 'string' },
    },
    USAGE,
  );
  if (!isLanguage(values.lang)) {
    console.error(USAGE);
    return 2;
  }
  const language = values.lang;
  const specs = (values.train ?? [DEFAULT_TRAIN[language]]).map(parseTrain);
  const out = values.out ?? `src/sentiment/model/anger-${language}.json`;
  const lexiconOnly = createAngerDetector({ lexicons: await loadLexiconsStrict('content/lexicons') });
  const calmWeight = Number(values['calm-weight'] ?? (language === 'en' ? 1 : CALM_WEIGHT_OWN_SETS));
  const examples = specs.flatMap(({ file, weight }) =>
    examplesOf(readRows(file), language, lexiconOnly, weight, calmWeight),
  );
  const graded = [0, 1, 2].map((g) => examples.filter((e) => e.grade === g).length);
  console.log(`${examples.length} rows: calm ${graded[0]}, annoyed ${graded[1]}, angry ${graded[2]}`);
  const minCount = Number(values['min-count'] ?? (examples.length > 5000 ? 3 : 2));
  const vocabulary = vocabularyOf(examples, minCount);
  console.log(`${vocabulary.size} features seen often enough`);

  let best: { lambda: number; choice: CutChoice } | undefined;
  let worse = 0;
  for (const lambda of values.lambda === undefined ? LAMBDAS : [Number(values.lambda)]) {
    const choice = crossValidate(examples, vocabulary, lambda);
    console.log(
      `lambda ${lambda}: held-out F1 annoyed ${choice.f1Annoyed.toFixed(3)}, angry ${choice.f1Angry.toFixed(3)} ` +
        `(cuts ${choice.cuts.annoyed.toFixed(2)} / ${choice.cuts.angry.toFixed(2)})`,
    );
    if (
      best === undefined ||
      choice.f1Annoyed + choice.f1Angry > best.choice.f1Annoyed + best.choice.f1Angry
    ) {
      best = { lambda, choice };
      worse = 0;
    } else if (++worse === 2) break;
  }
  if (best === undefined) return 1;
  const fit = fitOrdinal(examples, { lambda: best.lambda, epochs: EPOCHS, vocabulary, seed: 7 });
  const files =
    specs.map((s) => `${path.basename(s.file)}${s.weight === 1 ? '' : ` x${s.weight}`}`).join(', ') +
    (calmWeight === 1 ? '' : `, calm rows x${calmWeight}`);
  const source =
    `${language === 'en' ? 'GoEmotions (Apache-2.0, google-research/goemotions)' : 'hamdel anger set (CC BY 4.0, data/anger)'} ` +
    `${files}; ordinal logistic regression over words and word pairs and the lexicon score, L2 ${best.lambda}; ` +
    `cuts by 5-fold cross-validation (held-out F1 annoyed ${best.choice.f1Annoyed.toFixed(3)}, angry ${best.choice.f1Angry.toFixed(3)})`;
  const data = modelData(fit, language, best.choice, source);
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${out}: ${Object.keys(data.weights).length} features; ${source}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
