import type { Language } from '../core/language.ts';
import { stem } from '../language/analyze.ts';
import { foldForSearch } from '../language/normalize.ts';
import type { KnownWord } from '../language/stem-fa.ts';
import { isStopword } from '../language/stopwords.ts';
import { tokenize } from '../language/tokenize.ts';
import type { SynonymTable } from './synonyms.ts';

/**
 * Features of a text for retrieval, as (feature, weight) counts:
 * - `w:` stemmed words without stop words (the meaning),
 * - `b:` pairs of consecutive stemmed words, stop words kept ("card arrive" vs "arrive card"),
 * - `c:` character n-grams of each folded word with boundary marks, so that typos and Persian or
 *   Arabic morphology the stemmers miss still share most features ("refnd" ~ "refund").
 */
export interface FeatureOptions {
  /** Character n-gram sizes (default 3 to 5). */
  readonly charSizes?: readonly number[];
  /** Weight of a word feature relative to a character n-gram (default 1). */
  readonly wordWeight?: number;
  readonly bigramWeight?: number;
  readonly charWeight?: number;
  /** Count of a stop word as a word feature, relative to other words (default 0.5). */
  readonly stopwordWeight?: number;
}

export interface FeatureContext {
  readonly language: Language;
  readonly synonyms?: SynonymTable;
  readonly isKnown?: KnownWord;
}

export const DEFAULT_FEATURE_OPTIONS: Required<FeatureOptions> = {
  charSizes: [3, 4, 5],
  wordWeight: 1,
  bigramWeight: 0.7,
  charWeight: 0.6,
  stopwordWeight: 0.5,
};

/** Folded tokens after synonym rewriting: the common start of every feature. */
export function featureTokens(text: string, context: FeatureContext): string[] {
  const tokens = tokenize(foldForSearch(text, context.language));
  return context.synonyms === undefined ? tokens : context.synonyms.rewrite(tokens);
}

function add(counts: Map<string, number>, key: string, weight: number): void {
  counts.set(key, (counts.get(key) ?? 0) + weight);
}

/** Weight of a feature's group, from its prefix. */
export function groupWeight(
  feature: string,
  options: Required<FeatureOptions> = DEFAULT_FEATURE_OPTIONS,
): number {
  const group = feature.charCodeAt(0);
  if (group === 119 /* w */) return options.wordWeight;
  if (group === 98 /* b */) return options.bigramWeight;
  return options.charWeight;
}

/** Raw counts of every feature of `text`. */
export function extractFeatures(
  text: string,
  context: FeatureContext,
  options: Required<FeatureOptions> = DEFAULT_FEATURE_OPTIONS,
): Map<string, number> {
  return featuresOfTokens(featureTokens(text, context), context, options);
}

/** Raw counts of every feature of folded tokens (from `featureTokens`). */
export function featuresOfTokens(
  tokens: readonly string[],
  context: FeatureContext,
  options: Required<FeatureOptions> = DEFAULT_FEATURE_OPTIONS,
): Map<string, number> {
  const counts = new Map<string, number>();
  let previous: string | undefined;
  for (const token of tokens) {
    const stemmed = stem(token, context.language, context.isKnown);
    const stop = isStopword(token, context.language);
    if (!stop || options.stopwordWeight > 0) add(counts, `w:${stemmed}`, stop ? options.stopwordWeight : 1);
    if (previous !== undefined) add(counts, `b:${previous} ${stemmed}`, 1);
    previous = stemmed;
    const marked = `<${token}>`;
    for (const size of options.charSizes) {
      for (let i = 0; i + size <= marked.length; i++) add(counts, `c:${marked.slice(i, i + size)}`, 1);
    }
  }
  return counts;
}
