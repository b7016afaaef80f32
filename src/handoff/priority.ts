import type { EscalationReason } from './handoff-packet.ts';

/** BullMQ priorities: 1 is the most urgent. The reason class of a ticket, shown to agents. */
const BY_REASON: Readonly<Record<EscalationReason, number>> = {
  anger: 1,
  'customer-asked': 2,
  'needs-person': 2,
  'repeated-failure': 3,
};

/** The most urgent of the reasons decides the class. */
export function priorityFor(reasons: readonly EscalationReason[]): number {
  return Math.min(3, ...reasons.map((r) => BY_REASON[r]));
}

/** `HANDOFF_MAX_OVERTAKE_SECONDS` by default: the longest head start a ticket can have. */
export const DEFAULT_MAX_OVERTAKE_MS = 120_000;

/**
 * The head start a ticket gets in line by its class: an angry customer the whole `maxOvertakeMs`, a
 * customer who asked for a person (or whom the bot cannot help) half of it, a customer after repeated
 * failed answers none.
 */
export function headStartMs(priority: number, maxOvertakeMs: number): number {
  if (priority <= 1) return maxOvertakeMs;
  return priority === 2 ? Math.floor(maxOvertakeMs / 2) : 0;
}

/**
 * The fairness rule (docs/queue-fairness.md): the line is ordered by rank, lowest first, where a ticket's
 * rank is the time it entered the line minus its head start. The rank never changes while the ticket
 * waits. A later arrival B goes before an earlier A only when `tB - headStart(B) < tA - headStart(A)`,
 * so only when B came less than `maxOvertakeMs` after A: once a customer has waited `maxOvertakeMs`,
 * nobody who comes after them is served before them.
 */
/** How far before every ticket never taken a chat that went back in line is ranked. */
const RETURNED_BAND = 1e13;

/**
 * The rank of a chat that goes back in line (its agent left or released it): before every ticket never
 * taken, by its own rank among such chats. The customer was already being served, so the bound (which is
 * about who gets an agent first) is not at stake. A chat returned twice keeps its place in that band.
 */
export function returnedRank(rank: number): number {
  return rank < -RETURNED_BAND / 2 ? rank : rank - RETURNED_BAND;
}

export function lineRank(priority: number, enqueuedAt: number, maxOvertakeMs: number): number {
  return enqueuedAt - headStartMs(priority, maxOvertakeMs);
}
