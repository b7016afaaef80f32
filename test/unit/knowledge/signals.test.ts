import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../src/knowledge/calibration.ts';
import { SoftmaxClassifier } from '../../../src/knowledge/classifier.ts';
import { WordCoverage } from '../../../src/knowledge/coverage.ts';
import { NearestExamples } from '../../../src/knowledge/neighbors.ts';
import type { SparseVector } from '../../../src/knowledge/tfidf.ts';

const vector = (pairs: [number, number][]): SparseVector => {
  const norm = Math.sqrt(pairs.reduce((sum, [, v]) => sum + v * v, 0));
  return {
    ids: Int32Array.from(pairs.map(([id]) => id)),
    values: Float32Array.from(pairs.map(([, v]) => v / norm)),
  };
};

describe('WordCoverage', () => {
  const coverage = new WordCoverage(
    [
      ['where', 'is', 'my', 'parcel'],
      ['return', 'an', 'item'],
    ],
    'en',
  );

  it('is 1 when every content word is known and 0 when none is', () => {
    expect(coverage.coverage(['where', 'parcel'])).toBe(1);
    expect(coverage.coverage(['capital', 'peru'])).toBe(0);
    expect(coverage.coverage(['the', 'a'])).toBe(0);
  });

  it('forgives one typo in longer words', () => {
    expect(coverage.coverage(['retrun'])).toBe(1);
    expect(coverage.coverage(['parcle'])).toBe(1);
    expect(coverage.coverage(['parcels'])).toBe(1);
    expect(coverage.coverage(['return', 'penguins'])).toBeGreaterThan(0);
    expect(coverage.coverage(['return', 'penguins'])).toBeLessThan(1);
  });
});

describe('calibrate', () => {
  it('stays in [0, 1] and rises with every signal', () => {
    const low = calibrate({ probability: 0.2, similarity: 0.1, coverage: 0.2 }, 10);
    const high = calibrate({ probability: 0.9, similarity: 0.7, coverage: 1 }, 10);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
    expect(high).toBeGreaterThan(low);
    expect(calibrate({ probability: 0.5, similarity: 0.6, coverage: 1 }, 10)).toBeGreaterThan(
      calibrate({ probability: 0.5, similarity: 0.2, coverage: 1 }, 10),
    );
  });

  it('does not trust a probability that a uniform guess would give', () => {
    const signals = { probability: 0.25, similarity: 0.3, coverage: 0.5 };
    expect(calibrate(signals, 4)).toBeLessThan(calibrate(signals, 100));
  });
});

describe('SoftmaxClassifier', () => {
  it('learns to separate classes by their features', () => {
    const vectors = [
      vector([
        [0, 1],
        [1, 1],
      ]),
      vector([
        [0, 1],
        [2, 0.5],
      ]),
      vector([
        [3, 1],
        [4, 1],
      ]),
      vector([
        [3, 1],
        [1, 0.2],
      ]),
    ];
    const model = SoftmaxClassifier.train(vectors, [0, 0, 1, 1], 2, 5, { seed: 3 });
    const out = new Float64Array(2);
    model.probabilities(vector([[0, 1]]), out);
    expect(out[0]).toBeGreaterThan(0.6);
    model.probabilities(vector([[4, 1]]), out);
    expect(out[1]).toBeGreaterThan(0.6);
    expect((out[0] ?? 0) + (out[1] ?? 0)).toBeCloseTo(1);
  });
});

describe('NearestExamples', () => {
  it('gives each class the cosine of its nearest example', () => {
    const examples = [
      vector([[0, 1]]),
      vector([
        [0, 1],
        [1, 1],
      ]),
      vector([[2, 1]]),
    ];
    const index = NearestExamples.fromVectors(examples, Int32Array.from([0, 0, 1]), 3);
    const out = new Float64Array(2);
    index.bestPerClass(vector([[0, 1]]), out);
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBe(0);
    index.bestPerClass(
      vector([
        [1, 1],
        [2, 1],
      ]),
      out,
    );
    expect(out[0]).toBeCloseTo(0.5);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2);
  });
});
