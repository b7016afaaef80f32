/**
 * The anger detector: public API of src/sentiment.
 *
 *   const detector = await loadAngerDetector();            // content/lexicons + the models
 *   const turn = detector.assessTurn(recentCustomerMessages, text, 'fa', { failedAnswers: 1 });
 *   if (turn.wantsPerson) ...                               // honour at once
 *   else if (isAngry(turn)) ...                             // apologise first, offer a person
 *   store(turn.level, turn.score, turn.reasons);            // reasons quote the customer's words
 *
 * The default decision (the product's, and the one `eval:anger` measures): a customer counts as
 * angry when the level is 'angry', i.e. the score is at least `thresholds.angry` (0.5).
 * 'annoyed' (score >= 0.3) is for tone only: the bot acknowledges, but does not offer a person
 * on its own. `shouldOfferPerson` adds the conversation rules: an explicit request, an angry
 * level, two failed answers in a row, or the same question asked three times.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Language } from '../core/language.ts';
import { RecentResults } from '../core/recent-results.ts';
import {
  type ConversationOptions,
  DEFAULT_CONVERSATION_OPTIONS,
  type TurnAssessment,
  type TurnContext,
  assessConversation,
} from './conversation-tracker.ts';
import { type Lexicons, loadLexiconsStrict } from './lexicon.ts';
import { type LinearModel, loadLinearModel } from './linear-model.ts';
import {
  type AngerLevel,
  DEFAULT_THRESHOLDS,
  type MessageAssessment,
  type MessageScorer,
  type Thresholds,
  createMessageScorer,
} from './message-scorer.ts';

export type { AngerLevel, MessageAssessment, Thresholds, TurnAssessment, TurnContext, ConversationOptions };
export type { Reason, Signal } from './reason.ts';

export interface AngerDetectorOptions {
  /** Lexicons per language (see `loadLexicons`); a language without one gets surface signals only. */
  readonly lexicons: Lexicons;
  /** Learned models per language (default none; `loadAngerDetector` adds the shipped ones). */
  readonly models?: Readonly<Partial<Record<Language, LinearModel>>>;
  /** Level lines (default annoyed 0.3, angry 0.5). */
  readonly thresholds?: Partial<Thresholds>;
  /** Conversation rules (defaults in DEFAULT_CONVERSATION_OPTIONS). */
  readonly conversation?: Partial<ConversationOptions>;
}

export interface AngerDetector {
  readonly thresholds: Thresholds;
  /** One message alone. */
  scoreMessage(text: string, language: Language): MessageAssessment;
  /**
   * The current customer message in its conversation. `history`: the conversation's earlier
   * customer messages, oldest first, without `text`. Call once per customer message.
   */
  assessTurn(
    history: readonly string[],
    text: string,
    language: Language,
    context?: TurnContext,
  ): TurnAssessment;
}

/** The product's default decision: does the bot treat the customer as angry? */
export function isAngry(assessment: { readonly level: AngerLevel }): boolean {
  return assessment.level === 'angry';
}

function checkThresholds(t: Thresholds): Thresholds {
  if (!(t.annoyed > 0 && t.annoyed <= t.angry && t.angry <= 1)) {
    throw new RangeError(
      `anger thresholds must satisfy 0 < annoyed <= angry <= 1 (got ${t.annoyed}, ${t.angry})`,
    );
  }
  return t;
}

export function createAngerDetector(options: AngerDetectorOptions): AngerDetector {
  const thresholds = checkThresholds({ ...DEFAULT_THRESHOLDS, ...options.thresholds });
  const conversation: ConversationOptions = { ...DEFAULT_CONVERSATION_OPTIONS, ...options.conversation };
  const scorers = new Map<Language, MessageScorer>();
  // Each language's scores of the customers' latest messages: a message is scored at its own turn, and its
  // score is read again as history at the next few turns of its conversation instead of scoring it again.
  const recentScores = new Map<Language, RecentResults<string, MessageAssessment>>();
  const scorerFor = (language: Language): MessageScorer => {
    let scorer = scorers.get(language);
    if (scorer === undefined) {
      scorer = createMessageScorer(
        options.lexicons[language],
        language,
        options.models?.[language],
        thresholds,
      );
      scorers.set(language, scorer);
      recentScores.set(language, new RecentResults(RECENT_SCORES));
    }
    return scorer;
  };
  return {
    thresholds,
    scoreMessage(text: string, language: Language): MessageAssessment {
      return scorerFor(language).score(text);
    },
    assessTurn(history, text, language, context = {}): TurnAssessment {
      const scorer = scorerFor(language);
      const recent = recentScores.get(language);
      const current = scorer.score(text);
      recent?.set(text, current);
      return assessConversation(
        current,
        text,
        history,
        language,
        context,
        (t) => (recent ? recent.get(t, (earlier: string) => scorer.score(earlier)) : scorer.score(t)),
        thresholds,
        conversation,
      );
    },
  };
}

/** Scores kept per language: the last messages of some hundreds of conversations in flight. */
const RECENT_SCORES = 2_048;

/** Where the shipped model of a language lives (src/sentiment/model/anger-<language>.json). */
export function modelFile(language: Language): string {
  return fileURLToPath(new URL(`./model/anger-${language}.json`, import.meta.url));
}

export interface LoadOptions extends Omit<AngerDetectorOptions, 'lexicons' | 'models'> {
  /** Folder with <language>.yaml lexicons (default content/lexicons under the working directory). */
  readonly lexiconDir?: string;
  /** Use the shipped learned models (default true). */
  readonly useModel?: boolean;
}

/** The product's detector: content lexicons (throws LEXICON_INVALID on any problem) and the models. */
export async function loadAngerDetector(options: LoadOptions = {}): Promise<AngerDetector> {
  const lexicons = await loadLexiconsStrict(options.lexiconDir ?? 'content/lexicons');
  const models: Partial<Record<Language, LinearModel>> = {};
  if (options.useModel !== false) {
    for (const language of LANGUAGES) {
      if (existsSync(modelFile(language))) models[language] = loadLinearModel(modelFile(language));
    }
  }
  return createAngerDetector({ ...options, lexicons, models });
}
