import type { EscalationReason } from './handoff-packet.ts';

/**
 * Told what happens on the human side, for metrics (src/observability implements it). Calls are made after
 * the fact; what an observer throws is ignored.
 */
export interface HandoffObserver {
  /** A conversation was put in line for a person, for these reasons (not told again for one already there). */
  escalated(reasons: readonly EscalationReason[]): void;
}
