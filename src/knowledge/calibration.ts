/**
 * Turns the raw signals of an article into one confidence in [0, 1] that it answers the question:
 * - `probability`: the learned model's softmax probability (how much better this article fits
 *   than the others), rescaled so that a uniform guess among `articles` is 0 and certainty is 1,
 *   which keeps small knowledge bases from looking confident by chance;
 * - `similarity`: the best cosine between the question and one of the article's texts;
 * - `coverage`: the share of the question's content words that the knowledge base knows at all
 *   (coverage.ts); low for questions about things no article talks about.
 * A logistic function of a weighted sum. The defaults were fitted by logistic regression of
 * "the first-ranked article is right" on the development sets pooled with equal weight per set
 * (banking77 full and 10-shot, MASSIVE en and fa, ArBanking77, CLINC150 with its out-of-scope
 * rows), plus small knowledge bases drawn from them (25 intents with 8 questions each, asked
 * their own questions and as many questions of other intents), so that the threshold also holds
 * for a shop's few dozen articles; not on one of them.
 */
export interface CalibrationOptions {
  readonly probabilityWeight?: number;
  readonly similarityWeight?: number;
  readonly coverageWeight?: number;
  readonly bias?: number;
}

export interface Signals {
  /** Undefined when the index has no learned model (very large knowledge bases). */
  readonly probability: number | undefined;
  readonly similarity: number;
  readonly coverage: number;
}

export const DEFAULT_CALIBRATION: Required<CalibrationOptions> = {
  probabilityWeight: 4.85,
  similarityWeight: 1.83,
  coverageWeight: 1.85,
  bias: -4.82,
};

export function calibrate(
  signals: Signals,
  articles: number,
  options: Required<CalibrationOptions> = DEFAULT_CALIBRATION,
): number {
  const { probability, similarity, coverage } = signals;
  const uniform = 1 / Math.max(1, articles);
  const p =
    probability === undefined ? similarity : Math.max(0, (probability - uniform) / (1 - uniform || 1));
  const z =
    options.probabilityWeight * p +
    options.similarityWeight * similarity +
    options.coverageWeight * coverage +
    options.bias;
  return 1 / (1 + Math.exp(-z));
}
