import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { Choice, InboundMessage, OutboundMeta } from '../core/message.ts';
import type { Conversation, ConversationPatch } from '../conversations/conversation.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import type { MessageCatalog, MessageKey } from './message-catalog.ts';

/** What the customer asked for in this turn, once a picked choice is resolved. */
export type TurnInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'article'; readonly articleId: string }
  | { readonly kind: 'person' }
  | { readonly kind: 'none-of-these' };

/** Something the bot will say, before it is stored in the transcript. */
export interface ReplyDraft {
  readonly text: string;
  readonly choices?: readonly Choice[];
  readonly meta: OutboundMeta;
}

export interface TurnServices {
  readonly knowledge: KnowledgeSnapshot;
  readonly catalog: MessageCatalog;
  readonly clock: Clock;
  readonly defaultLanguage: Language;
}

/** The state of one turn as it passes through the steps. */
export interface TurnContext {
  readonly message: InboundMessage;
  readonly conversation: Conversation;
  readonly services: TurnServices;
  language: Language;
  /** What the customer's transcript entry shows (a picked choice shows its label, not its value). */
  customerText: string;
  input: TurnInput;
  readonly replies: ReplyDraft[];
  /** Changes to the conversation, saved after the turn. */
  readonly patch: ConversationPatch;
  /** Adds a reply from the message catalog in the customer's language. */
  say(key: MessageKey, extra?: { choices?: readonly Choice[]; meta?: OutboundMeta }): void;
}
