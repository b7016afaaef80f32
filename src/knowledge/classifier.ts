import { random } from '../core/random.ts';
import { runNow, type SlicedWork } from '../core/sliced-work.ts';
import type { SparseVector } from './tfidf.ts';

/**
 * A multinomial logistic regression (softmax) over sparse TF-IDF vectors, trained at index time
 * from the example questions by stochastic gradient descent. Weights are dense, one row of
 * `classes` floats per feature, so a query costs (its features x classes) multiply-adds.
 */
export interface ClassifierOptions {
  /**
   * Passes over the training examples (default: enough for about 100,000 example steps, between
   * 8 and 30 passes, so that a small knowledge base gets more passes and a large one builds fast).
   */
  readonly epochs?: number;
  /** Initial step size; it decays as 1 / sqrt(1 + epoch) (default 4). */
  readonly learningRate?: number;
  /** Seed of the example order (default 1). */
  readonly seed?: number;
  /** Return the average of the weights over all steps (averaged SGD), which generalizes better (default true). */
  readonly average?: boolean;
}

export const DEFAULT_CLASSIFIER_OPTIONS: Omit<Required<ClassifierOptions>, 'epochs'> = {
  learningRate: 4,
  seed: 1,
  average: true,
};

/** Passes over `examples` training examples when none are given. */
export function defaultEpochs(examples: number): number {
  return Math.min(30, Math.max(8, Math.round(100_000 / Math.max(1, examples))));
}

export class SoftmaxClassifier {
  private constructor(
    readonly classes: number,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(
    vectors: readonly SparseVector[],
    labels: readonly number[],
    classes: number,
    features: number,
    options: ClassifierOptions = {},
  ): SoftmaxClassifier {
    return runNow(SoftmaxClassifier.training(vectors, labels, classes, features, options));
  }

  /** The same training as `train`, pausable every few hundred steps (sliced-work.ts). */
  static *training(
    vectors: readonly SparseVector[],
    labels: readonly number[],
    classes: number,
    features: number,
    options: ClassifierOptions = {},
  ): SlicedWork<SoftmaxClassifier> {
    const { learningRate, seed, average } = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
    const epochs = options.epochs ?? defaultEpochs(vectors.length);
    const weights = new Float32Array(features * classes);
    const bias = new Float32Array(classes);
    const model = new SoftmaxClassifier(classes, weights, bias);
    const order = vectors.map((_, i) => i);
    const next = random(seed);
    const logits = new Float64Array(classes);
    const active = new Int32Array(classes);
    const gradient = new Float64Array(classes);
    // Averaged SGD: sum of step x update, so that the average is weights - sums / steps.
    const sums = average ? new Float32Array(weights.length) : undefined;
    const biasSums = new Float64Array(classes);
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const swap = order[i] ?? 0;
        order[i] = order[j] ?? 0;
        order[j] = swap;
      }
      const rate = learningRate / Math.sqrt(1 + epoch);
      for (const index of order) {
        step += 1;
        if ((step & 15) === 0) yield;
        const x = vectors[index];
        const y = labels[index] ?? 0;
        if (x === undefined) continue;
        model.probabilities(x, logits);
        let count = 0;
        for (let c = 0; c < classes; c++) {
          const g = (logits[c] as number) - (c === y ? 1 : 0);
          if (g > 1e-4 || g < -1e-4) {
            active[count++] = c;
            gradient[c] = g * rate;
          }
        }
        if (count === 0) continue;
        // The hot loop of indexing: indexes are in range by construction, so reads are asserted
        // rather than defaulted (`?? 0` on every read costs about a third of the time).
        for (let k = 0; k < x.ids.length; k++) {
          const row = (x.ids[k] as number) * classes;
          const value = x.values[k] as number;
          for (let a = 0; a < count; a++) {
            const at = row + (active[a] as number);
            const delta = value * (gradient[active[a] as number] as number);
            weights[at] = (weights[at] as number) - delta;
            if (sums !== undefined) sums[at] = (sums[at] as number) - step * delta;
          }
        }
        for (let a = 0; a < count; a++) {
          const c = active[a] as number;
          bias[c] = (bias[c] as number) - 0.1 * (gradient[c] as number);
          biasSums[c] = (biasSums[c] as number) - step * 0.1 * (gradient[c] as number);
        }
      }
    }
    if (sums !== undefined && step > 0) {
      for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) - (sums[i] ?? 0) / step;
      for (let c = 0; c < classes; c++) bias[c] = (bias[c] ?? 0) - (biasSums[c] ?? 0) / step;
    }
    return model;
  }

  /** Raw scores (logits) of every class into `out`. */
  logits(x: SparseVector, out: Float64Array): void {
    const { classes, weights, bias } = this;
    for (let c = 0; c < classes; c++) out[c] = bias[c] as number;
    for (let k = 0; k < x.ids.length; k++) {
      const row = (x.ids[k] as number) * classes;
      const value = x.values[k] as number;
      for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + value * (weights[row + c] as number);
    }
  }

  /** Softmax probabilities of every class into `out`. */
  probabilities(x: SparseVector, out: Float64Array, temperature = 1): void {
    this.logits(x, out);
    softmaxInPlace(out, temperature);
  }
}

export function softmaxInPlace(values: Float64Array, temperature = 1): void {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const e = Math.exp(((values[i] ?? 0) - max) / temperature);
    values[i] = e;
    sum += e;
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / sum;
}
