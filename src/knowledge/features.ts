import type { Language } from '../core/language.ts';
import { stem } from '../language/analyze.ts';
import { foldForSearch } from '../language/normalize.ts';
import type { KnownWord } from '../language/stem-fa.ts';
import { isStopword } from '../language/stopwords.ts';
import { tokenize } from '../language/tokenize.ts';
import { joinPersianAffixes } from '../language/variants-fa.ts';
import type { SynonymTable, TokenSpan } from './synonyms.ts';

/**
 * Features of a text for retrieval, as (feature, weight) counts:
 * - `w:` stemmed words without stop words (the meaning),
 * - `b:` pairs of consecutive stemmed words, stop words kept ("card arrive" vs "arrive card"),
 * - `c:` character n-grams (4 letters by default) of each folded word with boundary marks, so that typos and Persian or
 *   Arabic morphology the stemmers miss still share most features ("refnd" ~ "refund").
 */
export interface FeatureOptions {
  /**
   * Character n-gram sizes (default 4 alone: as accurate as 3 to 5 on every development set, within
   * half a point, and half the features, so indexing and questions take half the time).
   */
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
  /** The language's dialect and colloquial list (content/dialects), applied before `synonyms`. */
  readonly dialects?: SynonymTable;
  readonly synonyms?: SynonymTable;
  readonly isKnown?: KnownWord;
}

export const DEFAULT_FEATURE_OPTIONS: Required<FeatureOptions> = {
  charSizes: [4],
  wordWeight: 1,
  bigramWeight: 0.7,
  charWeight: 0.6,
  stopwordWeight: 0.5,
};

/** What the two lists did to a text's folded tokens (see `featureTokens`), for explanations. */
export interface ListTrace {
  /** The folded tokens before the lists. */
  folded?: readonly string[];
  /** The dialect list's phrases, then the synonyms' (each over the previous one's output). */
  dialects?: readonly TokenSpan[];
  synonyms?: readonly TokenSpan[];
}

/**
 * Folded tokens (Persian verb prefixes and plural suffixes that a space split joined again), after
 * the dialect list and then the synonyms: the common start of every feature. With `trace`, what each
 * list rewrote is recorded there (the tokens returned are the same).
 */
export function featureTokens(text: string, context: FeatureContext, trace?: ListTrace): string[] {
  let tokens = tokenize(foldForSearch(text, context.language));
  if (context.language === 'fa') tokens = joinPersianAffixes(tokens);
  if (trace === undefined) {
    if (context.dialects !== undefined) tokens = context.dialects.rewrite(tokens);
    return context.synonyms === undefined ? tokens : context.synonyms.rewrite(tokens);
  }
  trace.folded = tokens;
  if (context.dialects !== undefined) {
    trace.dialects = context.dialects.spans(tokens);
    tokens = trace.dialects.flatMap((span) => span.to);
  }
  if (context.synonyms !== undefined) {
    trace.synonyms = context.synonyms.spans(tokens);
    tokens = trace.synonyms.flatMap((span) => span.to);
  }
  return tokens;
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

/** The features of one text as ids: `ids[0..length)` in order of first occurrence, `counts[id]` their raw counts. */
export interface Encoded {
  readonly ids: Int32Array;
  readonly length: number;
  readonly counts: Float64Array;
}

interface TokenInfo {
  readonly token: string;
  /** Id of the token's stem in the stem vocabulary (-1: unknown at query time). */
  readonly stem: number;
  readonly stop: boolean;
  /** Feature ids of the token's character n-grams in order, with repeats (-1: unknown). */
  grams: Int32Array | undefined;
}

/** Feature groups, for their weights. */
export const WORD_GROUP = 0;
export const PAIR_GROUP = 1;
export const CHAR_GROUP = 2;

/**
 * The same features as `featuresOfTokens`, numbered: a vocabulary that gives each feature an id
 * in order of first occurrence while it learns (texts are interned once as token ids, and each
 * distinct token is stemmed and cut into character n-grams only once), then frozen for queries,
 * where unknown features are left out. One text is encoded at a time into a reused buffer.
 */
export class FeatureSpace {
  private readonly tokens = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly info: (TokenInfo | undefined)[] = [];
  private readonly stems = new Map<string, number>();
  private readonly stemWords: number[] = [];
  private readonly pairs = new Map<number, number>();
  private readonly grams = new Map<string, number>();
  private readonly groups: number[] = [];
  private readonly isKnown: KnownWord | undefined;
  private frozen = false;
  private list = new Int32Array(256);
  private counts = new Float64Array(1024);
  private length = 0;

  constructor(
    private readonly context: FeatureContext,
    private readonly options: Required<FeatureOptions> = DEFAULT_FEATURE_OPTIONS,
  ) {
    // Persian one-letter suffixes are removed only when the rest is a word of this knowledge base.
    this.isKnown = context.language === 'fa' ? (w: string) => this.tokens.has(w) : undefined;
  }

  /** Number of features. */
  get size(): number {
    return this.groups.length;
  }

  groupOf(id: number): number {
    return this.groups[id] ?? CHAR_GROUP;
  }

  /** Whether a training text had this (folded) token. */
  knows(token: string): boolean {
    return this.tokens.has(token);
  }

  /** Id of a (folded) token of a training text. */
  intern(token: string): number {
    let id = this.tokens.get(token);
    if (id === undefined) {
      id = this.tokens.size;
      this.tokens.set(token, id);
      this.words.push(token);
      this.info.push(undefined);
    }
    return id;
  }

  /** No new features from now on. */
  freeze(): void {
    this.frozen = true;
  }

  /** Encode training text `tokens[start..end)` (interned ids), adding new features while not frozen. */
  encodeIds(tokens: Int32Array, start: number, end: number): Encoded {
    this.clear();
    let previous = -1;
    for (let t = start; t < end; t++) previous = this.encodeToken(this.infoOf(tokens[t] ?? 0), previous);
    return this.encoded();
  }

  /** Encode a question's folded tokens (after `featureTokens`) with the frozen vocabulary. */
  encodeTokens(tokens: readonly string[]): Encoded {
    this.clear();
    let previous = -1;
    for (const token of tokens) {
      const id = this.tokens.get(token);
      const info = id === undefined ? this.describe(token) : this.infoOf(id);
      previous = this.encodeToken(info, previous);
    }
    return this.encoded();
  }

  private encoded(): Encoded {
    return { ids: this.list, length: this.length, counts: this.counts };
  }

  private clear(): void {
    for (let k = 0; k < this.length; k++) this.counts[this.list[k] ?? 0] = 0;
    this.length = 0;
  }

  private infoOf(id: number): TokenInfo {
    let info = this.info[id];
    if (info === undefined) {
      info = this.describe(this.words[id] ?? '');
      this.info[id] = info;
    }
    return info;
  }

  private describe(token: string): TokenInfo {
    const stemmed = stem(token, this.context.language, this.isKnown);
    let id = this.stems.get(stemmed);
    if (id === undefined && !this.frozen) {
      id = this.stems.size;
      this.stems.set(stemmed, id);
      this.stemWords.push(-1);
    }
    return { token, stem: id ?? -1, stop: isStopword(token, this.context.language), grams: undefined };
  }

  /** Adds a token's features (word, pair with the previous stem, n-grams); returns its stem id. */
  private encodeToken(info: TokenInfo, previous: number): number {
    const options = this.options;
    if (info.stem >= 0 && (!info.stop || options.stopwordWeight > 0)) {
      let word = this.stemWords[info.stem] ?? -1;
      if (word < 0 && !this.frozen) {
        word = this.newFeature(WORD_GROUP);
        this.stemWords[info.stem] = word;
      }
      if (word >= 0) this.add(word, info.stop ? options.stopwordWeight : 1);
    }
    if (previous >= 0 && info.stem >= 0) {
      const key = previous * 67_108_864 + info.stem;
      let pair = this.pairs.get(key);
      if (pair === undefined && !this.frozen) {
        pair = this.newFeature(PAIR_GROUP);
        this.pairs.set(key, pair);
      }
      if (pair !== undefined) this.add(pair, 1);
    }
    const grams = info.grams ?? this.gramsOf(info.token);
    info.grams = grams;
    for (const gram of grams) if (gram >= 0) this.add(gram, 1);
    return info.stem;
  }

  private gramsOf(token: string): Int32Array {
    const marked = `<${token}>`;
    const out: number[] = [];
    for (const size of this.options.charSizes) {
      for (let i = 0; i + size <= marked.length; i++) {
        const gram = marked.slice(i, i + size);
        let id = this.grams.get(gram);
        if (id === undefined && !this.frozen) {
          id = this.newFeature(CHAR_GROUP);
          this.grams.set(gram, id);
        }
        out.push(id ?? -1);
      }
    }
    return Int32Array.from(out);
  }

  private newFeature(group: number): number {
    const id = this.groups.length;
    this.groups.push(group);
    if (id >= this.counts.length) {
      const grown = new Float64Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return id;
  }

  private add(id: number, weight: number): void {
    if (this.counts[id] === 0) {
      if (this.length === this.list.length) {
        const grown = new Int32Array(this.list.length * 2);
        grown.set(this.list);
        this.list = grown;
      }
      this.list[this.length++] = id;
    }
    this.counts[id] = (this.counts[id] ?? 0) + weight;
  }
}
