/**
 * Where to put the two cut points of an anger model: the pair (annoyed, angry) that gives the best
 * F1 of the product's decision, at both levels, on held-out sums. The decision is the detector's:
 * the model's score, never below LEXICON_FLOOR of the lexicon's score nor below the kept signals,
 * calmed by de-escalation, then the default thresholds. Level "annoyed" is scored against rows
 * graded annoyed or angry, level "angry" against rows graded angry.
 */
import { type Cuts, scoreOfSum } from '../../src/sentiment/linear-model.ts';
import { DEFAULT_THRESHOLDS, LEXICON_FLOOR, calmDown, levelOf } from '../../src/sentiment/message-scorer.ts';
import type { Example } from './examples.ts';

export interface CutChoice {
  readonly cuts: Cuts;
  readonly f1Annoyed: number;
  readonly f1Angry: number;
}

function f1(tp: number, fp: number, fn: number): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** F1 at both levels of the decision with these cuts. */
export function decisionF1(examples: readonly Example[], sums: readonly number[], cuts: Cuts): CutChoice {
  const counts = { annoyed: { tp: 0, fp: 0, fn: 0 }, angry: { tp: 0, fp: 0, fn: 0 } };
  examples.forEach((ex, i) => {
    const model = scoreOfSum(sums[i] as number, cuts);
    const score = calmDown(Math.max(model, LEXICON_FLOOR * ex.lexicon, ex.kept), ex.calming);
    const level = levelOf(score, DEFAULT_THRESHOLDS);
    const tally = (c: { tp: number; fp: number; fn: number }, predicted: boolean, gold: boolean) => {
      if (predicted && gold) c.tp += ex.weight;
      else if (predicted) c.fp += ex.weight;
      else if (gold) c.fn += ex.weight;
    };
    tally(counts.annoyed, level !== 'calm', ex.grade >= 1);
    tally(counts.angry, level === 'angry', ex.grade === 2);
  });
  return {
    cuts,
    f1Annoyed: f1(counts.annoyed.tp, counts.annoyed.fp, counts.annoyed.fn),
    f1Angry: f1(counts.angry.tp, counts.angry.fp, counts.angry.fn),
  };
}

/** The sums' value at quantile q (0..1). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))] as number;
}

/** The best pair on a grid between the sums' 20th and 99.9th percentiles (annoyed F1 + angry F1). */
export function searchCuts(examples: readonly Example[], sums: readonly number[], steps = 48): CutChoice {
  const sorted = [...sums].sort((a, b) => a - b);
  const low = quantile(sorted, 0.2);
  const high = quantile(sorted, 0.999) + 1;
  const grid = Array.from({ length: steps + 1 }, (_, i) => low + ((high - low) * i) / steps);
  let best: CutChoice | undefined;
  for (let a = 0; a < grid.length; a++) {
    for (let b = a + 1; b < grid.length; b++) {
      const choice = decisionF1(examples, sums, { annoyed: grid[a] as number, angry: grid[b] as number });
      if (best === undefined || choice.f1Annoyed + choice.f1Angry > best.f1Annoyed + best.f1Angry) {
        best = choice;
      }
    }
  }
  if (best === undefined) throw new Error('no sums to place the cuts on');
  return best;
}
