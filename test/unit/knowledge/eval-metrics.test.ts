import { describe, expect, it } from 'vitest';
import { random } from '../../../src/core/random.ts';
import {
  type EvalRow,
  outcome,
  summarize,
  summarizeGroups,
  thresholdCurve,
} from '../../../src/knowledge/eval-metrics.ts';
import { injectTypos } from '../../../src/knowledge/eval-typos.ts';

const ROWS: EvalRow[] = [
  { label: 'a', ranked: ['a', 'b'], abstained: false, score: 0.9, group: 'x' },
  { label: 'a', ranked: ['b', 'a'], abstained: false, score: 0.5, group: 'x' },
  { label: 'b', ranked: ['b', 'a'], abstained: true, score: 0.2, group: 'y' },
  { label: 'oos', ranked: ['a'], abstained: true, score: 0.1 },
  { label: 'oos', ranked: ['b'], abstained: false, score: 0.4 },
];

describe('summarize', () => {
  it('computes top-1, top-3, macro-F1, abstain and out-of-scope figures', () => {
    const summary = summarize(ROWS);
    expect(summary.n).toBe(5);
    expect(summary.top1).toBeCloseTo(2 / 3);
    expect(summary.top3).toBe(1);
    expect(summary.abstainRate).toBeCloseTo(2 / 5);
    expect(summary.oosRecall).toBe(0.5);
    expect(summary.inScopeAccuracy).toBeCloseTo(1 / 3);
    // a: precision 1/2, recall 1/2; b: precision 1/3, recall 1 -> F1 0.5 and 0.5
    expect(summary.macroF1).toBeCloseTo(0.5);
  });

  it('splits in-scope questions into answered right, answered wrong and abstained', () => {
    const summary = summarize(ROWS);
    expect(outcome(ROWS[0] as EvalRow)).toBe('right');
    expect(outcome(ROWS[1] as EvalRow)).toBe('wrong');
    expect(outcome(ROWS[2] as EvalRow)).toBe('abstained');
    expect(outcome(ROWS[4] as EvalRow)).toBe('wrong');
    // the ranking alone says 2/3; what the customer gets says 1/3
    expect(summary.strictTop1).toBeCloseTo(1 / 3);
    expect(summary.answeredWrong).toBeCloseTo(1 / 3);
    expect(summary.abstainedInScope).toBeCloseTo(1 / 3);
    // one wrong in-scope answer and one answered out-of-scope question, of five
    expect(summary.wrongAnswerRate).toBeCloseTo(2 / 5);
  });

  it('gives figures per group', () => {
    const groups = summarizeGroups(ROWS);
    expect(groups.map((g) => g.group)).toEqual(['x', 'y']);
    expect(groups[0]?.summary.strictTop1).toBeCloseTo(1 / 2);
    expect(groups[1]?.summary.abstainedInScope).toBe(1);
  });
});

describe('thresholdCurve', () => {
  it('answers a row when its score reaches the threshold', () => {
    const [low, mid, high] = thresholdCurve(ROWS, [0, 0.45, 1]);
    expect(low?.answeredRight).toBeCloseTo(2 / 3);
    expect(low?.oosRefused).toBe(0);
    expect(mid?.answeredRight).toBeCloseTo(1 / 3);
    expect(mid?.answeredWrong).toBeCloseTo(1 / 3);
    expect(mid?.oosRefused).toBe(1);
    expect(high?.answeredRight).toBe(0);
    expect(high?.wrongAnswerRate).toBe(0);
  });
});

describe('injectTypos', () => {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const row = d[i] as number[];
        const up = d[i - 1] as number[];
        row[j] = Math.min(
          (up[j] as number) + 1,
          (row[j - 1] as number) + 1,
          (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
          i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
            ? ((d[i - 2] as number[])[j - 2] as number) + 1
            : Infinity,
        );
      }
    }
    return (d[a.length] as number[])[b.length] as number;
  };

  it('puts one typo in each long word at rate 1, none at rate 0, and the same ones for the same seed', () => {
    const text = 'where is my package, it was ordered on monday';
    expect(injectTypos(text, 'en', { rate: 0 }, random(1))).toBe(text);
    const typoed = injectTypos(text, 'en', { rate: 1 }, random(1));
    expect(typoed).toBe(injectTypos(text, 'en', { rate: 1 }, random(1)));
    const before = text.split(' ');
    const after = typoed.split(' ');
    expect(after.length).toBe(before.length);
    before.forEach((word, i) => {
      const changed = after[i] ?? '';
      if (word.replace(/\W/g, '').length < 4) expect(changed).toBe(word);
      else expect(distance(word, changed)).toBe(1);
    });
  });

  it('misspells Persian and Arabic words with their own keyboards and sound-alike letters', () => {
    const next = random(3);
    for (const [language, text] of [
      ['fa', 'سفارشم هنوز نرسیده است'],
      ['ar', 'متى يصل الطلب الخاص بي'],
    ] as const) {
      const typoed = injectTypos(text, language, { rate: 1 }, next);
      expect(typoed).not.toBe(text);
      expect(typoed).toMatch(/^[\u0600-\u06FF\u200C ]+$/);
    }
  });
});
