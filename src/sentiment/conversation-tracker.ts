/**
 * Conversation-level signals, on top of the current message's own score:
 * - earlier anger: a customer who was angry a message ago is still angry when they now write
 *   "and where is it?" (decays with distance);
 * - rising: the messages are getting angrier;
 * - repetition: the customer sends the same question again (near-duplicate after folding);
 * - bot failures: the engine's count of answers in a row that did not help.
 * De-escalation in the current message ("ok thanks, that helped") calms the whole conversation.
 */
import type { Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { tokenize } from '../language/tokenize.ts';
import {
  type AngerLevel,
  type MessageAssessment,
  type Thresholds,
  levelOf,
  noisyOr,
} from './message-scorer.ts';
import type { Reason } from './reason.ts';
import { round } from './surface-signals.ts';

export interface ConversationOptions {
  /** How many of the latest earlier customer messages are looked at (default 4). */
  readonly window: number;
  /** Offer a person after this many failed answers in a row (default 2). */
  readonly offerPersonAfterFailures: number;
  /** From which level the bot offers a person on its own (default 'angry'; 'never' to turn it off). */
  readonly offerPersonAt: AngerLevel | 'never';
  /** Word-set similarity from which two messages are the same question (default 0.7). */
  readonly repeatSimilarity: number;
}

export const DEFAULT_CONVERSATION_OPTIONS: ConversationOptions = {
  window: 4,
  offerPersonAfterFailures: 2,
  offerPersonAt: 'angry',
  repeatSimilarity: 0.7,
};

export interface TurnContext {
  /** Bot answers in a row that did not help (no article found, or the customer said it did not help). */
  readonly failedAnswers?: number;
}

export interface TurnAssessment {
  /** Conversation-level score in [0, 1]. */
  readonly score: number;
  readonly level: AngerLevel;
  /** Message and conversation reasons, largest weight first, de-escalation last. */
  readonly reasons: readonly Reason[];
  /** The customer asked for a person in this message. */
  readonly wantsPerson: boolean;
  readonly personEvidence: readonly string[];
  /** The bot should offer (or start, per configuration) a person now. */
  readonly shouldOfferPerson: boolean;
  /** The current message alone. */
  readonly message: MessageAssessment;
}

/** Folded word set of a message, for near-duplicate checks. */
function wordSet(text: string, language: Language): Set<string> {
  return new Set(tokenize(foldForSearch(text, language)));
}

/** Jaccard similarity of two word sets; a short message must match whole. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

const LEVEL_RANK: Readonly<Record<AngerLevel, number>> = { calm: 0, annoyed: 1, angry: 2 };

export function atLeast(level: AngerLevel, floor: AngerLevel | 'never'): boolean {
  return floor !== 'never' && LEVEL_RANK[level] >= LEVEL_RANK[floor];
}

function failureWeight(failed: number): number {
  if (failed < 2) return 0;
  if (failed === 2) return 0.25;
  if (failed === 3) return 0.4;
  return 0.5;
}

/**
 * Combine the current message with the earlier ones. `history` holds earlier customer messages,
 * oldest first, without the current one; `scoreOf` scores one of them (the detector's scorer).
 */
export function assessConversation(
  current: MessageAssessment,
  text: string,
  history: readonly string[],
  language: Language,
  context: TurnContext,
  scoreOf: (text: string) => MessageAssessment,
  thresholds: Thresholds,
  options: ConversationOptions,
): TurnAssessment {
  const recent = history.slice(-options.window);
  const extra: Reason[] = [];

  const earlier = recent.map((t) => ({ text: t, assessment: scoreOf(t) }));
  let carried = 0;
  let carriedFrom: (typeof earlier)[number] | undefined;
  earlier.forEach((e, i) => {
    const decayed = e.assessment.score * 0.6 * 0.75 ** (earlier.length - 1 - i);
    if (decayed > carried) {
      carried = decayed;
      carriedFrom = e;
    }
  });
  if (carriedFrom !== undefined && carried >= 0.1) {
    const top = carriedFrom.assessment.reasons.find((r) => r.weight > 0);
    extra.push({
      signal: 'earlier-anger',
      evidence: top?.evidence ?? carriedFrom.text,
      weight: round(carried),
    });
  }

  const previous = earlier.map((e) => e.assessment.score);
  const mean = previous.length === 0 ? 0 : previous.reduce((a, b) => a + b, 0) / previous.length;
  if (previous.length > 0 && current.score >= thresholds.annoyed && current.score - mean >= 0.2) {
    const top = current.reasons.find((r) => r.weight > 0);
    extra.push({ signal: 'rising', evidence: top?.evidence ?? text, weight: 0.15 });
  }

  const words = wordSet(text, language);
  const repeats = recent.filter((t) => similarity(words, wordSet(t, language)) >= options.repeatSimilarity);
  if (repeats.length > 0 && words.size > 0) {
    extra.push({
      signal: 'repetition',
      evidence: repeats[repeats.length - 1] as string,
      weight: repeats.length >= 2 ? 0.5 : 0.3,
    });
  }

  const failed = Math.max(0, Math.floor(context.failedAnswers ?? 0));
  const failWeight = failureWeight(failed);
  if (failWeight > 0) {
    extra.push({
      signal: 'bot-failures',
      evidence: `${failed} answers in a row did not help`,
      weight: failWeight,
    });
  }

  const positive = [...current.reasons.filter((r) => r.weight > 0), ...extra];
  const calming = current.reasons.filter((r) => r.weight < 0);
  // The message's score is already calmed by its own de-escalation. The same de-escalation calms
  // the conversation signals fully: "solved, thanks" after an angry message ends that anger.
  const calm = noisyOr(calming.map((r) => -r.weight));
  const score = round(noisyOr([current.score, noisyOr(extra.map((r) => r.weight)) * (1 - calm)]));
  const level = levelOf(score, thresholds);
  positive.sort((a, b) => b.weight - a.weight);
  const shouldOfferPerson =
    current.wantsPerson ||
    atLeast(level, options.offerPersonAt) ||
    failed >= options.offerPersonAfterFailures ||
    repeats.length >= 2;
  return {
    score,
    level,
    reasons: [...positive, ...calming],
    wantsPerson: current.wantsPerson,
    personEvidence: current.personEvidence,
    shouldOfferPerson,
    message: current,
  };
}
