import { foldForSearch } from './normalize.ts';
import { isStopword } from './stopwords.ts';
import { tokenize } from './tokenize.ts';

/**
 * Terms for searching transcripts (an index of lines, not of articles): folded tokens (`foldForSearch`:
 * ي/ی, ك/ک, digits, diacritics, ZWNJ joining), without stemming, because a query word matches any term it
 * begins ("سفارش" finds "سفارشم" and "سفارشات", "refund" finds "refunded"). An Arabic word with the article
 * is also kept without it ("الطلب" is found by "طلب").
 */

/** Shorter tokens are neither indexed nor searched. */
const MIN_LENGTH = 2;
/** Longer tokens are cut (a run of letters or digits this long is no word anyone searches for whole). */
const MAX_LENGTH = 40;
/** Words a query is read for at most. */
export const MAX_QUERY_WORDS = 6;

const LANGUAGES = ['fa', 'ar', 'en'] as const;

function isStop(token: string): boolean {
  return LANGUAGES.some((language) => isStopword(token, language));
}

/** A token and, for an Arabic word with the article, the word without it. */
function forms(token: string): string[] {
  const cut = token.slice(0, MAX_LENGTH);
  return cut.startsWith('ال') && cut.length >= 4 ? [cut, cut.slice(2)] : [cut];
}

/** The distinct terms of a line of text, as the index keeps them. */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(foldForSearch(text))) {
    if (token.length < MIN_LENGTH || isStop(token)) continue;
    for (const form of forms(token)) terms.add(form);
  }
  return [...terms];
}

/**
 * The words of a query, folded like the index (at most MAX_QUERY_WORDS; stop words dropped unless the query
 * has nothing else). A line matches when each word begins one of its terms.
 */
export function queryWords(query: string): string[] {
  const tokens = [...new Set(tokenize(foldForSearch(query)))]
    .map((token) => token.slice(0, MAX_LENGTH))
    .filter((token) => token.length >= MIN_LENGTH);
  const kept = tokens.filter((token) => !isStop(token));
  return (kept.length > 0 ? kept : tokens).slice(0, MAX_QUERY_WORDS);
}

/** Whether some term begins with `word`. */
export function begins(terms: Iterable<string>, word: string): boolean {
  for (const term of terms) if (term.startsWith(word)) return true;
  return false;
}

/** A word as written, with what ZWNJ, tatweel, marks and bidi characters glue into it. */
const WRITTEN_WORD = /[\p{L}\p{M}\p{N}\p{Cf}\u0640]+/gu;

/** Where the words of `text` that a query word begins are: [start, end) in UTF-16 units, in order. */
export function markWords(text: string, words: readonly string[]): [number, number][] {
  const marks: [number, number][] = [];
  if (words.length === 0) return marks;
  for (const match of text.matchAll(WRITTEN_WORD)) {
    const terms = tokenize(foldForSearch(match[0])).flatMap(forms);
    if (words.some((word) => begins(terms, word))) {
      marks.push([match.index, match.index + match[0].length]);
    }
  }
  return marks;
}

/** A piece of a line around its first mark (about `width` characters), with the marks inside it. */
export function snippet(
  text: string,
  marks: readonly (readonly [number, number])[],
  width = 140,
): { text: string; marks: [number, number][] } {
  if (text.length <= width) return { text, marks: marks.map(([a, b]) => [a, b]) };
  const first = marks[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  start = Math.max(0, end - width);
  const before = start > 0 ? '…' : '';
  const shift = before.length - start;
  return {
    text: `${before}${text.slice(start, end)}${end < text.length ? '…' : ''}`,
    marks: marks
      .filter(([a, b]) => a >= start && b <= end)
      .map(([a, b]): [number, number] => [a + shift, b + shift]),
  };
}
