import type { Language } from '../core/language.ts';
import { foldForSearch } from './normalize.ts';
import { tokenize } from './tokenize.ts';

/**
 * Language detection for short customer messages (FIELD-NOTES: statistical detectors fail on short
 * text; "سلام" is both Persian and Arabic). Rules, strongest first:
 * 1. Script: Arabic-script words against Latin words; a Persian or Arabic sentence with an English
 *    product name stays Persian or Arabic.
 * 2. Letters only one of the two languages uses: پ چ ژ گ (Persian) against ة ى and, more weakly,
 *    the Arabic keyboard's ي ك against the Persian keyboard's ی ک.
 * 3. Function words and patterns: Persian است، را، می‌..., Arabic في، على، هل، the ال article...
 * The caller should prefer a channel's hint and keep the language sticky per conversation; a
 * confidence of 0.5 means "no evidence either way".
 */
export interface DetectedLanguage {
  readonly language: Language;
  /** 0.5 = a guess, 1 = certain. */
  readonly confidence: number;
}

export interface DetectOptions {
  /** Picked when the text gives no evidence between Persian and Arabic (default 'fa'). */
  readonly tieBreak?: 'fa' | 'ar';
}

/**
 * Words (folded) that mark Persian. Words both languages use (سلام، من، ما، هم، او، به، ممکن) are
 * deliberately absent from both lists.
 */
const PERSIAN_WORDS = new Set(
  (
    'است هست هستم هستید هستن نیست نیستم را رو چطور چطوری چگونه کجا کجاست کجان چرا چی چیه چه چند خیلی ' +
    'ممنون مرسی لطفا لطفاً میخوام میخواهم نمیخوام نمیشه میشه میتونم نمیتونم کنم کنید کنین کردم کردن ' +
    'دارم دارید دارین ندارم شد شده نشده بود بودم این اون اینجا اونجا برای بدم بدید بگید بگین که یک یه ' +
    'نه بله اره اگه اگر باید بشه ولی اما پس کی کدوم کدام هنوز سفارش سفارشم پول پولم تومان ' +
    'تومن ریال با از تا بر روی توی تو درود خسته نباشید دستتون وقت بخیر'
  ).split(' '),
);
/** Words (folded) that mark Arabic, Modern Standard and common dialects. */
const ARABIC_WORDS = new Set(
  (
    'فی علی هل کیف کیفیه ماذا لماذا متی این هذا هذه ذلک تلک الذی التی الذین انا انت انتم نحن هو ' +
    'لا لم لن لیس ماذا عن الی الا اذا اذ ثم قد تم کان کانت یکون اریده ارید اود ابغی بدی بدنا ' +
    'عایز عاوز شو ایش وین فین لیش لیه لسه مش مو هیک هاد هذول ازای دلوقتی عشان علشان اللی مع ' +
    'عندی لدی لدیک یمکن یمکننی یمکنک اسف شکرا مرحبا اهلا حبیبی یا طلبی طلبیه'
  ).split(' '),
);
/** Persian words that start with ال but are not the Arabic article. */
const PERSIAN_AL_WORDS = new Set('الان البته الکی الو الگو الکترونیکی الکترونیک الماس الهام'.split(' '));

const ARABIC_SCRIPT_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const LATIN_LETTER = /\p{Script=Latin}/u;

/** Keyboard-layout letters (ی ک against ي ك) say which keyboard was used more than which language: capped. */
const KEYBOARD_CAP = 2;

function letterEvidence(raw: string): { fa: number; ar: number } {
  let fa = 0;
  let ar = 0;
  let faKeyboard = 0;
  let arKeyboard = 0;
  for (const ch of raw) {
    switch (ch) {
      case 'پ':
      case 'چ':
      case 'ژ':
      case 'گ':
        fa += 3;
        break;
      case 'ی':
      case 'ک':
        faKeyboard += 0.5;
        break;
      case 'ة':
        ar += 3;
        break;
      case 'ى':
        ar += 2;
        break;
      case 'ي':
      case 'ك':
        arKeyboard += 0.5;
        break;
      case 'أ':
      case 'إ':
      case 'ؤ':
        ar += 1;
        break;
      default:
        break;
    }
  }
  return { fa: fa + Math.min(KEYBOARD_CAP, faKeyboard), ar: ar + Math.min(KEYBOARD_CAP, arKeyboard) };
}

function wordEvidence(words: readonly string[]): { fa: number; ar: number } {
  let fa = 0;
  let ar = 0;
  for (const word of words) {
    if (PERSIAN_WORDS.has(word)) fa += 2;
    if (ARABIC_WORDS.has(word)) ar += 2;
    if (word.length >= 4 && /^(?:ال|وال|بال|فال|لل)/.test(word) && !PERSIAN_AL_WORDS.has(word)) ar += 1.5;
    // Persian verb prefixes (joined by ZWNJ before folding) and plural/object markers.
    if (word.length >= 5 && /^(?:می|نمی)/.test(word)) fa += 1;
    if (word.length >= 5 && /(?:ها|های|هایی|هایم|هایت)$/.test(word)) fa += 0.5;
    // Persian past stems and personal endings: رسیده، نرسیدم، اومدم، کردم، هستم.
    if (word.length >= 4 && /(?:یده|یدم|یدن|یدید|ودم|ردم|دمش|ستم)$/.test(word)) fa += 1;
  }
  return { fa, ar };
}

function confidenceFromMargin(margin: number): number {
  return 0.5 + 0.5 * (1 - Math.exp(-margin / 2.5));
}

/**
 * Guess the language of a customer message. `undefined` when the text has no letters
 * ("123", "👍", "?"). Latin text is English (transliterated Persian is not recognized yet).
 */
export function detectLanguage(text: string, options: DetectOptions = {}): DetectedLanguage | undefined {
  const raw = text.normalize('NFKC');
  const rawWords = raw.match(/[\p{L}\p{M}\u200C]+/gu) ?? [];
  let arabicScriptWords = 0;
  let latinWords = 0;
  for (const word of rawWords) {
    if (ARABIC_SCRIPT_LETTER.test(word)) arabicScriptWords += 1;
    else if (LATIN_LETTER.test(word)) latinWords += 1;
  }
  if (arabicScriptWords === 0) {
    // No Arabic-script or Latin words: digits, emoji, or a script hamdel does not speak.
    if (latinWords === 0) return undefined;
    return { language: 'en', confidence: latinWords >= 2 ? 0.95 : 0.8 };
  }
  if (latinWords > 2 * arabicScriptWords) {
    return { language: 'en', confidence: 0.7 };
  }
  const words = tokenize(foldForSearch(raw)).filter((w) => ARABIC_SCRIPT_LETTER.test(w));
  const letters = letterEvidence(raw);
  const lexical = wordEvidence(words);
  const fa = letters.fa + lexical.fa;
  const ar = letters.ar + lexical.ar;
  if (fa === ar) return { language: options.tieBreak ?? 'fa', confidence: 0.5 };
  return { language: fa > ar ? 'fa' : 'ar', confidence: confidenceFromMargin(Math.abs(fa - ar)) };
}

/**
 * The language most of `texts` are detected in (the first 300 are enough), for tools that take a
 * data set without being told its language; `fallback` when none is detected.
 */
export function mostCommonLanguage(texts: readonly string[], fallback: Language = 'en'): Language {
  const votes = new Map<Language, number>();
  for (const text of texts.slice(0, 300)) {
    const detected = detectLanguage(text);
    if (detected !== undefined) votes.set(detected.language, (votes.get(detected.language) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
}
