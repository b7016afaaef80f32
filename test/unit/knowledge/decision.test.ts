import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src/knowledge/article.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../../src/knowledge/decision.ts';
import { article } from './fixtures.ts';

const hit = (id: string, score: number): SearchHit => ({ article: article('en', id, id, [], ''), score });

describe('decide', () => {
  it('answers when the top hit is confident and clearly ahead', () => {
    const decision = decide([hit('a', 0.9), hit('b', 0.2)]);
    expect(decision).toEqual({ kind: 'answer', hit: hit('a', 0.9) });
  });

  it('clarifies with up to three hits when the top two are close', () => {
    const hits = [hit('a', 0.8), hit('b', 0.75), hit('c', 0.5), hit('d', 0.4)];
    const decision = decide(hits);
    expect(decision.kind).toBe('clarify');
    if (decision.kind === 'clarify') expect(decision.hits.map((h) => h.article.id)).toEqual(['a', 'b', 'c']);
  });

  it('clarifies between the thresholds and leaves out hits below abstain', () => {
    const decision = decide([hit('a', 0.45), hit('b', 0.1)]);
    expect(decision.kind).toBe('clarify');
    if (decision.kind === 'clarify') expect(decision.hits.map((h) => h.article.id)).toEqual(['a']);
  });

  it('abstains below the abstain threshold or without hits', () => {
    expect(decide([hit('a', DEFAULT_THRESHOLDS.abstain - 0.01)])).toEqual({ kind: 'none' });
    expect(decide([])).toEqual({ kind: 'none' });
  });

  it('takes other thresholds', () => {
    expect(decide([hit('a', 0.5)], { answer: 0.4, margin: 0.1, abstain: 0.2, choices: 3 }).kind).toBe(
      'answer',
    );
  });
});
