/**
 * One message -> an anger score in [0, 1], a level and the reasons.
 *
 * Every signal (lexicon phrase, shouting, punctuation, emoji) gives a weight in [0, 1]; they
 * combine like independent pieces of evidence (noisy-or: 1 - (1 - a)(1 - b)...), so one strong
 * word or several weak ones make a high score and the order does not matter. Modifiers act on the
 * phrase next to them: an intensifier ("very", "خیلی", "جدا") just before or after multiplies it,
 * and a downtoner ("a bit", "کمی", "شوي") weakens it the same way;
 * a negator ("not", "مش", "نه") up to three words before, or a Persian "نیست/نیستم" just after,
 * keeps only a share of it (never across a sentence mark). The same phrase repeated counts once.
 * Praise of the irony family ("great", "well done", "دستتون درد نکنه", "برافو عليكو") is sarcasm in a
 * message that also complains (another anger, frustration, insult, threat, stretched-word or emoji
 * signal of at least COMPLAINT_LINE) and adds its weight; without a complaint it calms like
 * de-escalation; negated ("not great") it does neither.
 * Where a learned model exists, the model makes the score from the message's words and that
 * lexicon score (see LEXICON_FLOOR). De-escalation ("no problem", "مرسی") then scales the score
 * down, to a quarter at most.
 */
import type { Language } from '../core/language.ts';
import type { LinearModel } from './linear-model.ts';
import {
  type Lexicon,
  type LexiconEntry,
  type LexiconFamily,
  type ScoringFamily,
  SCORING_FAMILIES,
} from './lexicon.ts';
import { type PhraseHit, type PhraseMatcher, createPhraseMatcher } from './phrase-matcher.ts';
import type { Reason } from './reason.ts';
import { angryEmoji, repeatedPunctuation, round, shouting } from './surface-signals.ts';
import { type TextView, viewText } from './text-view.ts';

export type AngerLevel = 'calm' | 'annoyed' | 'angry';

export interface Thresholds {
  /** Score from which a message is "annoyed" (default 0.3). */
  readonly annoyed: number;
  /** Score from which a message is "angry" (default 0.5). */
  readonly angry: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { annoyed: 0.3, angry: 0.5 };

export interface MessageAssessment {
  readonly score: number;
  readonly level: AngerLevel;
  /** Largest weight first; de-escalation (negative weights) last, whenever it was found. */
  readonly reasons: readonly Reason[];
  /** The customer asks for a person ("agent", "اپراتور", "ابي اكلم احد"). */
  readonly wantsPerson: boolean;
  /** The person-request phrases found, as written (also weak ones that did not set wantsPerson). */
  readonly personEvidence: readonly string[];
}

export interface MessageScorer {
  score(text: string): MessageAssessment;
}

/** How far a negator reaches back, in words. */
const NEGATION_REACH = 3;
/**
 * With a learned model, the score is the model's, but never below this share of the lexicon's own
 * score: the English model learned from Reddit comments, where "terrible" or "shit" are rarely
 * anger; the lexicons are written for customer service. The model may raise a score freely and
 * lower it by at most 20%, and never below the KEPT_SIGNALS.
 */
export const LEXICON_FLOOR = 0.8;
/**
 * What a model never lowers: threats (to cancel, complain, sue), service-failure phrases ("third
 * time", "still waiting"), sarcasm about a failure, stretched words and angry emoji, which Reddit
 * comments hardly contain or never use lightly, and customers write when they are angry.
 */
export const KEPT_SIGNALS: ReadonlySet<string> = new Set([
  'threat',
  'frustration',
  'sarcasm',
  'stretched',
  'emoji',
]);
/** A signal this strong makes the message a complaint, which turns its praise into sarcasm. */
export const COMPLAINT_LINE = 0.15;
/** Signals that count as a complaint (shouting and "!!!" also come with delight). */
const COMPLAINT_SIGNALS: ReadonlySet<string> = new Set([...SCORING_FAMILIES, 'emoji']);
/** Person-request weights (noisy-or) from which the customer asks for a person. */
const PERSON_LINE = 0.5;
/** Share of the score that remains after full de-escalation. */
const CALM_FLOOR = 0.25;

const isScoring = (family: string): family is ScoringFamily =>
  (SCORING_FAMILIES as readonly string[]).includes(family);

/** Scale an anger score down by the de-escalation reasons (negative weights). */
export function calmDown(score: number, reasons: readonly Reason[]): number {
  const calm = noisyOr(reasons.filter((r) => r.weight < 0).map((r) => -r.weight));
  return score * (1 - (1 - CALM_FLOOR) * calm);
}

export function levelOf(score: number, thresholds: Thresholds): AngerLevel {
  if (score >= thresholds.angry) return 'angry';
  if (score >= thresholds.annoyed) return 'annoyed';
  return 'calm';
}

export function noisyOr(weights: Iterable<number>): number {
  let keep = 1;
  for (const w of weights) if (w > 0) keep *= 1 - Math.min(w, 1);
  return 1 - keep;
}

/** Words that change how strong the phrase next to them is: "very", "a bit". */
function isDegree(family: LexiconFamily): boolean {
  return family === 'intensifier' || family === 'downtoner';
}

/**
 * The negator that reaches hit `index` ("not" up to three words before, within the clause), if any.
 * A stretched negator ("NOOOO not again") is an exclamation, not a negation.
 */
function negatorOf(hits: readonly PhraseHit[], index: number, view: TextView): PhraseHit | undefined {
  const hit = hits[index] as PhraseHit;
  for (let j = index - 1; j >= 0; j--) {
    const other = hits[j] as PhraseHit;
    if (hit.from - other.to > NEGATION_REACH || view.boundaryBetween(other.to, hit.from)) return undefined;
    if (other.entry.family === 'negator') return view.elongated[other.from] === true ? undefined : other;
    if (isScoring(other.entry.family)) return undefined;
  }
  return undefined;
}

/** Weight of one scoring hit after its neighbours (intensifiers, negators) and the evidence span. */
function modulate(
  hit: PhraseHit,
  hits: readonly PhraseHit[],
  index: number,
  view: TextView,
  usedIntensifiers: Set<number>,
): Reason {
  let weight = hit.entry.weight;
  let from = hit.from;
  let to = hit.to;
  const before = hits[index - 1];
  const after = hits[index + 1];
  // An intensifier strengthens one phrase only (a downtoner softens it): the one before it if
  // adjacent, else the one after.
  if (
    before !== undefined &&
    isDegree(before.entry.family) &&
    hit.from - before.to <= 2 &&
    !usedIntensifiers.has(index - 1)
  ) {
    weight *= before.entry.weight;
    from = before.from;
    usedIntensifiers.add(index - 1);
  } else if (after !== undefined && isDegree(after.entry.family) && after.from - hit.to === 1) {
    weight *= after.entry.weight;
    to = after.to;
    usedIntensifiers.add(index + 1);
  }
  for (let k = hit.from; k <= hit.to && hit.entry.family !== 'stretched'; k++) {
    if (view.elongated[k] === true) {
      weight *= 1.2;
      break;
    }
  }
  const negator = negatorOf(hits, index, view);
  if (negator !== undefined) {
    weight *= negator.entry.weight;
    from = Math.min(from, negator.from);
  }
  if (
    after?.entry.family === 'post_negator' &&
    after.from - hit.to <= 2 &&
    !view.boundaryBetween(hit.to, after.from)
  ) {
    weight *= after.entry.weight;
    to = after.to;
  }
  return {
    signal: hit.entry.family as ScoringFamily,
    evidence: view.evidence(from, to),
    weight: round(Math.min(weight, 1)),
  };
}

export function createMessageScorer(
  lexicon: Lexicon | undefined,
  language: Language,
  model: LinearModel | undefined,
  thresholds: Thresholds,
): MessageScorer {
  const matcher: PhraseMatcher | undefined = lexicon === undefined ? undefined : createPhraseMatcher(lexicon);
  return {
    score(text: string): MessageAssessment {
      const view = viewText(text, language);
      const reasons: Reason[] = [];
      const calming: Reason[] = [];
      const personEvidence: string[] = [];
      const personWeights: number[] = [];
      const hits = matcher?.match(view.tokens, view.elongated) ?? [];
      const usedIntensifiers = new Set<number>();
      const seen = new Map<LexiconEntry, number>();
      let praise: Map<LexiconEntry, PhraseHit> | undefined;
      for (let i = 0; i < hits.length; i++) {
        const hit = hits[i] as PhraseHit;
        const family = hit.entry.family;
        if (family === 'irony') {
          praise ??= new Map();
          if (!praise.has(hit.entry) && negatorOf(hits, i, view) === undefined) praise.set(hit.entry, hit);
        } else if (isScoring(family)) {
          // The same phrase said twice counts once ("ugh ugh ugh"), at its strongest.
          const reason = modulate(hit, hits, i, view, usedIntensifiers);
          const previous = seen.get(hit.entry);
          if (previous === undefined) {
            seen.set(hit.entry, reasons.length);
            reasons.push(reason);
          } else if ((reasons[previous]?.weight ?? 0) < reason.weight) reasons[previous] = reason;
        } else if (family === 'deescalation') {
          calming.push({
            signal: 'deescalation',
            evidence: view.evidence(hit.from, hit.to),
            weight: -hit.entry.weight,
          });
        } else if (family === 'person') {
          personEvidence.push(view.evidence(hit.from, hit.to));
          personWeights.push(hit.entry.weight);
        }
      }
      for (const surface of [shouting(text), repeatedPunctuation(text), angryEmoji(text)]) {
        if (surface !== undefined) reasons.push(surface);
      }
      const complains = reasons.some((r) => r.weight >= COMPLAINT_LINE && COMPLAINT_SIGNALS.has(r.signal));
      if (praise !== undefined) {
        for (const hit of praise.values()) {
          const evidence = view.evidence(hit.from, hit.to);
          if (complains) reasons.push({ signal: 'sarcasm', evidence, weight: hit.entry.weight });
          else calming.push({ signal: 'deescalation', evidence, weight: -hit.entry.weight });
        }
      }
      const lexiconScore = noisyOr(reasons.map((r) => r.weight));
      let raw = lexiconScore;
      if (model !== undefined && view.tokens.length > 0) {
        // With a learned model, the model makes the score, taking the lexicon's score as one input.
        const prediction = model.predict(view.tokens, lexiconScore);
        const kept = noisyOr(reasons.filter((r) => KEPT_SIGNALS.has(r.signal)).map((r) => r.weight));
        raw = Math.max(prediction.score, LEXICON_FLOOR * lexiconScore, kept);
        const words = prediction.top.map((c) => view.evidence(c.at, c.at + c.length - 1));
        if (words.length > 0 && prediction.lift >= 0.02) {
          reasons.push({ signal: 'model', evidence: words.join(', '), weight: round(prediction.lift) });
        }
      }
      const score = round(calmDown(raw, calming));
      reasons.sort((a, b) => b.weight - a.weight);
      const meaningful = reasons.filter((r) => r.weight >= 0.02);
      return {
        score,
        level: levelOf(score, thresholds),
        reasons: [...meaningful, ...calming],
        wantsPerson: noisyOr(personWeights) >= PERSON_LINE,
        personEvidence,
      };
    },
  };
}
