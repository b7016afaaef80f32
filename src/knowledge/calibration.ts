/**
 * Turns the raw signals of an article into one confidence in [0, 1] that it answers the question:
 * - `probability`: the learned model's softmax probability (how much better this article fits
 *   than the others), rescaled so that a uniform guess among `articles` is 0 and certainty is 1,
 *   which keeps small knowledge bases from looking confident by chance;
 * - `similarity`: the best cosine between the question and one of the article's texts;
 * - `coverage`: the share of the question's content words that the knowledge base knows at all
 *   (coverage.ts); low for questions about things no article talks about.
 * A logistic function of a weighted sum, with its own weights for indexes without a learned
 * model (large knowledge bases, ranked by similarity alone). The defaults are fitted by
 * `npm run fit:calibration`: logistic regression of "the first-ranked article is right" on the
 * development sets pooled with equal weight per set (banking77 full and 10-shot, MASSIVE en and
 * fa, ArBanking77, CLINC150 with its out-of-scope rows), plus small knowledge bases drawn from
 * them (25 intents with 8 questions each, asked their own questions and as many questions of
 * other intents), so that one threshold holds for a shop's few dozen articles as for thousands;
 * not on one of them.
 */
export interface CalibrationOptions {
  readonly probabilityWeight?: number;
  readonly similarityWeight?: number;
  readonly coverageWeight?: number;
  readonly bias?: number;
  /** Without a learned model: the weights of similarity and coverage, and the bias. */
  readonly retrievalSimilarityWeight?: number;
  readonly retrievalCoverageWeight?: number;
  readonly retrievalBias?: number;
}

export interface Signals {
  /** Undefined when the index has no learned model (very large knowledge bases). */
  readonly probability: number | undefined;
  readonly similarity: number;
  readonly coverage: number;
}

export const DEFAULT_CALIBRATION: Required<CalibrationOptions> = {
  probabilityWeight: 3.74,
  similarityWeight: 3.33,
  coverageWeight: 0.8,
  bias: -4.05,
  retrievalSimilarityWeight: 9.57,
  retrievalCoverageWeight: 2.42,
  retrievalBias: -5.74,
};

/**
 * The inputs of the logistic function and their weights (last: the bias, input 1): with a model,
 * (rescaled probability, similarity, coverage); without one, (similarity, coverage).
 */
export function calibrationTerms(
  signals: Signals,
  articles: number,
  options: Required<CalibrationOptions> = DEFAULT_CALIBRATION,
): { inputs: number[]; weights: number[] } {
  const { probability, similarity, coverage } = signals;
  if (probability === undefined) {
    return {
      inputs: [similarity, coverage, 1],
      weights: [options.retrievalSimilarityWeight, options.retrievalCoverageWeight, options.retrievalBias],
    };
  }
  const uniform = 1 / Math.max(1, articles);
  const p = Math.max(0, (probability - uniform) / (1 - uniform || 1));
  return {
    inputs: [p, similarity, coverage, 1],
    weights: [options.probabilityWeight, options.similarityWeight, options.coverageWeight, options.bias],
  };
}

export function calibrate(
  signals: Signals,
  articles: number,
  options: Required<CalibrationOptions> = DEFAULT_CALIBRATION,
): number {
  const { inputs, weights } = calibrationTerms(signals, articles, options);
  let z = 0;
  for (let i = 0; i < inputs.length; i++) z += (inputs[i] ?? 0) * (weights[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
