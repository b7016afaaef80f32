import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../src/knowledge/calibration.ts';
import { SoftmaxClassifier } from '../../../src/knowledge/classifier.ts';
import { WordCoverage } from '../../../src/knowledge/coverage.ts';
import { ForwardIndex } from '../../../src/knowledge/forward-index.ts';
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
  const examples = [
    vector([[0, 1]]),
    vector([
      [0, 1],
      [1, 1],
    ]),
    vector([[2, 1]]),
  ];
  // Examples 0 and 1 belong to group 0, example 2 to group 1.
  const index = NearestExamples.fromVectors(examples, Int32Array.of(0, 2, 3), 3);
  const candidates = (query: SparseVector, k: number): number[] => {
    const out = new Int32Array(k);
    return Array.from(out.subarray(0, index.candidates(query, k, out))).sort();
  };

  it('picks the examples with the highest dot product, never one that shares no feature', () => {
    expect(candidates(vector([[0, 1]]), 5)).toEqual([0, 1]);
    expect(candidates(vector([[0, 1]]), 1)).toEqual([0]);
    expect(candidates(vector([[2, 1]]), 5)).toEqual([2]);
    expect(
      candidates(
        vector([
          [1, 1],
          [2, 1],
        ]),
        2,
      ),
    ).toEqual([1, 2]);
  });

  it('sums the scores of all the examples of each candidate group', () => {
    const out = new Int32Array(1);
    const query = vector([
      [0, 1],
      [1, 1],
    ]);
    expect(index.candidates(query, 1, out)).toBe(1);
    expect(out[0]).toBe(1);
    // Example 1 (1.0) and example 0 (0.707...) are both in group 0; group 1 has no candidate.
    expect(index.groupSums[0]).toBeCloseTo(1 + Math.SQRT1_2, 5);
    expect(index.groupSums[1]).toBe(0);
    index.candidates(vector([[2, 1]]), 1, out);
    expect(index.groupSums[0]).toBe(0);
    expect(index.groupSums[1]).toBeCloseTo(1, 5);
  });

  it('keeps the best k of many', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      vector([
        [0, 1 + i],
        [1, 50],
      ]),
    );
    const big = NearestExamples.fromVectors(many, Int32Array.of(0, 50), 2);
    const out = new Int32Array(5);
    const count = big.candidates(vector([[0, 1]]), 5, out);
    expect(Array.from(out.subarray(0, count)).sort((a, b) => a - b)).toEqual([45, 46, 47, 48, 49]);
  });
});

describe('ForwardIndex', () => {
  it('gives the exact cosine of each text and the best of a range', () => {
    const texts = [
      vector([[0, 1]]),
      vector([
        [0, 1],
        [1, 1],
      ]),
      vector([[2, 1]]),
    ];
    const forward = new ForwardIndex(3, 4, 3);
    for (const text of texts) {
      for (let k = 0; k < text.ids.length; k++) forward.add(text.ids[k] ?? 0, text.values[k] ?? 0);
      forward.endText();
    }
    forward.setQuestion(
      vector([
        [1, 1],
        [2, 1],
      ]),
    );
    expect(forward.cosine(0)).toBe(0);
    expect(forward.cosine(1)).toBeCloseTo(0.5);
    expect(forward.cosine(2)).toBeCloseTo(Math.SQRT1_2);
    expect(forward.bestCosine(0, 2)).toBeCloseTo(0.5);
    forward.setQuestion(vector([[0, 1]]));
    expect(forward.cosine(2)).toBe(0);
    expect(forward.bestCosine(0, 3)).toBeCloseTo(1);
  });
});
