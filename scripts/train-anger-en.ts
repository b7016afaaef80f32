/**
 * Train the English anger model (src/sentiment/model/anger-en.json):
 *
 *   npx tsx scripts/train-anger-en.ts [--train FILE] [--field angry] [--out FILE]
 *
 * Data: GoEmotions (Apache-2.0, google-research/goemotions), the train sample only
 * (default ../shared/data/goemotions/train.sample10k.seed13.jsonl); never ArmanEmo (non-commercial)
 * and never the dev or test splits. Model: L2-regularised logistic regression over folded words and
 * word pairs (the detector's own tokens), positive rows weighted up. Five-fold cross-validation
 * picks the regularisation and `logitShift`: the shift that gives the best F1 of the product's
 * decision (lexicon + model, `isAngry`) on the held-out folds. Deterministic (seeded folds).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAngry, createAngerDetector } from '../src/sentiment/detector.ts';
import { loadLexiconsStrict } from '../src/sentiment/lexicon.ts';
import { type LinearModelData, features, lexiconInput, sigmoid } from '../src/sentiment/linear-model.ts';
import {
  calmDown,
  levelOf,
  noisyOr,
  DEFAULT_THRESHOLDS,
  LEXICON_FLOOR,
} from '../src/sentiment/message-scorer.ts';
import type { Reason } from '../src/sentiment/reason.ts';
import { viewText } from '../src/sentiment/text-view.ts';

interface Example {
  readonly features: readonly string[];
  readonly label: 0 | 1;
  /** The lexicon and surface signals' combined score, the model's extra input. */
  readonly lexicon: number;
  /** The threat reasons' combined score: the model never lowers it. */
  readonly threats: number;
  /** De-escalation reasons of the row (negative weights). */
  readonly calming: readonly Reason[];
}

const MIN_COUNT = 3;
const EPOCHS = 25;
const POSITIVE_WEIGHT = 1;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Logistic regression by SGD with L2 over word features and the lexicon input. */
function train(
  examples: readonly Example[],
  lambda: number,
  vocabulary: ReadonlySet<string>,
): LinearModelData {
  const weights = new Map<string, number>();
  let bias = -2;
  let lexiconWeight = 0;
  const next = seeded(7);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const rate = 0.2 / (1 + epoch * 0.3);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const ex = examples[index] as Example;
      const active = [...new Set(ex.features)].filter((f) => vocabulary.has(f));
      const x = lexiconInput(ex.lexicon);
      let logit = bias + lexiconWeight * x;
      for (const f of active) logit += weights.get(f) ?? 0;
      const g = (sigmoid(logit) - ex.label) * (ex.label === 1 ? POSITIVE_WEIGHT : 1);
      bias -= rate * g;
      lexiconWeight -= 0.5 * rate * g * x;
      for (const f of active) weights.set(f, (weights.get(f) ?? 0) - rate * g);
    }
    // L2 on every weight, once per epoch (what a per-step decay over the epoch's N steps amounts to):
    // rare words are shrunk as much as common ones, so a word seen in two angry rows stays small.
    const decay = Math.exp(-rate * lambda * examples.length);
    for (const [f, w] of weights) weights.set(f, w * decay);
  }
  const kept: Record<string, number> = {};
  for (const [f, w] of [...weights.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (Math.abs(w) >= 0.02) kept[f] = Math.round(w * 10000) / 10000;
  }
  return {
    language: 'en',
    source: '',
    bias: Math.round(bias * 10000) / 10000,
    lexiconWeight: Math.round(lexiconWeight * 10000) / 10000,
    logitShift: 0,
    weights: kept,
  };
}

function logitOf(model: LinearModelData, ex: Example): number {
  let logit = model.bias + model.lexiconWeight * lexiconInput(ex.lexicon);
  for (const f of new Set(ex.features)) logit += model.weights[f] ?? 0;
  return logit;
}

function f1Of(pairs: readonly { predicted: boolean; gold: boolean }[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { predicted, gold } of pairs) {
    if (predicted && gold) tp += 1;
    else if (predicted) fp += 1;
    else if (gold) fn += 1;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** F1 of the product's decision when the model's logit is shifted by `shift`. */
function decisionF1(examples: readonly Example[], logits: readonly number[], shift: number): number {
  return f1Of(
    examples.map((ex, i) => {
      const model = sigmoid((logits[i] as number) + shift);
      const score = calmDown(Math.max(model, LEXICON_FLOOR * ex.lexicon, ex.threats), ex.calming);
      return { predicted: levelOf(score, DEFAULT_THRESHOLDS) === 'angry', gold: ex.label === 1 };
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { train: { type: 'string' }, field: { type: 'string' }, out: { type: 'string' } },
  });
  const file = values.train ?? '../shared/data/goemotions/train.sample10k.seed13.jsonl';
  const field = values.field ?? 'angry';
  const out = values.out ?? 'src/sentiment/model/anger-en.json';
  const lexicons = await loadLexiconsStrict('content/lexicons');
  const lexiconOnly = createAngerDetector({ lexicons });
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const examples: Example[] = rows.map((row) => {
    const text = String(row['text']);
    const assessment = lexiconOnly.scoreMessage(text, 'en');
    return {
      features: features(viewText(text, 'en').tokens),
      label: row[field] === true ? 1 : 0,
      lexicon: noisyOr(assessment.reasons.map((r) => r.weight)),
      threats: noisyOr(assessment.reasons.filter((r) => r.signal === 'threat').map((r) => r.weight)),
      calming: assessment.reasons.filter((r) => r.weight < 0),
    };
  });
  const lexiconF1 = f1Of(
    examples.map((ex, i) => ({
      predicted: isAngry(lexiconOnly.scoreMessage(String(rows[i]?.['text']), 'en')),
      gold: ex.label === 1,
    })),
  );
  console.log(
    `${examples.length} rows, ${examples.filter((e) => e.label === 1).length} positive; lexicon alone F1 ${lexiconF1.toFixed(3)}`,
  );

  const counts = new Map<string, number>();
  for (const ex of examples) for (const f of new Set(ex.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = new Set([...counts].filter(([, c]) => c >= MIN_COUNT).map(([f]) => f));

  const folds = 5;
  const next = seeded(13);
  const foldOf = examples.map(() => Math.floor(next() * folds));
  const shifts = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
  let best = { lambda: 0, shift: 0, f1: -1 };
  for (const lambda of [0.001, 0.003, 0.01, 0.03]) {
    const oof = new Array<number>(examples.length).fill(0);
    for (let k = 0; k < folds; k++) {
      const model = train(
        examples.filter((_, i) => foldOf[i] !== k),
        lambda,
        vocabulary,
      );
      examples.forEach((ex, i) => {
        if (foldOf[i] === k) oof[i] = logitOf(model, ex);
      });
    }
    for (const shift of shifts) {
      const f1 = decisionF1(examples, oof, shift);
      if (f1 > best.f1) best = { lambda, shift, f1 };
    }
    const bestHere = Math.max(...shifts.map((s) => decisionF1(examples, oof, s)));
    console.log(`lambda ${lambda}: best held-out F1 of the decision ${bestHere.toFixed(3)}`);
  }
  console.log(
    `chosen lambda ${best.lambda}, logitShift ${best.shift.toFixed(2)}, held-out F1 ${best.f1.toFixed(3)}`,
  );
  const model = train(examples, best.lambda, vocabulary);
  const data: LinearModelData = {
    ...model,
    logitShift: Math.round(best.shift * 100) / 100,
    source:
      `GoEmotions (Apache-2.0, google-research/goemotions) train sample ${file.split('/').pop() ?? file}, ` +
      `field "${field}"; logistic regression over words and word pairs, L2 ${best.lambda}, ` +
      `lexicon input weight ${model.lexiconWeight}; shift chosen by 5-fold cross-validation (F1 ${best.f1.toFixed(3)})`,
  };
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${out}: ${Object.keys(data.weights).length} features`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
