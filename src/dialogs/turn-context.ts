import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { Choice, InboundMessage, OutboundMeta } from '../core/message.ts';
import type { Conversation, ConversationPatch, TranscriptEntry } from '../conversations/conversation.ts';
import type { AngerDetector, TurnAssessment } from '../sentiment/detector.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import type { AngerAssessment, EscalationReason } from '../handoff/handoff-packet.ts';
import type { AnswerDecision } from './dialog-observer.ts';
import type { IssueResult } from '../conversations/link-codes.ts';
import type { MessageCatalog, MessageKey } from './message-catalog.ts';

/** What the customer asked for in this turn, once a picked choice is resolved. */
export type TurnInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'article'; readonly articleId: string }
  | { readonly kind: 'person' }
  | { readonly kind: 'none-of-these' }
  /** An answer to "did this help?" (a pressed button, or a typed yes or no while the question is open). */
  | { readonly kind: 'helpful'; readonly helpful: boolean };

/** What the customer said about an answer: by answering "did this help?" (`vote`) or unasked (`said`). */
export interface AnswerFeedback {
  readonly articleId: string;
  readonly helpful: boolean;
  readonly how: 'vote' | 'said';
}

/** Something the bot will say, before it is stored in the transcript. */
export interface ReplyDraft {
  readonly text: string;
  readonly choices?: readonly Choice[];
  readonly meta: OutboundMeta;
}

/** What the turn asks the rest of the system to do once its replies are stored. */
export interface TurnEffects {
  /** Hand the conversation to the human queue. */
  escalate?: {
    readonly reasons: readonly EscalationReason[];
    readonly anger?: AngerAssessment;
    /** Skills an agent needs (from an article that needs a person). */
    readonly skills?: readonly string[];
    /** The widget page's origin (routing rules by site), from the message. */
    readonly site?: string;
  };
  /** The customer no longer wants to wait for a person. */
  cancelWait?: boolean;
  /** The customer's answer to the satisfaction question (1-5). */
  rating?: number;
  /** What the customer wrote after their rating and a separator ("4 - quick but the refund was late"). */
  ratingComment?: string;
  /**
   * The customer parted the address they wrote from (unlink): once this turn's answer has gone there, the
   * conversation's replies go back to its own channel.
   */
  routeHome?: string;
}

/** What to do when a customer is angry: hand the conversation to a person at once, or offer one. */
export type AngerAction = 'handoff' | 'offer';

export interface TurnServices {
  readonly knowledge: KnowledgeSnapshot;
  readonly catalog: MessageCatalog;
  readonly clock: Clock;
  readonly defaultLanguage: Language;
  /** Whether a human queue is connected (without one, a request for a person is recorded and explained). */
  readonly handoff: boolean;
  /** The anger and frustration detector (none: the bot does not read the customer's mood). */
  readonly anger?: AngerDetector;
  readonly angerAction: AngerAction;
  /**
   * After an answer the bot asks "did this help?", but not again within this many ms of the last time it
   * asked (answers in a row); undefined: it never asks.
   */
  readonly helpfulGapMs?: number;
  /** One customer across channels: link codes and unlinking (none: the link step stays out of the way). */
  readonly linking?: LinkingService;
  /** The Telegram bot's user name, for deep links (`https://t.me/<bot>?start=<code>`) beside a code. */
  readonly telegramBot?: string;
}

/** What the dialog asks of channel linking (src/conversations/channel-linking.ts implements it). */
export interface LinkingService {
  issue(home: string, address: string): Promise<IssueResult>;
  linksOf(home: string): Promise<readonly { readonly address: string }[]>;
  unlink(address: string, by: string, keepRoute?: boolean): Promise<unknown>;
  /** How long a code can be used, in whole minutes: what a refusal tells the customer. */
  readonly codeMinutes: number;
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
  /** The customer's own entries among the conversation's last ones before this message, oldest first. */
  readonly recent: readonly TranscriptEntry[];
  /** How the customer seems in this turn (set by the mood step when a detector is present). */
  mood?: TurnAssessment;
  /** What the knowledge step decided for a typed question (set when it searched). */
  decision?: AnswerDecision;
  /** What the customer said about the last answer, when this message said it. */
  feedback?: AnswerFeedback;
  readonly replies: ReplyDraft[];
  /** Changes to the conversation, saved after the turn. */
  readonly patch: ConversationPatch;
  readonly effects: TurnEffects;
  /** Adds a reply from the message catalog in the customer's language, its {placeholders} from `values`. */
  say(
    key: MessageKey,
    extra?: {
      choices?: readonly Choice[];
      meta?: OutboundMeta;
      values?: Readonly<Record<string, string | number>>;
    },
  ): void;
}
