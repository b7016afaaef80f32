import type { Language } from '../core/language.ts';
import type { Author, ChannelName, Choice, OutboundMeta } from '../core/message.ts';

/** Where a conversation stands: with the bot, waiting for a person, with a person, or over. */
export type ConversationState = 'bot' | 'waiting' | 'agent' | 'closed';

export interface Conversation {
  readonly id: string;
  readonly channel: ChannelName;
  readonly customerId: string;
  readonly state: ConversationState;
  /** Set once known; sticky for the rest of the conversation. */
  readonly language?: Language;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Whether the bot has greeted the customer yet. */
  readonly greeted: boolean;
  /** Answers in a row that found no article (the anger and handoff issues use it). */
  readonly failedAnswers: number;
  /** The choices last offered, so a picked choice can be recorded with its label. */
  readonly lastChoices?: readonly Choice[];
  /** The customer asked for a person (or accepted the offer of one), and why. */
  readonly handoffRequest?: HandoffRequest;
  /** After a person resolved the chat: the satisfaction question is open for this closed ticket. */
  readonly surveyFor?: string;
  /** How the customer seemed at their last message (anger detector), with its reasons. */
  readonly mood?: Mood;
  /** The customer's last question the knowledge step handled (follow-ups, "did this help?"). */
  readonly lastQuestion?: LastQuestion;
  /** When the bot last asked "did this help?" (answers soon after are not asked about again). */
  readonly helpfulAskedAt?: number;
  /**
   * Where the customer wrote last, when that is not the conversation itself (a linked channel): the bot's
   * and agents' messages go there (ChannelRegistry). Undefined: the conversation's own channel and id.
   */
  readonly lastChannel?: ChannelName;
  readonly lastAddress?: string;
}

/** A question the knowledge step handled, as the conversation remembers it. */
export interface LastQuestion {
  /** The question as the customer typed it (at most 200 characters). */
  readonly text: string;
  /** When it was asked (or its answer picked from the choices). */
  readonly at: number;
  /** The article the bot answered with; none while it offered choices or had no answer. */
  readonly articleId?: string;
  /** "Did this help?" was asked about this answer and is still open. */
  readonly helpfulOpen?: boolean;
}

/** The anger detector's verdict on a turn, as it is kept with the conversation and shown to agents. */
export interface Mood {
  readonly level: 'calm' | 'annoyed' | 'angry';
  readonly score: number;
  /** Per signal, the words or phrases as the customer wrote them. */
  readonly reasons: readonly { readonly signal: string; readonly evidence: readonly string[] }[];
  readonly at: number;
}

export interface HandoffRequest {
  readonly at: number;
  readonly reason: 'customer-asked' | 'no-answer';
}

/** A patch of the fields a turn may change (undefined in `lastChoices`/`handoffRequest` clears them). */
export interface ConversationPatch {
  state?: ConversationState;
  language?: Language;
  greeted?: boolean;
  failedAnswers?: number;
  lastChoices?: readonly Choice[] | undefined;
  handoffRequest?: HandoffRequest | undefined;
  surveyFor?: string | undefined;
  mood?: Mood | undefined;
  lastQuestion?: LastQuestion | undefined;
  helpfulAskedAt?: number;
  lastChannel?: ChannelName;
  lastAddress?: string;
}

/** One line of the transcript: append-only, ordered by `id`. */
export interface TranscriptEntry {
  /** Ordered id given by the store (a Redis stream id). */
  readonly id: string;
  readonly author: Author;
  readonly text: string;
  readonly at: number;
  readonly language?: Language;
  readonly choices?: readonly Choice[];
  readonly meta?: OutboundMeta;
  /** For customer messages: the platform's id of the message. */
  readonly platformMessageId?: string;
  /** For customer messages: the platform's payload, kept for agents and integrators (capped in size). */
  readonly raw?: unknown;
  /** For customer messages: how the customer seemed in this message. */
  readonly mood?: Mood;
  /**
   * For customer messages: the channel they came from (one customer may write from several); for the bot's,
   * agents' and system lines of a linked conversation: the channel they went out on.
   */
  readonly channel?: ChannelName;
}

export type NewTranscriptEntry = Omit<TranscriptEntry, 'id'>;

export interface Customer {
  readonly channel: ChannelName;
  readonly id: string;
  readonly displayName?: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly language?: Language;
}
