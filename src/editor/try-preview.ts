import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { Conversation } from '../conversations/conversation.ts';
import { DialogEngine } from '../dialogs/dialog-engine.ts';
import type { AngerAction } from '../dialogs/turn-context.ts';
import type { AngerDetector, AngerLevel } from '../sentiment/detector.ts';
import type { MessageCatalog } from '../dialogs/message-catalog.ts';
import type { DigitPolicy } from '../language/digits.ts';
import { type ArticleExplanation, explainQuestion } from '../knowledge/explain.ts';
import type { QuestionWord } from '../knowledge/index-probe.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';

/** What the bot would do with a question against one knowledge base (`POST /api/editor/try`). */
export interface TryOutcome {
  /** What the knowledge step decides (the bot's own, or what it would decide when `handled` says it does not search). */
  readonly decision: 'answer' | 'clarify' | 'none';
  /**
   * The bot answers this message before it searches the articles: it only greets ("سلام"), or it asks
   * for a person (the catalogs' person_requests phrases), who is then brought in.
   */
  readonly handled?: 'greeting' | 'person';
  /**
   * How upset the question sounds, when it does (the anger detector): an upset customer is offered a
   * person instead of choices, an angry one is brought a person; `reply` shows what they get.
   */
  readonly mood?: Exclude<AngerLevel, 'calm'>;
  /** The language the bot reads the question in (the one asked for, or detected as for a new chat). */
  readonly language: Language;
  /** What the customer would get: each message's text and the labels of its choices. */
  readonly reply: readonly { readonly text: string; readonly choices?: readonly string[] }[];
  /** The question's words as the index reads them, and what changed each (explain.ts). */
  readonly words: readonly QuestionWord[];
  /** The best articles with their scores and why (explain.ts). */
  readonly top: readonly ArticleExplanation[];
}

export interface TryPreviewOptions {
  readonly catalog: () => MessageCatalog;
  readonly clock: Clock;
  /** The language of a chat when nothing else tells it (the server's DEFAULT_LANGUAGE). */
  readonly defaultLanguage: Language;
  /** The digits customers read (the server's policy). */
  readonly digits: DigitPolicy;
  /** The anger detector as it is now (the server's), and what the bot does for an angry customer. */
  readonly anger?: () => AngerDetector;
  readonly angerAction?: AngerAction;
  /** Whether and how often the bot asks "did this help?" after an answer (the server's setting). */
  readonly helpful?: { readonly gapMs: number };
}

/**
 * The bot's answer to a question, shown to editors: the dialog engine itself runs its steps (the
 * product's DEFAULT_STEPS, with a human queue connected and the anger detector as in the server) on the
 * question as a new customer's first message in a chat already greeted, and the knowledge engine
 * explains the ranking (explain.ts). What earlier messages would change (a language already chosen,
 * failed answers before, repeated questions) is not part of the preview.
 */
export class TryPreview {
  constructor(private readonly o: TryPreviewOptions) {}

  async outcome(snapshot: KnowledgeSnapshot, question: string, language?: Language): Promise<TryOutcome> {
    const engine = new DialogEngine({
      knowledge: () => snapshot,
      catalog: this.o.catalog,
      clock: this.o.clock,
      defaultLanguage: this.o.defaultLanguage,
      handoff: true,
      digits: this.o.digits,
      ...(this.o.anger === undefined ? {} : { anger: this.o.anger }),
      ...(this.o.angerAction === undefined ? {} : { angerAction: this.o.angerAction }),
      ...(this.o.helpful === undefined ? {} : { helpful: this.o.helpful }),
    });
    const now = this.o.clock.now();
    const conversation: Conversation = {
      id: 'editor-preview',
      channel: 'editor',
      customerId: 'editor-preview',
      state: 'bot',
      createdAt: now,
      updatedAt: now,
      greeted: true,
      failedAnswers: 0,
    };
    const result = await engine.run(
      {
        direction: 'in',
        channel: 'editor',
        conversationId: conversation.id,
        customer: { id: conversation.customerId },
        text: question,
        sentAt: now,
        platformMessageId: 'editor-preview',
        raw: {},
        ...(language === undefined ? {} : { languageHint: language }),
      },
      conversation,
    );
    const explanation = explainQuestion(snapshot, question, result.language);
    const decision =
      result.decision === undefined
        ? explanation.decision
        : result.decision === 'abstain'
          ? 'none'
          : result.decision;
    const handled =
      result.decision !== undefined
        ? undefined
        : result.replies.some((reply) => reply.meta.kind === 'greeting')
          ? 'greeting'
          : 'person';
    return {
      decision,
      ...(handled === undefined ? {} : { handled }),
      ...(result.mood === undefined || result.mood === 'calm' ? {} : { mood: result.mood }),
      language: result.language,
      reply: result.replies.map((reply) => ({
        text: reply.text,
        ...(reply.choices ? { choices: reply.choices.map((choice) => choice.label) } : {}),
      })),
      words: explanation.words,
      top: explanation.top,
    };
  }
}
