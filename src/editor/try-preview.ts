import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import type { Conversation } from '../conversations/conversation.ts';
import { DialogEngine } from '../dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../dialogs/message-catalog.ts';
import { answerFromKnowledge } from '../dialogs/steps/answer-from-knowledge.ts';
import { chooseLanguage } from '../dialogs/steps/detect-language.ts';
import { greet } from '../dialogs/steps/greet.ts';
import { personRequest } from '../dialogs/steps/person-request.ts';
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
}

/**
 * The bot's answer to a question, shown to editors: the dialog engine itself runs the steps that
 * decide it for a calm customer's question in a chat already greeted (the language step, a greeting
 * alone, a request for a person, then the knowledge step: the same search, thresholds and replies as
 * for a customer, with a human queue connected as in the server), and the knowledge engine explains
 * the ranking (explain.ts). The customer's mood (an angry customer is not asked to choose) and what
 * earlier messages change (the chat's language, repeated failures) are not part of the preview.
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
      steps: [chooseLanguage, greet, personRequest, answerFromKnowledge],
      digits: this.o.digits,
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
