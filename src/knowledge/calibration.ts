/**
 * Turns the two raw signals of a class into one confidence in [0, 1]:
 * - `probability`: the learned model's softmax probability (how much better than the other
 *   articles this one fits), absent when no model was trained;
 * - `similarity`: the best cosine between the question and one of the article's texts (how close
 *   the question is to anything the article says, which is what tells an unrelated question).
 * A logistic function of a weighted sum; the defaults were fitted across the development sets
 * (banking77, MASSIVE fa/en, ArBanking77, CLINC150 with out-of-scope rows), not to one of them.
 */
export interface CalibrationOptions {
  readonly probabilityWeight?: number;
  readonly similarityWeight?: number;
  readonly bias?: number;
}

export const DEFAULT_CALIBRATION: Required<CalibrationOptions> = {
  probabilityWeight: 4,
  similarityWeight: 6,
  bias: -4,
};

export function calibrate(
  probability: number | undefined,
  similarity: number,
  options: Required<CalibrationOptions> = DEFAULT_CALIBRATION,
): number {
  const p = probability ?? similarity;
  const z = options.probabilityWeight * p + options.similarityWeight * similarity + options.bias;
  return 1 / (1 + Math.exp(-z));
}
