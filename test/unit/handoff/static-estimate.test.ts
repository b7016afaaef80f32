import { describe, expect, it } from 'vitest';
import {
  RunningAverageWait,
  staticSpokenMs,
  staticWaitEstimate,
} from '../../../src/handoff/static-estimate.ts';
import { completions, MIN } from './snapshot-fixtures.ts';

describe('staticWaitEstimate', () => {
  it('is the mean wait of every completion, rounded up to whole minutes', () => {
    const done = [...completions(2, 5, { waitMs: 2 * MIN }), ...completions(1, 5, { waitMs: 5.5 * MIN })];
    expect(staticWaitEstimate(done)).toMatchObject({ kind: 'minutes', minutes: 4, samples: 3 });
    expect(staticSpokenMs(staticWaitEstimate(done))).toBe(4 * MIN);
  });

  it('hides figures under a minute and is unknown without data', () => {
    expect(staticWaitEstimate(completions(3, 5, { waitMs: 20_000 })).kind).toBe('few-minutes');
    expect(staticWaitEstimate([])).toEqual({ kind: 'unknown', samples: 0 });
  });

  it('a running average gives the same figure', () => {
    const average = new RunningAverageWait();
    const done = completions(7, 5).map((c, i) => ({ ...c, waitMs: i * MIN }));
    for (const c of done) average.add(c);
    expect(average.estimate()).toEqual(staticWaitEstimate(done));
  });
});
