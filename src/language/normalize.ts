import type { Language } from '../core/language.ts';
import { RecentResults } from '../core/recent-results.ts';
import { toAsciiDigits } from './digits.ts';

/**
 * Text normalization for Persian, Arabic and English.
 *
 * Two levels:
 * - `normalizeText` is for display and storage: it never changes which letters the customer typed
 *   (except, for Persian, the Arabic yeh/kaf that Arabic keyboard layouts produce), it only removes
 *   invisible junk and compatibility forms.
 * - `foldForSearch` is for matching only: it folds every spelling variant to one form
 *   (FIELD-NOTES, "Persian and Arabic text"). Its output is not meant to be shown.
 */

const TATWEEL = /\u0640/g;
/** Bidi embeddings, overrides, isolates, marks and the Arabic letter mark. */
const BIDI_MARKS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Zero-width space, word joiner, BOM: invisible and never meaningful in stored text. */
const INVISIBLE = /[\u200B\u2060\uFEFF]/g;
/** Arabic presentation forms (from old PDFs and some keyboards); NFKC maps them to the base letters. */
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFF]+/g;
const SPACES = /[\s\u00A0]+/g;

/**
 * Clean text for display and storage: NFC, Arabic presentation forms to letters, invisible and
 * bidi control characters removed, runs of white space collapsed, trimmed. ZWNJ (U+200C) is kept:
 * it is part of correct Persian spelling. When `language` is 'fa', Arabic yeh (ي, ى) and kaf (ك)
 * become Persian ی and ک, which is what a Persian reader expects; Arabic text keeps its letters.
 */
export function normalizeText(text: string, language?: Language): string {
  let out = text
    .normalize('NFC')
    .replace(PRESENTATION_FORMS, (run) => run.normalize('NFKC'))
    .replace(BIDI_MARKS, '')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .trim();
  if (language === 'fa') out = out.replace(/[\u064A\u0649]/g, '\u06CC').replace(/\u0643/g, '\u06A9');
  return out;
}

/** Letter variants folded for search: every key is replaced by its value. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u064A': '\u06CC', // ي Arabic yeh -> ی
  '\u0649': '\u06CC', // ى alef maksura -> ی
  '\u0626': '\u06CC', // ئ yeh with hamza -> ی
  '\u06D0': '\u06CC', // ې
  '\u0643': '\u06A9', // ك Arabic kaf -> ک
  '\u06AA': '\u06A9', // ڪ swash kaf -> ک
  '\u0623': '\u0627', // أ -> ا
  '\u0625': '\u0627', // إ -> ا
  '\u0622': '\u0627', // آ -> ا
  '\u0671': '\u0627', // ٱ alef wasla -> ا
  '\u0672': '\u0627',
  '\u0673': '\u0627',
  '\u0624': '\u0648', // ؤ -> و
  '\u0629': '\u0647', // ة teh marbuta -> ه
  '\u06C0': '\u0647', // ۀ heh with yeh -> ه
  '\u06C1': '\u0647', // ہ
  '\u06BE': '\u0647', // ھ heh doachashmee -> ه
  '\u06D5': '\u0647', // ە
};
const LETTER_FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

/** Marks (harakat, Quranic annotation, Latin accents after NFD): all combining marks. */
const COMBINING_MARKS = /\p{Mn}/gu;
/** Format characters: ZWNJ, ZWJ, bidi marks, soft hyphen, ALM... removed so ZWNJ joins inside a word. */
const FORMAT_CHARS = /\p{Cf}/gu;
/** Everything that is not a letter, a mark or a digit separates words. */
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Fold text for search (never for display): NFKC; tatweel, harakat and other diacritics, bidi and
 * isolation marks stripped; ي/ى/ئ -> ی, ك -> ک, أ/إ/آ/ٱ -> ا, ؤ -> و, ة -> ه; Persian and
 * Arabic-Indic digits -> ASCII; ZWNJ joins (می‌خواهم = میخواهم); lower case; punctuation
 * (including Arabic ، ؛ ؟) and symbols become single spaces; trimmed.
 *
 * `language` is accepted for future language-specific folds; the folding is currently the same
 * for every language, so that a query and an article always fold alike.
 */
export function foldForSearch(text: string, _language?: Language): string {
  return text.length <= MAX_REMEMBERED_CHARS ? recentFolds.get(text, fold) : fold(text);
}

/**
 * The last texts folded: a turn folds the customer's message in several steps (language, mood, phrases,
 * search) and the mood step folds their earlier messages again, so each is folded once. Room for the
 * turns of a few hundred conversations in flight at once; bounded, oldest out first.
 */
const recentFolds = new RecentResults<string, string>(1_024);
const MAX_REMEMBERED_CHARS = 4_096;

function fold(text: string): string {
  const folded = text
    .normalize('NFKC')
    .replace(/\u200B/g, ' ')
    .replace(TATWEEL, '')
    .replace(FORMAT_CHARS, '')
    .replace(LETTER_FOLD_PATTERN, (ch) => LETTER_FOLDS[ch] ?? ch)
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFC');
  return toAsciiDigits(folded).toLowerCase().replace(NON_WORD, ' ').trim();
}
