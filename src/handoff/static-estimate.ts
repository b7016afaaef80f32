import type { CompletedTicket } from './queue-snapshot.ts';

/**
 * The baseline that `npm run bench:queue` compares the live estimator with: a Dynamics 365-style static
 * average. Every customer is told the same figure, the mean wait of all completed tickets (Dynamics uses
 * the last 48 hours), whatever their language, skills or place in line, and the figure is never updated
 * while they wait. Like Dynamics it rounds up to whole minutes and hides figures under one minute.
 *
 * It is not used to talk to customers; it exists so that the benchmark measures the live estimator
 * against what the field ships.
 */

/** The static average wait. */
export type StaticEstimate =
  | {
      readonly kind: 'minutes';
      readonly minutes: number;
      readonly averageMs: number;
      readonly samples: number;
    }
  | { readonly kind: 'few-minutes'; readonly averageMs: number; readonly samples: number }
  | { readonly kind: 'unknown'; readonly samples: 0 };

/**
 * The mean wait of `completed`, rounded up to whole minutes ('few-minutes' under one minute, 'unknown'
 * with no completion). Pass the completions of the averaging window (e.g. the last 48 hours).
 */
export function staticWaitEstimate(completed: readonly CompletedTicket[]): StaticEstimate {
  const average = new RunningAverageWait();
  for (const c of completed) average.add(c);
  return average.estimate();
}

/** The figure a customer takes away from the static estimate, in ms: the minutes shown, or half a minute. */
export function staticSpokenMs(estimate: StaticEstimate): number | undefined {
  if (estimate.kind === 'minutes') return estimate.minutes * 60_000;
  if (estimate.kind === 'few-minutes') return 30_000;
  return undefined;
}

/**
 * A running mean of waits, so that a long simulation does not re-average every completion for every
 * customer. `estimate()` is the static estimate of everything added so far.
 */
export class RunningAverageWait {
  private count = 0;
  private totalMs = 0;

  add(completed: Pick<CompletedTicket, 'waitMs'>): void {
    this.count += 1;
    this.totalMs += completed.waitMs;
  }

  estimate(): StaticEstimate {
    if (this.count === 0) return { kind: 'unknown', samples: 0 };
    const averageMs = this.totalMs / this.count;
    if (averageMs < 60_000) return { kind: 'few-minutes', averageMs, samples: this.count };
    return { kind: 'minutes', minutes: Math.ceil(averageMs / 60_000), averageMs, samples: this.count };
  }
}
