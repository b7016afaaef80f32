import type { ChannelName } from '../core/message.ts';
import type {
  Conversation,
  ConversationPatch,
  Customer,
  NewTranscriptEntry,
  TranscriptEntry,
} from './conversation.ts';
import type { CommittedTurn, OpenedTurn, OpenTurnOptions, TurnStage, TurnWrite } from './turn-record.ts';

export interface TranscriptQuery {
  /** Only entries after this id. */
  readonly after?: string;
  /** At most this many, from the start (or from `after`). */
  readonly limit?: number;
  /** Only the newest this many (still returned oldest first). */
  readonly last?: number;
}

/**
 * Where conversations, transcripts and customers live. hamdel ships a Redis implementation;
 * integrators may plug in their own.
 */
export interface ConversationStore {
  get(conversationId: string): Promise<Conversation | undefined>;
  /** Returns the conversation, creating it in state 'bot' if it does not exist. */
  ensure(init: { id: string; channel: ChannelName; customerId: string }): Promise<Conversation>;
  update(conversationId: string, patch: ConversationPatch): Promise<Conversation>;
  /** Appends to the transcript and returns the entry with its ordered id. */
  append(conversationId: string, entry: NewTranscriptEntry): Promise<TranscriptEntry>;
  /** Transcript entries in order (oldest first). */
  transcript(conversationId: string, options?: TranscriptQuery): Promise<TranscriptEntry[]>;
  /** Records that the customer was seen now (in `conversationId`, which joins the customer's conversations). */
  touchCustomer(customer: {
    channel: ChannelName;
    id: string;
    displayName?: string;
    conversationId?: string;
  }): Promise<Customer>;
  getCustomer(channel: ChannelName, id: string): Promise<Customer | undefined>;
  /** Ids of the customer's conversations (those `touchCustomer` was told of), in no particular order. */
  customerConversations(channel: ChannelName, id: string): Promise<string[]>;

  /**
   * A turn's first read: the conversation (created in state 'bot' on its first message), its newest
   * `recent` entries (only the customer's among them with `recentOf: 'customer'`), and, when `turnId` was
   * already committed, that turn's record.
   */
  openTurn(
    init: { id: string; channel: ChannelName; customerId: string },
    options: OpenTurnOptions,
  ): Promise<OpenedTurn>;
  /**
   * Writes a turn's entries, the conversation's changes and the turn's record at once (all or nothing).
   * Idempotent by turn id: committing a turn id that is already the latest one writes nothing.
   */
  commitTurn(conversationId: string, turnId: string, turn: TurnWrite): Promise<CommittedTurn>;
  /** Notes how far a committed turn got (its record must still be the latest). */
  markTurn(conversationId: string, turnId: string, stage: TurnStage): Promise<void>;
  /** The entries with these ids, in order. */
  entries(conversationId: string, ids: readonly string[]): Promise<TranscriptEntry[]>;
}
