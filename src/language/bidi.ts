/**
 * Mixed-direction text: which way a text reads, which runs inside it read the other way and must be
 * isolated, and the marks that make a plain-text line start in its own direction. One set of rules for
 * every surface: the channels' renderers on the server (Telegram, Slack, plain text) write Unicode's
 * isolates (LRI/RLI ... PDI), the widget and the consoles put the same runs in `<bdi>` elements.
 * Browser code imports it too, so it imports nothing.
 *
 * The rules (docs/bidi.md):
 * - A text's direction is that of most of its words (URLs and e-mail addresses do not count); a tie goes
 *   to its first strong letter; a text without letters has none (the caller's fallback applies).
 * - In right-to-left text, a left-to-right run is a stretch that starts with a Latin letter, an ASCII
 *   digit or `+digit`, goes on over Latin letters, ASCII digits, spaces and the punctuation that joins
 *   them inside names, addresses and numbers (`.-_/:@+#&'’=?~%`), and ends on a letter, a digit, `/` or `%`.
 *   It is isolated when it holds a Latin letter ("Admin", "3-D Secure", "support@tabasom.example",
 *   "ORD-12345") or is a number in groups ("+971 4 555 0100"); a lone number ("14", "9:00") is not, so
 *   a range like "۹:۰۰–۲۱:۰۰" still reads right to left. Persian and Arabic-Indic digits belong to the
 *   right-to-left text around them.
 * - In left-to-right text, a right-to-left run (a Persian or Arabic name or phrase, with its own digits)
 *   is isolated.
 * - Stretches already inside isolates are left as they are.
 */

export type Direction = 'ltr' | 'rtl';

/** Left-to-right isolate, right-to-left isolate, first-strong isolate, pop directional isolate. */
export const LRI = '\u2066';
export const RLI = '\u2067';
export const FSI = '\u2068';
export const PDI = '\u2069';
/** Left-to-right and right-to-left marks: invisible strong letters. */
export const LRM = '\u200E';
export const RLM = '\u200F';

const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
const ASCII_DIGIT = /[0-9]/;
const NATIVE_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/;
/** Inside a left-to-right run: what joins names, addresses, codes and numbers. */
const LTR_JOINER = /[ \t\u00A0.\-_/:@+#&'’=?~%]/;
/** Inside a right-to-left run: spaces, ZWNJ/ZWJ, hyphens and Arabic commas between words. */
const RTL_JOINER = /[ \t\u00A0\-\u060C\u061B]|\u200C|\u200D/;
const ISOLATE_START = /[\u2066\u2067\u2068]/;
const URL_OR_EMAIL = /(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const WORD = /[\p{L}\p{M}\u200C\u200D]+/gu;

/** The direction of one character when it is a strong letter (or a direction mark), else undefined. */
export function strongDirection(char: string): Direction | undefined {
  if (char === LRM) return 'ltr';
  if (char === RLM || char === '\u061C') return 'rtl';
  if (!LETTER.test(char)) return undefined;
  return RTL_SCRIPT.test(char) ? 'rtl' : 'ltr';
}

/**
 * The direction of the first strong letter. With `skipIsolates` (as Unicode's own paragraph rule does)
 * letters inside isolates are passed over; without it, every letter counts, as in clients that do not
 * know isolates.
 */
export function firstStrong(text: string, skipIsolates = true): Direction | undefined {
  let depth = 0;
  for (const char of text) {
    if (skipIsolates && ISOLATE_START.test(char)) depth += 1;
    else if (skipIsolates && char === PDI) depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const direction = strongDirection(char);
      if (direction) return direction;
    }
  }
  return undefined;
}

/** The direction most of the text's words read in; undefined when it has no letters. */
export function textDirection(text: string): Direction | undefined {
  const words = text.replace(URL_OR_EMAIL, ' ');
  let rtl = 0;
  let ltr = 0;
  for (const match of words.matchAll(WORD)) {
    const direction = firstStrong(match[0]);
    if (direction === 'rtl') rtl += 1;
    else if (direction === 'ltr') ltr += 1;
  }
  if (rtl !== ltr) return rtl > ltr ? 'rtl' : 'ltr';
  return rtl === 0 ? undefined : firstStrong(words);
}

/** A stretch of text, `start` to `end` (UTF-16 offsets), to be laid out in `direction` in isolation. */
export interface IsolatedRun {
  readonly start: number;
  readonly end: number;
  readonly direction: Direction;
}

/** The runs of `text` that read against `base` and must be isolated (the rules at the top). */
export function foreignRuns(text: string, base: Direction): IsolatedRun[] {
  return base === 'rtl' ? ltrRuns(text) : rtlRuns(text);
}

/** `text` with every run that reads against `base` between LRI or RLI and PDI. */
export function isolateRuns(text: string, base: Direction): string {
  let out = '';
  let last = 0;
  for (const run of foreignRuns(text, base)) {
    out += text.slice(last, run.start) + (run.direction === 'ltr' ? LRI : RLI);
    out += text.slice(run.start, run.end) + PDI;
    last = run.end;
  }
  return out + text.slice(last);
}

/**
 * The mark a plain-text line needs in front so that it starts in `direction` in every client: RLM (or
 * LRM) when the line's first letter, counting letters inside isolates, reads the other way or there is
 * none; '' otherwise.
 */
export function directionMark(line: string, direction: Direction): string {
  if (firstStrong(line, false) === direction) return '';
  return direction === 'rtl' ? RLM : LRM;
}

type CharTest = (char: string, next: string | undefined) => boolean;

interface RunGrammar {
  readonly direction: Direction;
  readonly starts: CharTest;
  readonly core: (char: string) => boolean;
  readonly joins: (char: string) => boolean;
  readonly ends: (char: string) => boolean;
  readonly keep: (run: string) => boolean;
}

const isLtrLetter = (char: string): boolean => strongDirection(char) === 'ltr' && char !== LRM;
const isRtlLetter = (char: string): boolean => strongDirection(char) === 'rtl' && LETTER.test(char);

const LTR_GRAMMAR: RunGrammar = {
  direction: 'ltr',
  starts: (char, next) =>
    isLtrLetter(char) ||
    ASCII_DIGIT.test(char) ||
    (char === '+' && next !== undefined && ASCII_DIGIT.test(next)),
  core: (char) => isLtrLetter(char) || ASCII_DIGIT.test(char) || MARK.test(char),
  joins: (char) => LTR_JOINER.test(char),
  ends: (char) =>
    isLtrLetter(char) || ASCII_DIGIT.test(char) || MARK.test(char) || char === '/' || char === '%',
  keep: (run) => [...run].some(isLtrLetter) || run.startsWith('+') || /\d\s+\d/.test(run),
};

const RTL_GRAMMAR: RunGrammar = {
  direction: 'rtl',
  starts: (char) => isRtlLetter(char),
  core: (char) => isRtlLetter(char) || MARK.test(char) || NATIVE_DIGIT.test(char),
  joins: (char) => RTL_JOINER.test(char),
  ends: (char) => isRtlLetter(char) || MARK.test(char) || NATIVE_DIGIT.test(char),
  keep: () => true,
};

function ltrRuns(text: string): IsolatedRun[] {
  return runsOf(text, LTR_GRAMMAR);
}

function rtlRuns(text: string): IsolatedRun[] {
  return runsOf(text, RTL_GRAMMAR);
}

/** Scans `text` once; code points, so astral letters stay whole. */
function runsOf(text: string, grammar: RunGrammar): IsolatedRun[] {
  const chars = [...text];
  const offsets: number[] = [];
  let offset = 0;
  for (const char of chars) {
    offsets.push(offset);
    offset += char.length;
  }
  offsets.push(offset);

  const runs: IsolatedRun[] = [];
  let depth = 0;
  let i = 0;
  while (i < chars.length) {
    const char = chars[i] as string;
    if (ISOLATE_START.test(char)) depth += 1;
    else if (char === PDI) depth = Math.max(0, depth - 1);
    if (depth > 0 || !grammar.starts(char, chars[i + 1])) {
      i += 1;
      continue;
    }
    let end = i + 1; // one past the last character that may end the run
    let j = i + 1;
    while (j < chars.length) {
      const c = chars[j] as string;
      if (!grammar.core(c) && !grammar.joins(c)) break;
      j += 1;
      if (grammar.ends(c)) end = j;
    }
    const run = chars.slice(i, end).join('');
    if (grammar.keep(run)) {
      runs.push({ start: offsets[i] as number, end: offsets[end] as number, direction: grammar.direction });
    }
    i = Math.max(end, i + 1);
  }
  return runs;
}
