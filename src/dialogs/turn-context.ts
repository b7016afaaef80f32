import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { Choice, InboundMessage, OutboundMeta } from '../core/message.ts';
import type { Conversation, ConversationPatch } from '../conversations/conversation.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import type { AngerAssessment, EscalationReason } from '../handoff/handoff-packet.ts';
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

/** What the turn asks the rest of the system to do once its replies are stored. */
export interface TurnEffects {
  /** Hand the conversation to the human queue. */
  escalate?: { readonly reasons: readonly EscalationReason[]; readonly anger?: AngerAssessment };
  /** The customer no longer wants to wait for a person. */
  cancelWait?: boolean;
  /** The customer's answer to the satisfaction question (1-5). */
  rating?: number;
}

export interface TurnServices {
  readonly knowledge: KnowledgeSnapshot;
  readonly catalog: MessageCatalog;
  readonly clock: Clock;
  readonly defaultLanguage: Language;
  /** Whether a human queue is connected (without one, a request for a person is recorded and explained). */
  readonly handoff: boolean;
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
  readonly effects: TurnEffects;
  /** Adds a reply from the message catalog in the customer's language. */
  say(key: MessageKey, extra?: { choices?: readonly Choice[]; meta?: OutboundMeta }): void;
}
