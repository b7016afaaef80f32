import type { Conversation, ConversationPatch, NewTranscriptEntry, TranscriptEntry } from './conversation.ts';

/**
 * How far a committed turn got. A turn is committed in one atomic write (the customer's entry, the bot's
 * replies, the conversation's changes and this record); what follows (sending on the channel, the human
 * queue's effects) is marked as it is done, so a process that takes over a dead one's turn finishes it
 * instead of running it again.
 */
export type TurnStage = 'committed' | 'delivered' | 'done';

/** The record of a conversation's latest committed turn (turns of one conversation run one at a time). */
export interface TurnRecord {
  /** The turn id: the same for every delivery of one platform message. */
  readonly id: string;
  readonly stage: TurnStage;
  /** Ids of the entries the turn wrote: the customer's first, then the replies. */
  readonly entryIds: readonly string[];
  /** What the turn runner needs to finish the turn (its effects), as it stored it. */
  readonly result: unknown;
}

/** What a turn's first read asks for. */
export interface OpenTurnOptions {
  readonly turnId: string;
  /** How many of the newest entries to look at. */
  readonly recent: number;
  /** Keep only those entries by this kind of author (the mood step reads only the customer's). */
  readonly recentOf?: TranscriptEntry['author']['kind'];
}

/** What a turn starts from: the conversation (created on the first message) and its latest entries. */
export interface OpenedTurn {
  readonly conversation: Conversation;
  /** The newest entries, oldest first. */
  readonly recent: readonly TranscriptEntry[];
  /** Set when this turn id was already committed (by a process that then died, or a concurrent one). */
  readonly committed?: TurnRecord;
}

export interface TurnWrite {
  /** The customer's entry first, then the replies. */
  readonly entries: readonly NewTranscriptEntry[];
  readonly patch: ConversationPatch;
  /** Kept in the record for whoever finishes the turn. */
  readonly result: unknown;
}

export interface CommittedTurn {
  /** False when the turn id had been committed already: nothing was written again. */
  readonly fresh: boolean;
  readonly record: TurnRecord;
  /** The conversation after the turn. */
  readonly conversation: Conversation;
  /** The stored entries (fresh commits only; otherwise read them by `record.entryIds`). */
  readonly entries: readonly TranscriptEntry[];
  /** The store told every process of the entries (and the language) as it committed them. */
  readonly announced: boolean;
}
