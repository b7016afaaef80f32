import type { HandoffPacket } from './handoff-packet.ts';
import type { Pool } from './routing.ts';

/** A ticket waiting in line or in an agent's hands. */
export interface Ticket {
  readonly conversationId: string;
  readonly pool: Pool;
  readonly priority: number;
  readonly enqueuedAt: number;
  /** Its place key in line: `enqueuedAt` minus its head start (`lineRank` in priority.ts); lower is first. */
  readonly rank: number;
  readonly status: 'waiting' | 'assigned';
  readonly agentId?: string;
  readonly assignedAt?: number;
  readonly firstReplyAt?: number;
  /** The agents' tags on the chat (free text), kept on the closed ticket. */
  readonly tags?: readonly string[];
  /** The customer's channel (tickets made before it was kept have none). */
  readonly channel?: string;
  /** When any agent first replied since the conversation was put in line (kept across releases). */
  readonly answeredAt?: number;
}

export type TakeResult =
  | { readonly kind: 'taken'; readonly ticket: Ticket; readonly packet: HandoffPacket }
  | { readonly kind: 'none' }
  | { readonly kind: 'at-capacity'; readonly capacity: number };

/** What `takeTicket` gives: the chat, or why the agent did not get it. */
export type TakeTicketResult =
  | Extract<TakeResult, { kind: 'taken' | 'at-capacity' }>
  /** The ticket is no longer in line (resolved, cancelled, never there). */
  | { readonly kind: 'gone' }
  /** Someone (possibly this very agent) holds it already. */
  | { readonly kind: 'held'; readonly agentId: string }
  /** The ticket needs a team, language or skill the agent does not have. */
  | { readonly kind: 'cannot-serve' };

/** What is kept of a finished chat (for the analytics issue). */
export interface ClosedTicket {
  /** Names this closed ticket (for the rating that comes after). */
  readonly ref: string;
  readonly conversationId: string;
  readonly agentId: string;
  readonly language: Pool['language'];
  readonly team: string;
  /** The customer's channel (closed tickets made before it was kept have none). */
  readonly channel?: string;
  /** When the conversation was put in line. */
  readonly enqueuedAt?: number;
  readonly waitMs: number;
  readonly firstReplyMs?: number;
  readonly handleMs: number;
  readonly endedAt: number;
  readonly note?: string;
  /** The tags the chat had when it was resolved. */
  readonly tags?: readonly string[];
  readonly rating?: number;
  /** What the customer wrote with their rating. */
  readonly comment?: string;
}
