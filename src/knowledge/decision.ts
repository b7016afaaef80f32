import type { SearchHit } from './article.ts';

/**
 * What the bot does with a ranked list of hits. The dialog engine and the evaluation CLI both call
 * `decide` with these defaults, so the measured abstain rate is the product's.
 */
export interface DecisionThresholds {
  /** Answer with the top hit at or above this confidence... */
  readonly answer: number;
  /** ...and when it is at least this far ahead of the second hit. */
  readonly margin: number;
  /** Below this confidence the bot has no answer (abstains) and offers a person. */
  readonly abstain: number;
  /** How many hits to offer when clarifying. */
  readonly choices: number;
}

export const DEFAULT_THRESHOLDS: DecisionThresholds = {
  answer: 0.6,
  margin: 0.1,
  abstain: 0.3,
  choices: 3,
};

export type Decision =
  | { readonly kind: 'answer'; readonly hit: SearchHit }
  | { readonly kind: 'clarify'; readonly hits: readonly SearchHit[] }
  | { readonly kind: 'none' };

/** Decide from hits ranked best first (as `KnowledgeIndex.search` returns them). Pure. */
export function decide(
  hits: readonly SearchHit[],
  thresholds: DecisionThresholds = DEFAULT_THRESHOLDS,
): Decision {
  const top = hits[0];
  if (top === undefined || top.score < thresholds.abstain) return { kind: 'none' };
  const second = hits[1]?.score ?? 0;
  if (top.score >= thresholds.answer && top.score - second >= thresholds.margin)
    return { kind: 'answer', hit: top };
  return {
    kind: 'clarify',
    hits: hits.slice(0, thresholds.choices).filter((hit) => hit.score >= thresholds.abstain),
  };
}
