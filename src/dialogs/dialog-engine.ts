import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { InboundMessage } from '../core/message.ts';
import type { Conversation, ConversationPatch, TranscriptEntry } from '../conversations/conversation.ts';
import type { AngerDetector } from '../sentiment/detector.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits, type DigitPolicy } from '../language/digits.ts';
import { tell, type DialogObserver } from './dialog-observer.ts';
import type { MessageCatalog } from './message-catalog.ts';
import { compose, type Middleware } from './pipeline.ts';
import { answerFromKnowledge } from './steps/answer-from-knowledge.ts';
import { attachments } from './steps/attachments.ts';
import { assessMood } from './steps/assess-mood.ts';
import { offerPerson } from './steps/offer-person.ts';
import { chooseLanguage } from './steps/detect-language.ts';
import { greet } from './steps/greet.ts';
import { holdWhileHuman } from './steps/hold-while-human.ts';
import { personRequest } from './steps/person-request.ts';
import { resolveChoice } from './steps/resolve-choice.ts';
import { survey } from './steps/survey.ts';
import { helpfulReply } from './steps/helpful-reply.ts';
import { askHelpful } from './steps/ask-helpful.ts';
import { linkChannels } from './steps/link-channels.ts';
import type {
  AngerAction,
  AnswerFeedback,
  LinkingService,
  ReplyDraft,
  TurnContext,
  TurnEffects,
  TurnInput,
} from './turn-context.ts';
import type { AngerLevel } from '../sentiment/detector.ts';
import type { AnswerDecision } from './dialog-observer.ts';

/** The steps of a turn, in order. Integrators may insert their own. */
export const DEFAULT_STEPS: readonly Middleware<TurnContext>[] = [
  linkChannels,
  attachments,
  holdWhileHuman,
  resolveChoice,
  survey,
  chooseLanguage,
  assessMood,
  greet,
  helpfulReply,
  askHelpful,
  personRequest,
  answerFromKnowledge,
  offerPerson,
];

export interface DialogEngineOptions {
  /** The knowledge base as it is now (read at every turn, so edits apply at once). */
  readonly knowledge: () => KnowledgeSnapshot;
  /** The message catalog as it is now. */
  readonly catalog: () => MessageCatalog;
  readonly clock: Clock;
  /** Language of a conversation when nothing else tells it (default 'en'). */
  readonly defaultLanguage?: Language;
  /** Whether a human queue is connected (default false). */
  readonly handoff?: boolean;
  /** The anger and frustration detector (default none), or how to get the current one (read at every turn). */
  readonly anger?: AngerDetector | (() => AngerDetector);
  /** An angry customer is handed to a person at once ('handoff', default) or offered one ('offer'). */
  readonly angerAction?: AngerAction;
  /** The turn's steps (default DEFAULT_STEPS). */
  readonly steps?: readonly Middleware<TurnContext>[];
  /** Told each step's time, the knowledge decision and the mood of every turn (metrics). */
  readonly observer?: DialogObserver;
  /** The digits each language's readers get (DIGITS_FA, DIGITS_AR; default DEFAULT_DIGIT_POLICY). */
  readonly digits?: DigitPolicy;
  /**
   * Ask "did this help?" after an answer, but not again within `gapMs` of the last time (default: never
   * ask; the server asks, HELPFUL_QUESTION and HELPFUL_QUESTION_GAP_MINUTES).
   */
  readonly helpful?: { readonly gapMs: number };
  /** One customer across channels: link codes and unlinking (default none: the link step does nothing). */
  readonly linking?: LinkingService;
  /** The Telegram bot's user name (TELEGRAM_BOT_USERNAME), for deep links beside a link code. */
  readonly telegramBot?: string;
}

/** What a turn decided: the replies, the language, and the changes to the conversation. */
export interface TurnResult {
  readonly language: Language;
  readonly customerText: string;
  readonly replies: readonly ReplyDraft[];
  readonly patch: ConversationPatch;
  readonly effects: TurnEffects;
  /** What the customer's message was once a picked choice is read ('none-of-these': they refused the choices). */
  readonly input: TurnInput['kind'];
  /** What the knowledge step decided, when it searched. */
  readonly decision?: AnswerDecision;
  /** The customer's mood in this message, when the detector read it. */
  readonly mood?: AngerLevel;
  /** What the customer said about the last answer (yes or no to "did this help?", or "that didn't help"). */
  readonly feedback?: AnswerFeedback;
}

/** Runs one customer message through the turn's steps. Pure with respect to storage: the caller saves. */
export class DialogEngine {
  private readonly pipeline: (context: TurnContext) => Promise<void>;

  private readonly digits: DigitPolicy;

  constructor(private readonly options: DialogEngineOptions) {
    this.pipeline = compose(options.steps ?? DEFAULT_STEPS, options.observer);
    this.digits = options.digits ?? DEFAULT_DIGIT_POLICY;
  }

  /** `recent`: the customer's own entries among the conversation's last ones before this message, oldest first. */
  async run(
    message: InboundMessage,
    conversation: Conversation,
    recent: readonly TranscriptEntry[] = [],
  ): Promise<TurnResult> {
    const catalog = this.options.catalog();
    const anger = typeof this.options.anger === 'function' ? this.options.anger() : this.options.anger;
    const services = {
      knowledge: this.options.knowledge(),
      catalog,
      clock: this.options.clock,
      defaultLanguage: this.options.defaultLanguage ?? 'en',
      handoff: this.options.handoff ?? false,
      ...(anger ? { anger } : {}),
      angerAction: this.options.angerAction ?? 'handoff',
      ...(this.options.helpful ? { helpfulGapMs: this.options.helpful.gapMs } : {}),
      ...(this.options.linking ? { linking: this.options.linking } : {}),
      ...(this.options.telegramBot ? { telegramBot: this.options.telegramBot } : {}),
    };
    const replies: ReplyDraft[] = [];
    const context: TurnContext = {
      message,
      conversation,
      services,
      language: conversation.language ?? services.defaultLanguage,
      customerText: message.text,
      input: { kind: 'text', text: message.text },
      recent,
      replies,
      patch: {},
      effects: {},
      say(key, extra = {}) {
        replies.push({
          text: catalog.text(context.language, key, extra.values),
          ...(extra.choices ? { choices: extra.choices } : {}),
          meta: extra.meta ?? { kind: 'notice' },
        });
      },
    };
    await this.pipeline(context);
    const observer = this.options.observer;
    if (observer) {
      const { decision, mood, language } = context;
      if (decision) tell(() => observer.decided(decision, language));
      if (mood) tell(() => observer.moodRead(mood.level, language));
    }
    return {
      language: context.language,
      customerText: context.customerText,
      replies: replies.map((reply) => localize(reply, context.language, this.digits)),
      patch: context.patch,
      effects: withSite(context.effects, message.site),
      input: context.input.kind,
      ...(context.decision ? { decision: context.decision } : {}),
      ...(context.mood ? { mood: context.mood.level } : {}),
      ...(context.feedback ? { feedback: context.feedback } : {}),
    };
  }
}

/** An escalation carries the page the customer wrote from, for routing by site. */
function withSite(effects: TurnEffects, site: string | undefined): TurnEffects {
  if (!effects.escalate || site === undefined) return effects;
  return { ...effects, escalate: { ...effects.escalate, site } };
}

/** Customers read numbers in the digits the policy gives their language (articles, catalogs, choices). */
function localize(reply: ReplyDraft, language: Language, digits: DigitPolicy): ReplyDraft {
  return {
    ...reply,
    text: localizeDigits(reply.text, language, digits),
    ...(reply.choices
      ? { choices: reply.choices.map((c) => ({ ...c, label: localizeDigits(c.label, language, digits) })) }
      : {}),
  };
}
