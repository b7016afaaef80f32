import type { Language } from './language.ts';

/**
 * A channel is where a customer writes from: one of hamdel's own (`BUILT_IN_CHANNELS`) or an integrator's
 * own.
 */
export type ChannelName = string;

/** The channels hamdel itself serves ('botframework' is Microsoft Teams); the consoles have words for each. */
export const BUILT_IN_CHANNELS: ReadonlySet<ChannelName> = new Set([
  'web',
  'http',
  'telegram',
  'slack',
  'botframework',
]);

/** Who wrote a message in a transcript. */
export type Author =
  | { readonly kind: 'customer' }
  | { readonly kind: 'bot' }
  | { readonly kind: 'agent'; readonly id: string; readonly name: string }
  | { readonly kind: 'system' };

/** A choice the customer can pick instead of typing (for example one of the closest articles). */
export interface Choice {
  /** What the customer sees. */
  readonly label: string;
  /** What is sent back as the customer's message when picked. */
  readonly value: string;
}

/**
 * A customer's message as every channel adapter hands it to the engine.
 * Adapters translate the platform's event into this shape and keep the original in `raw`.
 */
export interface InboundMessage {
  readonly direction: 'in';
  readonly channel: ChannelName;
  /** hamdel's conversation id (stable per customer and channel thread). */
  readonly conversationId: string;
  readonly customer: CustomerRef;
  readonly text: string;
  /** The language the channel knows the customer uses, when it knows (overrides detection). */
  readonly languageHint?: Language;
  /** A weaker clue (for example the language of the page the widget is on): used when the text does not tell. */
  readonly languagePreference?: Language;
  /** When the platform says the customer sent it (ms since epoch). */
  readonly sentAt: number;
  /** The platform's own id for this message: repeated deliveries carry the same id and are handled once. */
  readonly platformMessageId: string;
  /** The platform's payload, untouched. */
  readonly raw: unknown;
  /** Files that came with the message (the bot reads text only; an agent sees them in the transcript). */
  readonly attachments?: readonly Attachment[];
  /** The web page's origin the widget runs on (routing rules by site); other channels leave it out. */
  readonly site?: string;
  /**
   * The channel's own conversation id, when the message was moved to the customer's home conversation
   * because this channel is linked to it (src/conversations/channel-linking.ts); `conversationId` is the home.
   */
  readonly address?: string;
  /** A link code the platform carried beside the text (Telegram's deep link `?start=CODE`). */
  readonly linkCode?: string;
  /** What linking did with this message on its way in: a code used, or refused. */
  readonly link?: LinkOutcome;
}

/** A link code in a customer's message, used (this channel joined the code's conversation) or refused. */
export type LinkOutcome =
  { readonly kind: 'joined' } | { readonly kind: 'refused'; readonly reason: 'invalid' | 'rate-limited' };

/** A file a customer sent: a photo, a voice message, a document... */
export interface Attachment {
  /** The platform's word for it, e.g. "photo", "voice", "document". */
  readonly kind: string;
  readonly fileName?: string;
}

/** What the engine says back, before a channel adapter renders it for its platform. */
export interface OutboundMessage {
  readonly direction: 'out';
  readonly channel: ChannelName;
  readonly conversationId: string;
  readonly author: Author;
  readonly text: string;
  readonly language: Language;
  readonly choices?: readonly Choice[];
  /** Why the bot said this, for integrators and editors (article chosen, score...). */
  readonly meta?: OutboundMeta;
  readonly sentAt: number;
  /** The transcript entry's id (a Redis stream id), when the message is a stored entry. */
  readonly entryId?: string;
}

/** Why a channel is asked to send: `answering` marks the bot's replies to the customer's own message. */
export interface DeliveryContext {
  /** The replies of the customer's turn (a channel that answers the request itself, like HTTP, skips them). */
  readonly answering?: boolean;
}

export interface OutboundMeta {
  readonly kind: 'greeting' | 'answer' | 'clarify' | 'no-answer' | 'handoff' | 'notice';
  readonly articleId?: string;
  readonly score?: number;
  readonly candidates?: readonly { readonly articleId: string; readonly score: number }[];
}

export interface CustomerRef {
  /** Stable id of the customer on this channel (for example a web visitor id or a Telegram user id). */
  readonly id: string;
  readonly displayName?: string;
}
