import type { Language } from '../core/language.ts';

/**
 * Digits: Persian (۰-۹, U+06F0), Arabic-Indic (٠-٩, U+0660) and ASCII.
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Persian and Arabic-Indic digits to ASCII 0-9; everything else unchanged. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_ZERO);
  });
}

function digitsOf(language: Language): number | undefined {
  if (language === 'fa') return PERSIAN_ZERO;
  if (language === 'ar') return ARABIC_ZERO;
  return undefined;
}

/**
 * Spans whose digits stay ASCII, because people copy them into a browser, a mail client or a
 * dialer, and many of those do not accept Persian or Arabic digits:
 * - URLs (`http://...`, `https://...`, `www....`),
 * - e-mail addresses,
 * - international phone numbers starting with `+` (e.g. `+971 4 555 0100`),
 * - codes that mix Latin letters and digits (order numbers like `ORD-12345`, `A12`, `iPhone 15` is
 *   not a code: only digits glued to Latin letters or joined to them by `-`/`_`).
 * Every other run of ASCII digits is localized, including plain local numbers, prices and dates.
 */
const PROTECTED =
  /(?:https?:\/\/|www\.)[^\s<>()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+\d[\d\s().-]{5,}\d|\b(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*\b/g;

function localizeRun(text: string, zero: number): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(zero + d.charCodeAt(0) - 48));
}

/**
 * Write ASCII digits the way a reader of `language` expects: 'fa' -> ۰-۹, 'ar' -> ٠-٩,
 * 'en' -> unchanged (Persian and Arabic-Indic digits become ASCII for 'en'). Digits inside URLs,
 * e-mail addresses, international phone numbers and Latin letter-digit codes are left as they are.
 */
export function localizeDigits(text: string, language: Language): string {
  const zero = digitsOf(language);
  if (zero === undefined) return toAsciiDigits(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    const start = match.index;
    out += localizeRun(text.slice(last, start), zero) + match[0];
    last = start + match[0].length;
  }
  return out + localizeRun(text.slice(last), zero);
}

const LOCALES: Readonly<Record<Language, string>> = {
  fa: 'fa-IR',
  // ar-AE defaults to Latin digits in current CLDR; ask for Arabic-Indic ones to match localizeDigits.
  ar: 'ar-AE-u-nu-arab',
  en: 'en',
};

const formatters = new Map<string, Intl.NumberFormat>();

/** Format a number with the language's digits and separators (fa-IR, ar-AE with Arabic-Indic digits, en). */
export function formatNumber(n: number, language: Language, options?: Intl.NumberFormatOptions): string {
  const key = `${language}:${JSON.stringify(options ?? {})}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(LOCALES[language], options);
    formatters.set(key, formatter);
  }
  return formatter.format(n);
}
