/**
 * The agent console's WebSocket protocol (JSON text frames), shared by the server and web/agent.
 *
 * Connect: ws(s)://HOST/agent/ws with the login session cookie (see src/agents), from a page of this very
 * host (a browser's `Origin` naming another site is refused with 403 before the socket opens).
 * Unauthenticated connections are closed with 4401; when the agent's access is taken back (account removed,
 * admin role or password changed) every console of theirs gets an `error` SESSION_REVOKED and is closed
 * with 4403.
 *
 * On connect the server sends `hello`, then `queue` and `chats` (the whole state); afterwards it sends the
 * changes: `queue` again whenever the line changes (at most every second), `chat` when a chat enters the
 * agent's hands or changes, `entry` for each new transcript line of a chat in hand, `typing` when the customer
 * types, `chat-closed` when a chat leaves the agent's hands. The client sends commands; each command that
 * fails gets an `error` frame with the command's `ref` (if it sent one). Commands on a chat (say, typing,
 * release, transfer, resolve, note, tags, customer, past, search, colleagues) are only for the agent who
 * holds it, or an admin: anyone else gets NOT_CHAT_HOLDER, and nothing changes.
 *
 * `take` picks one chat from the line under the rules of `take-next` (refused with NOT_ONLINE, AT_CAPACITY,
 * TICKET_NOT_SERVABLE, TICKET_TAKEN or TICKET_GONE). Internal notes (`note`) are kept apart from the
 * transcript and never reach the customer's channel or the widget. `customer`, `past` and `search` read the
 * customer's record, earlier conversations and transcripts: `search` in the customer's own conversations or
 * in the closed chats the agent may read, through an index (bounded: see customer-history.ts).
 */
import type { Language } from '../core/language.ts';
import type { AgentRole, AgentStatus } from '../agents/agent.ts';
import type { TranscriptEntryView } from '../adapters/web/protocol.ts';
import type { AngerAssessment, EscalationReason, HandoffPacket } from './handoff-packet.ts';
import type { ChatNote } from './chat-notes.ts';

/** An internal note: agents only, never the customer (see chat-notes.ts). */
export type NoteView = ChatNote;

export interface ConsoleAgent {
  readonly id: string;
  readonly name: string;
  readonly role: AgentRole;
  readonly languages: readonly Language[];
  readonly capacity: number;
  readonly status: AgentStatus;
}

/** A ticket in line, as the console lists it. */
export interface QueueItemView {
  readonly conversationId: string;
  readonly language: Language;
  readonly channel: string;
  readonly customerName?: string;
  readonly reasons: readonly EscalationReason[];
  readonly anger?: AngerAssessment;
  readonly summary: string;
  /** 1-based place in the whole line. */
  readonly position: number;
  readonly priority: number;
  readonly enqueuedAt: number;
  /** Whether this agent could take it (language, skills, team). */
  readonly canTake: boolean;
}

/** A chat in the agent's hands. */
export interface ChatView {
  readonly conversationId: string;
  readonly packet: HandoffPacket;
  /** The whole transcript so far. */
  readonly transcript: readonly TranscriptEntryView[];
  readonly assignedAt: number;
  /** Internal notes, oldest first: shown to agents only. */
  readonly notes: readonly NoteView[];
  readonly tags: readonly string[];
}

/** The customer's record as the side panel shows it. */
export interface CustomerProfileView {
  readonly channel: string;
  readonly id: string;
  readonly displayName?: string;
  readonly language?: Language;
  readonly firstSeen: number;
  readonly lastSeen: number;
}

/** One of the customer's conversations (the chat in hand included, with `current`). */
export interface PastConversationView {
  readonly conversationId: string;
  readonly channel: string;
  readonly language?: Language;
  readonly startedAt: number;
  readonly lastAt: number;
  /** The customer's first words (or the first line). */
  readonly preview: string;
  readonly current: boolean;
  /** Closed tickets of the conversation, their tags, and the newest one's note and rating. */
  readonly tickets: number;
  readonly tags: readonly string[];
  readonly note?: string;
  readonly rating?: number;
}

/** A transcript line that matched a search. */
export interface SearchHitView {
  readonly conversationId: string;
  readonly entryId: string;
  readonly at: number;
  readonly author: TranscriptEntryView['author']['kind'];
  /** The text around the match. */
  readonly text: string;
  /** Where in `text` the matching words are: [start, end) in UTF-16 code units, in order. */
  readonly marks: readonly (readonly [number, number])[];
  /** In one of this customer's conversations (else a closed chat the agent may read). */
  readonly own: boolean;
}

/** An agent a chat could be transferred to. */
export interface ColleagueView {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly status: AgentStatus;
  readonly chats: number;
  readonly capacity: number;
  /** Online, with room, and able to serve the chat (team, language, skills). */
  readonly canTake: boolean;
}

export interface CannedReply {
  readonly id: string;
  readonly title: string;
  /** A starting point the agent edits before sending; may contain {customer} and {agent}. */
  readonly text: string;
}

export type ConsoleServerFrame =
  | { readonly type: 'hello'; readonly agent: ConsoleAgent; readonly serverTime: number }
  | {
      readonly type: 'queue';
      readonly waiting: readonly QueueItemView[];
      readonly agentsOnline: number;
      readonly serverTime: number;
    }
  | { readonly type: 'chats'; readonly chats: readonly ChatView[] }
  | { readonly type: 'chat'; readonly chat: ChatView }
  | { readonly type: 'entry'; readonly conversationId: string; readonly entry: TranscriptEntryView }
  | { readonly type: 'typing'; readonly conversationId: string; readonly on: boolean }
  /** A channel was linked to or unlinked from a chat in hand: its list of linked channels is out of date. */
  | { readonly type: 'links-changed'; readonly conversationId: string }
  | {
      readonly type: 'chat-closed';
      readonly conversationId: string;
      readonly reason: 'resolved' | 'released' | 'transferred' | 'cancelled';
    }
  | { readonly type: 'canned'; readonly replies: Readonly<Record<Language, readonly CannedReply[]>> }
  | { readonly type: 'status'; readonly status: AgentStatus }
  /** A note was added to a chat in hand (to the console that wrote it; others get it with the chat). */
  | { readonly type: 'note'; readonly conversationId: string; readonly note: NoteView; readonly ref?: string }
  | { readonly type: 'tags'; readonly conversationId: string; readonly tags: readonly string[] }
  /** Answers `customer`: the record and conversations of the customer behind a chat in hand. */
  | {
      readonly type: 'customer';
      readonly conversationId: string;
      readonly customer?: CustomerProfileView;
      readonly conversations: readonly PastConversationView[];
    }
  /** Answers `past`: an earlier conversation, read-only, with its notes. */
  | {
      readonly type: 'past';
      readonly conversationId: string;
      readonly pastId: string;
      readonly transcript: readonly TranscriptEntryView[];
      readonly notes: readonly NoteView[];
    }
  /** Answers `search`. */
  | {
      readonly type: 'search-results';
      readonly conversationId: string;
      readonly query: string;
      readonly scope: 'customer' | 'closed';
      readonly hits: readonly SearchHitView[];
    }
  /** Answers `colleagues`: whom a chat could go to, online and with room first. */
  | {
      readonly type: 'colleagues';
      readonly conversationId: string;
      readonly agents: readonly ColleagueView[];
    }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly ref?: string };

export type ConsoleClientFrame =
  | { readonly type: 'status'; readonly status: 'online' | 'away' }
  | { readonly type: 'take-next'; readonly ref?: string }
  /** Takes one given chat from the line (as `take-next` would: Online, with room, able to serve it). */
  | { readonly type: 'take'; readonly conversationId: string; readonly ref?: string }
  | { readonly type: 'note'; readonly conversationId: string; readonly text: string; readonly ref?: string }
  | {
      readonly type: 'tags';
      readonly conversationId: string;
      readonly tags: readonly string[];
      readonly ref?: string;
    }
  | { readonly type: 'customer'; readonly conversationId: string; readonly ref?: string }
  | {
      readonly type: 'past';
      readonly conversationId: string;
      readonly pastId: string;
      readonly ref?: string;
    }
  | {
      readonly type: 'search';
      readonly conversationId: string;
      readonly query: string;
      /** The customer's own conversations (default), or the closed chats the agent may read. */
      readonly scope?: 'customer' | 'closed';
      readonly ref?: string;
    }
  | { readonly type: 'colleagues'; readonly conversationId: string; readonly ref?: string }
  | { readonly type: 'say'; readonly conversationId: string; readonly text: string; readonly ref: string }
  | { readonly type: 'typing'; readonly conversationId: string }
  | { readonly type: 'release'; readonly conversationId: string; readonly ref?: string }
  | {
      readonly type: 'transfer';
      readonly conversationId: string;
      readonly toAgentId: string;
      readonly ref?: string;
    }
  | {
      readonly type: 'resolve';
      readonly conversationId: string;
      readonly note?: string;
      readonly ref?: string;
    };

/** How the server closes a console's socket (besides those in CLOSE_CODES of the widget's protocol). */
export const CONSOLE_CLOSE_CODES = {
  /** No live session: sign in. */
  UNAUTHENTICATED: 4401,
  /** The agent's access was taken back (SESSION_REVOKED): sign in again. */
  REVOKED: 4403,
} as const;
