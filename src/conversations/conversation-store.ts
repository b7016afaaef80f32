import type { ChannelName } from '../core/message.ts';
import type {
  Conversation,
  ConversationPatch,
  Customer,
  NewTranscriptEntry,
  TranscriptEntry,
} from './conversation.ts';

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
  /** Records that the customer was seen now. */
  touchCustomer(customer: { channel: ChannelName; id: string; displayName?: string }): Promise<Customer>;
  getCustomer(channel: ChannelName, id: string): Promise<Customer | undefined>;
}
