import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/knowledge/eval-metrics.ts';

describe('summarize', () => {
  it('computes top-1, top-3, macro-F1, abstain and out-of-scope figures', () => {
    const summary = summarize([
      { label: 'a', ranked: ['a', 'b'], abstained: false },
      { label: 'a', ranked: ['b', 'a'], abstained: false },
      { label: 'b', ranked: ['b', 'a'], abstained: true },
      { label: 'oos', ranked: ['a'], abstained: true },
      { label: 'oos', ranked: ['b'], abstained: false },
    ]);
    expect(summary.n).toBe(5);
    expect(summary.top1).toBeCloseTo(2 / 3);
    expect(summary.top3).toBe(1);
    expect(summary.abstainRate).toBeCloseTo(2 / 5);
    expect(summary.oosRecall).toBe(0.5);
    expect(summary.inScopeAccuracy).toBeCloseTo(1 / 3);
    // a: precision 1/2, recall 1/2; b: precision 1/3, recall 1 -> F1 0.5 and 0.5
    expect(summary.macroF1).toBeCloseTo(0.5);
  });
});
