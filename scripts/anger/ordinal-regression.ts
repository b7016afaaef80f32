/**
 * Ordinal logistic regression (calm < annoyed < angry) by SGD with L2: one weighted sum
 * z = lexiconWeight * logit(lexicon score) + the weights of the row's words and pairs, and two
 * thresholds t1 < t2 with P(at least annoyed) = sigmoid(z - t1) and P(angry) = sigmoid(z - t2).
 * Deterministic for a given seed.
 */
import { lexiconInput, sigmoid } from '../../src/sentiment/linear-model.ts';
import { random } from '../../src/core/random.ts';
import type { Example } from './examples.ts';

/**
 * Weights smaller than this are dropped from a fit: they barely move a score, and every kept pair
 * costs a lookup per word at run time (with 0.02, the English model had 4,801 features and took
 * twice the time per message for 0.01 more F1).
 */
export const MIN_WEIGHT = 0.05;

export interface OrdinalFit {
  readonly lexiconWeight: number;
  readonly thresholds: readonly [number, number];
  readonly weights: ReadonlyMap<string, number>;
}

export interface FitOptions {
  /** L2 strength per example. */
  readonly lambda: number;
  readonly epochs: number;
  /** Only these features get weights (the others are ignored). */
  readonly vocabulary: ReadonlySet<string>;
  readonly seed: number;
}

export function fitOrdinal(examples: readonly Example[], options: FitOptions): OrdinalFit {
  const weights = new Map<string, number>();
  let lexiconWeight = 0;
  const thresholds: [number, number] = [1, 2];
  const next = random(options.seed);
  const order = examples.map((_, i) => i);
  const active = examples.map((ex) => ex.features.filter((f) => options.vocabulary.has(f)));
  const inputs = examples.map((ex) => lexiconInput(ex.lexicon));
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = 0.2 / (1 + epoch * 0.3);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const ex = examples[index] as Example;
      const words = active[index] as string[];
      const x = inputs[index] as number;
      let z = lexiconWeight * x;
      for (const f of words) z += weights.get(f) ?? 0;
      let g = 0;
      for (let k = 0; k < 2; k++) {
        const target = ex.grade > k ? 1 : 0;
        const gk = (sigmoid(z - (thresholds[k] as number)) - target) * ex.weight;
        g += gk;
        thresholds[k] = (thresholds[k] as number) + rate * gk;
      }
      if (thresholds[1] < thresholds[0] + 0.01) thresholds[1] = thresholds[0] + 0.01;
      lexiconWeight -= 0.5 * rate * g * x;
      for (const f of words) weights.set(f, (weights.get(f) ?? 0) - rate * g);
    }
    // L2 on every weight once per epoch (what a per-step decay over the epoch's steps amounts to):
    // rare words shrink as much as common ones, so a word seen in two angry rows stays small.
    const decay = Math.exp(-rate * options.lambda * examples.length);
    for (const [f, w] of weights) weights.set(f, w * decay);
  }
  for (const [f, w] of weights) if (Math.abs(w) < MIN_WEIGHT) weights.delete(f);
  return { lexiconWeight, thresholds, weights };
}

/** The weighted sum z of an example under a fit. */
export function sumOf(fit: OrdinalFit, ex: Example): number {
  let z = fit.lexiconWeight * lexiconInput(ex.lexicon);
  for (const f of ex.features) z += fit.weights.get(f) ?? 0;
  return z;
}
