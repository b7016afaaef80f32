import type { Language } from '../core/language.ts';
import type { AngerLevel } from '../sentiment/detector.ts';
import type { EscalationReason } from './handoff-packet.ts';
import type { ClosedTicket } from './ticket.ts';

/** The conversation a fact of the human side is about. */
export interface HandoffSubject {
  readonly conversationId: string;
  /** The customer's channel ('unknown' for tickets made before it was kept). */
  readonly channel: string;
  readonly language: Language;
  readonly team: string;
}

/** One thing that happened on the human side, with what reports need to know of it. */
export type HandoffFact = HandoffSubject & { readonly at: number } & (
    | {
        readonly kind: 'escalated';
        readonly reasons: readonly EscalationReason[];
        /** The customer's mood when put in line, when not calm. */
        readonly anger?: AngerLevel;
      }
    /** An agent took the chat after `waitMs` in line (since it was put in line). */
    | { readonly kind: 'taken'; readonly agentId: string; readonly waitMs: number }
    /** The first agent reply since the conversation was put in line. */
    | {
        readonly kind: 'first-reply';
        readonly agentId: string;
        /** Since the conversation was put in line (first response time). */
        readonly sinceQueuedMs: number;
        /** Since this agent took it. */
        readonly sinceTakenMs?: number;
      }
    | { readonly kind: 'transferred'; readonly agentId: string; readonly toAgentId: string }
    /** The chat went back in line (the agent stepped away, or their console died: no agent known). */
    | { readonly kind: 'released'; readonly agentId?: string }
    | { readonly kind: 'resolved'; readonly closed: ClosedTicket }
    | {
        readonly kind: 'rated';
        readonly closed: ClosedTicket;
        readonly rating: number;
        readonly comment?: string;
      }
    /** The customer left the line before anyone took the chat. */
    | { readonly kind: 'left-line'; readonly waitMs: number }
  );

/**
 * Told what happens on the human side, for metrics and reports (src/observability and src/reports implement
 * it). Calls are made after the fact; what an observer throws is ignored.
 */
export interface HandoffObserver {
  /** A conversation was put in line for a person, for these reasons (not told again for one already there). */
  escalated(reasons: readonly EscalationReason[]): void;
  /** Every fact of the human side (escalated, taken, first reply, transferred, released, resolved, rated, left). */
  happened?(fact: HandoffFact): void;
}

/** One observer that tells each of `observers` in turn (one throwing does not keep the others from hearing). */
export function composeHandoffObservers(...observers: readonly HandoffObserver[]): HandoffObserver {
  return {
    escalated(reasons) {
      for (const observer of observers) {
        try {
          observer.escalated(reasons);
        } catch {
          // An observer's failure is not the others' problem.
        }
      }
    },
    happened(fact) {
      for (const observer of observers) {
        try {
          observer.happened?.(fact);
        } catch {
          // As above.
        }
      }
    },
  };
}
