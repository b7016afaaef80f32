/**
 * Finds phrases in the folded words of a text: longest phrase first, no two hits on the same word.
 * Lookups are hash-map hits on the first word, so the cost grows with the number of words in the text,
 * not with the number of phrases. A phrase word "#" matches any number; a trailing "*" any ending of the
 * last word; Arabic words are also tried without the conjunctions and article glued to their front; a
 * `stretched` entry matches only a word the customer stretched ("whyyy"). The anger lexicons use it,
 * and so do the editors' style rules (src/knowledge/style-check.ts). Imports nothing from Node, so the
 * pages bundle it too.
 */
import type { Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { tokenize } from '../language/tokenize.ts';
import type { LexiconEntry } from './lexicon.ts';

/** What the matcher needs of a phrase (a lexicon entry has more). */
export interface PhraseEntry {
  /** Folded words of the phrase (`compilePhrase`). */
  readonly tokens: readonly string[];
  /** The last word matches any word that starts with it. */
  readonly prefix: boolean;
  /** Only the family `stretched` means something here (see above). */
  readonly family?: string;
}

export interface PhraseHit<E extends PhraseEntry = LexiconEntry> {
  readonly entry: E;
  /** First and last token index of the hit (inclusive). */
  readonly from: number;
  readonly to: number;
}

export interface PhraseMatcher<E extends PhraseEntry = LexiconEntry> {
  /** Non-overlapping hits, in text order. */
  match(tokens: readonly string[], elongated?: readonly boolean[]): PhraseHit<E>[];
}

/** The phrase word that matches any number. */
export const NUMBER_SLOT = '#';

/** A folded token that is a number, with or without an ordinal ending: "3", "12", "3rd", "5th". */
export function isNumberToken(token: string): boolean {
  const c = token.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/**
 * Folded words of a phrase; a trailing "*" marks a prefix match of the last word, and a word "#"
 * stands for any number.
 */
export function compilePhrase(phrase: string): { tokens: string[]; prefix: boolean } {
  const trimmed = phrase.trim();
  const prefix = trimmed.endsWith('*');
  const body = prefix ? trimmed.slice(0, -1) : trimmed;
  const tokens = body
    .split(/\s+/)
    .flatMap((word) => (word === NUMBER_SLOT ? [NUMBER_SLOT] : tokenize(foldForSearch(word))));
  return { tokens, prefix };
}

const DOUBLE_LETTER = /(\p{L})\1/gu;

function byLengthDesc(a: PhraseEntry, b: PhraseEntry): number {
  return b.tokens.length - a.tokens.length || Number(a.prefix) - Number(b.prefix);
}

/**
 * What Arabic glues to the front of a word, which is tried without it: the conjunctions و "and",
 * ف "so", and the article ال with or without them (والزفت -> زفت), also after the spoken "this" ها
 * (هالخدمة -> خدمة) and "on" ع (عالتأخير -> تأخير). Longest first.
 */
const ARABIC_FRONTS = ['وال', 'فال', 'بال', 'هال', 'عال', 'ال', 'و', 'ف'] as const;
/** Letters that can begin a front: most words are ruled out by their first letter. */
const FRONT_STARTS = new Set(ARABIC_FRONTS.map((f) => f.charAt(0)));

/** A matcher over a lexicon, or any `{language, entries}`. */
export function createPhraseMatcher<E extends PhraseEntry = LexiconEntry>(lexicon: {
  readonly language: Language;
  readonly entries: readonly E[];
}): PhraseMatcher<E> {
  const language: Language = lexicon.language;
  /** Phrases by exact first word. */
  const byFirst = new Map<string, E[]>();
  /** One-word prefix phrases by their prefix. */
  const byPrefix = new Map<string, E[]>();
  const prefixLengths = new Set<number>();
  for (const entry of lexicon.entries) {
    const first = entry.tokens[0] as string;
    if (entry.prefix && entry.tokens.length === 1) {
      const list = byPrefix.get(first) ?? [];
      list.push(entry);
      byPrefix.set(first, list);
      prefixLengths.add(first.length);
    } else {
      const list = byFirst.get(first) ?? [];
      list.push(entry);
      byFirst.set(first, list);
    }
  }
  for (const list of byFirst.values()) list.sort(byLengthDesc);
  const lengths = [...prefixLengths].sort((a, b) => b - a);
  /** First three letters of every prefix: most words are ruled out with one lookup. */
  const starts = new Set([...byPrefix.keys()].map((p) => p.slice(0, 3)));

  function candidates(token: string): E[] | undefined {
    const exact = byFirst.get(token);
    let prefixed: E[] | undefined;
    if (token.length >= 3 && starts.has(token.slice(0, 3))) {
      for (const length of lengths) {
        if (length > token.length) continue;
        const found = byPrefix.get(token.slice(0, length));
        if (found !== undefined) {
          prefixed = found;
          break;
        }
      }
    }
    if (exact === undefined) return prefixed;
    if (prefixed === undefined) return exact;
    return [...exact, ...prefixed];
  }

  const numberPhrases = byFirst.get(NUMBER_SLOT);

  /** Filled by `lookup` (matching is synchronous and not re-entrant): no allocation per word. */
  const found: E[][] = [];
  let foundCount = 0;
  const keep = (list: E[] | undefined): void => {
    if (list !== undefined) found[foundCount++] = list;
  };

  /**
   * The phrases that may start at this word, into `found[0..count)`: those of the word as typed
   * first, then those of its other readings (a number, the word unstretched, the Arabic word without
   * what is glued to its front). The caller picks the longest phrase that matches, the earlier
   * reading on a tie. Returns the count.
   */
  function lookup(token: string, elongated: boolean): number {
    foundCount = 0;
    const typed = candidates(token);
    keep(typed);
    if (numberPhrases !== undefined && isNumberToken(token)) keep(numberPhrases);
    if (elongated && typed === undefined) {
      // Latin elongations are squeezed to two letters ("sooo" -> "soo"): try each double as one,
      // then all of them ("annoyiing" -> "annoying", "soo" -> "so").
      let unstretched: E[] | undefined;
      for (let k = 0; k + 1 < token.length && unstretched === undefined; k++) {
        if (token[k] === token[k + 1]) unstretched = candidates(token.slice(0, k) + token.slice(k + 1));
      }
      const single = token.replace(DOUBLE_LETTER, '$1');
      if (unstretched === undefined && single !== token) unstretched = candidates(single);
      keep(unstretched);
    }
    if (language === 'ar' && FRONT_STARTS.has(token.charAt(0))) {
      for (const front of ARABIC_FRONTS) {
        if (token.startsWith(front) && token.length - front.length >= 3) {
          keep(candidates(token.slice(front.length)));
        }
      }
    }
    return foundCount;
  }

  /** A later word of a phrase: equal, or equal once doubled letters are single when it was stretched. */
  function sameWord(have: string, want: string, stretched: boolean): boolean {
    if (have === want) return true;
    return stretched && have.replace(DOUBLE_LETTER, '$1') === want.replace(DOUBLE_LETTER, '$1');
  }

  function matchesAt(
    entry: E,
    tokens: readonly string[],
    at: number,
    elongated: readonly boolean[] | undefined,
  ): boolean {
    const n = entry.tokens.length;
    if (at + n > tokens.length) return false;
    for (let k = 1; k < n; k++) {
      const want = entry.tokens[k] as string;
      const have = tokens[at + k] as string;
      if (want === NUMBER_SLOT) {
        if (!isNumberToken(have)) return false;
      } else if (entry.prefix && k === n - 1) {
        if (!have.startsWith(want)) return false;
      } else if (!sameWord(have, want, elongated?.[at + k] === true)) return false;
    }
    return true;
  }

  return {
    match(tokens: readonly string[], elongated?: readonly boolean[]): PhraseHit<E>[] {
      const hits: PhraseHit<E>[] = [];
      let i = 0;
      while (i < tokens.length) {
        const stretched = elongated?.[i] === true;
        let best: E | undefined;
        const count = lookup(tokens[i] as string, stretched);
        for (let l = 0; l < count; l++) {
          for (const entry of found[l] as E[]) {
            if (
              (best === undefined || entry.tokens.length > best.tokens.length) &&
              (stretched || entry.family !== 'stretched') &&
              matchesAt(entry, tokens, i, elongated)
            ) {
              best = entry;
            }
          }
        }
        if (best === undefined) {
          i += 1;
          continue;
        }
        hits.push({ entry: best, from: i, to: i + best.tokens.length - 1 });
        i += best.tokens.length;
      }
      return hits;
    },
  };
}
