/**
 * Fairness figures of a simulated day (bench/queue-sim.ts), for `npm run bench:queue`: how long customers
 * waited per reason, and how far later arrivals went ahead of them.
 *
 * A later arrival B "went ahead of" A when B came after A, was taken while A still waited, and the agent who
 * took B could have taken A (same line: team, language, skills). The figure that the fairness rule bounds is
 * how long A had already waited when B arrived (`tB - tA`): with `HANDOFF_MAX_OVERTAKE_SECONDS` = 120 it
 * never passes two minutes.
 */
import type { EscalationReason } from '../src/handoff/handoff-packet.ts';
import { canTake } from '../src/handoff/queue-position.ts';
import type { CustomerRecord } from './queue-sim.ts';

export interface ReasonWaits {
  readonly reason: EscalationReason;
  /** Customers taken by an agent. */
  readonly served: number;
  readonly meanMs: number;
  readonly p90Ms: number;
}

export interface Fairness {
  readonly customers: number;
  /** The longest any customer had waited when someone who then went ahead of them arrived (0: nobody). */
  readonly longestPassedAfterMs: number;
  /** Customers whom a later arrival went ahead of. */
  readonly passed: number;
  /** Customers whom someone went ahead of who arrived more than `boundMs` after them. */
  readonly passedBeyondBound: number;
  readonly byReason: readonly ReasonWaits[];
}

const REASONS: readonly EscalationReason[] = ['anger', 'customer-asked', 'repeated-failure'];

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/** The figures of days, each day's records apart (customers of different days never share a line). */
export function fairness(days: readonly (readonly CustomerRecord[])[], boundMs: number): Fairness {
  let longest = 0;
  let passed = 0;
  let beyond = 0;
  for (const day of days) {
    const byArrival = [...day].sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    for (const [i, a] of byArrival.entries()) {
      const takenAt = a.realWaitMs === undefined ? Infinity : a.enqueuedAt + a.realWaitMs;
      let margin = -1;
      for (const b of byArrival.slice(i + 1)) {
        if (b.enqueuedAt >= takenAt) break; // arrived after A was taken: behind nobody
        if (b.realWaitMs === undefined || b.takenBy === undefined || b.enqueuedAt === a.enqueuedAt) continue;
        if (b.enqueuedAt + b.realWaitMs >= takenAt) continue;
        if (!canTake({ ...b.takenBy, status: 'online', activeChats: 0 }, a)) continue;
        margin = Math.max(margin, b.enqueuedAt - a.enqueuedAt);
      }
      if (margin < 0) continue;
      passed += 1;
      if (margin > boundMs) beyond += 1;
      longest = Math.max(longest, margin);
    }
  }
  const all = days.flat();
  const byReason = REASONS.map((reason) => {
    const waits = all
      .filter((r) => r.reason === reason && r.realWaitMs !== undefined)
      .map((r) => r.realWaitMs ?? 0);
    const meanMs = waits.reduce((sum, w) => sum + w, 0) / Math.max(1, waits.length);
    return { reason, served: waits.length, meanMs, p90Ms: quantile(waits, 0.9) };
  });
  return {
    customers: all.length,
    longestPassedAfterMs: longest,
    passed,
    passedBeyondBound: beyond,
    byReason,
  };
}
