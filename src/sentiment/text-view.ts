/**
 * A customer message seen two ways at once: folded words for matching (`foldForSearch` +
 * `tokenize`, shared with the knowledge engine) and, for every folded word, where it sits in the
 * text the customer typed, so that reasons quote the customer's own spelling.
 */
import type { Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { tokenize } from '../language/tokenize.ts';

export interface TextView {
  readonly raw: string;
  /** Folded words, elongations squeezed ("خیییلی" -> "خیلی", "sooooo" -> "soo"). */
  readonly tokens: readonly string[];
  /** For each token, true when letters were squeezed (an emphasis the customer typed). */
  readonly elongated: readonly boolean[];
  /** The customer's own text for tokens from..to (inclusive). */
  evidence(from: number, to: number): string;
  /** Where tokens from..to (inclusive) sit in `raw`: [start, end) in UTF-16 units. */
  span(from: number, to: number): { readonly start: number; readonly end: number } | undefined;
  /** True when a sentence or clause mark (. ! ? , ; ، ؟ ؛) stands between token a and a later token b. */
  boundaryBetween(a: number, b: number): boolean;
}

const CLAUSE_MARK = /[.!?,;:\u060C\u061B\u061F\n]/;

/** A raw word: letters, marks, digits and the format characters the fold removes (ZWNJ, bidi marks). */
const RAW_WORD = /[\p{L}\p{M}\p{N}\p{Cf}]+/gu;
/** Three or more of the same letter: squeezed to one in Arabic script, to two in other scripts. */
const ELONGATION = /(\p{L})\1{2,}/gu;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** True when the same character occurs three times in a row (checked without a regex: it is hot). */
function hasRun(token: string): boolean {
  for (let i = 2; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === token.charCodeAt(i - 1) && c === token.charCodeAt(i - 2)) return true;
  }
  return false;
}

function squeeze(token: string): string {
  if (!hasRun(token)) return token;
  return token.replace(ELONGATION, (_run, letter: string) =>
    ARABIC_SCRIPT.test(letter) ? letter : letter + letter,
  );
}

/** Format characters that can make up a "word" of their own (ZWNJ, bidi marks, soft hyphen...). */
function isFormatChar(code: number): boolean {
  return code === 0xad || code === 0x061c || (code >= 0x200b && code <= 0x206f) || code === 0xfeff;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function rawSpans(raw: string): Span[] {
  const spans: Span[] = [];
  for (const match of raw.matchAll(RAW_WORD)) {
    // A run of format characters alone (a stray ZWNJ) folds to nothing: skip it.
    if (isFormatChar(match[0].charCodeAt(0)) && !/[\p{L}\p{N}]/u.test(match[0])) continue;
    spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

/** Persian verb prefixes typed as separate words ("نمی دونم") are joined, as ZWNJ would have. */
function joinPersianPrefixes(tokens: string[], spans: Span[]): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i];
    if (t === 'می' || t === 'نمی') {
      tokens.splice(i, 2, `${t}${tokens[i + 1] ?? ''}`);
      const a = spans[i];
      const b = spans[i + 1];
      if (a !== undefined && b !== undefined) spans.splice(i, 2, { start: a.start, end: b.end });
    }
  }
}

/** Build the view of one message. Folds the whole text once; per-word folding only when they disagree. */
export function viewText(raw: string, language: Language): TextView {
  let tokens = tokenize(foldForSearch(raw, language));
  let spans = rawSpans(raw);
  if (spans.length !== tokens.length) {
    // Rare: a compatibility character split or joined words (e.g. "½"). Fold word by word.
    const perWordTokens: string[] = [];
    const perWordSpans: Span[] = [];
    for (const span of spans) {
      for (const token of tokenize(foldForSearch(raw.slice(span.start, span.end), language))) {
        perWordTokens.push(token);
        perWordSpans.push(span);
      }
    }
    tokens = perWordTokens;
    spans = perWordSpans;
  }
  if (language === 'fa') joinPersianPrefixes(tokens, spans);
  const elongated: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const squeezed = squeeze(token);
    elongated.push(squeezed !== token);
    tokens[i] = squeezed;
  }
  const finalSpans = spans;
  return {
    raw,
    tokens,
    elongated,
    evidence(from: number, to: number): string {
      const a = finalSpans[from];
      const b = finalSpans[to];
      if (a === undefined || b === undefined) return tokens.slice(from, to + 1).join(' ');
      return raw.slice(a.start, b.end);
    },
    span(from: number, to: number) {
      const a = finalSpans[from];
      const b = finalSpans[to];
      return a === undefined || b === undefined ? undefined : { start: a.start, end: b.end };
    },
    boundaryBetween(a: number, b: number): boolean {
      const left = finalSpans[a];
      const right = finalSpans[b];
      if (left === undefined || right === undefined) return false;
      return CLAUSE_MARK.test(raw.slice(left.end, right.start));
    },
  };
}
