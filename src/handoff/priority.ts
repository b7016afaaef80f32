import type { EscalationReason } from './handoff-packet.ts';

/** BullMQ priorities: 1 is served first. */
const BY_REASON: Readonly<Record<EscalationReason, number>> = {
  anger: 1,
  'customer-asked': 2,
  'needs-person': 2,
  'repeated-failure': 3,
};

/** The most urgent of the reasons decides; an angry customer is served before a calm one. */
export function priorityFor(reasons: readonly EscalationReason[]): number {
  return Math.min(3, ...reasons.map((r) => BY_REASON[r]));
}

/** After this long in line a ticket moves up one priority, so nobody waits behind newcomers forever. */
export const AGING_MS = 10 * 60_000;

export function agedPriority(priority: number, waitedMs: number): number {
  return Math.max(1, priority - Math.floor(waitedMs / AGING_MS));
}
