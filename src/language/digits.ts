import type { Language } from '../core/language.ts';

/**
 * Digits, the one module for them (server, widget and consoles): which digits each language's readers get
 * (the digit policy, set by DIGITS_FA and DIGITS_AR), writing text and numbers in them, and reading any of
 * them back as ASCII. Browser code imports it too, so it imports nothing but types.
 */

/** ASCII 0-9, Persian ۰-۹ (U+06F0) or Arabic-Indic ٠-٩ (U+0660). */
export type DigitStyle = 'latin' | 'persian' | 'arabic';

/** The digits each language's readers get. English readers always get Latin digits. */
export interface DigitPolicy {
  readonly fa: 'persian' | 'latin';
  readonly ar: 'arabic' | 'latin';
  readonly en: 'latin';
}

/** Persian digits for Persian, Arabic-Indic digits for Arabic (DIGITS_FA=persian, DIGITS_AR=arabic). */
export const DEFAULT_DIGIT_POLICY: DigitPolicy = { fa: 'persian', ar: 'arabic', en: 'latin' };

/** ASCII digits in every language: for text whose digits are localized later (the dialog engine's replies). */
export const LATIN_DIGITS: DigitPolicy = { fa: 'latin', ar: 'latin', en: 'latin' };

/** The policy the settings DIGITS_FA and DIGITS_AR set (the server's `Config` fits). */
export function digitPolicy(settings: {
  readonly DIGITS_FA: DigitPolicy['fa'];
  readonly DIGITS_AR: DigitPolicy['ar'];
}): DigitPolicy {
  return { fa: settings.DIGITS_FA, ar: settings.DIGITS_AR, en: 'latin' };
}

/** A policy sent as JSON (to the browser); anything unknown keeps the default. */
export function readDigitPolicy(value: unknown): DigitPolicy {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    fa: given.fa === 'latin' || given.fa === 'persian' ? given.fa : DEFAULT_DIGIT_POLICY.fa,
    ar: given.ar === 'latin' || given.ar === 'arabic' ? given.ar : DEFAULT_DIGIT_POLICY.ar,
    en: 'latin',
  };
}

const ZERO: Readonly<Record<DigitStyle, number>> = { latin: 0x30, persian: 0x06f0, arabic: 0x0660 };
const ANY_DIGIT = /[0-9\u06F0-\u06F9\u0660-\u0669]/g;

function valueOf(digit: string): number {
  const code = digit.charCodeAt(0);
  if (code >= ZERO.persian) return code - ZERO.persian;
  if (code >= ZERO.arabic) return code - ZERO.arabic;
  return code - ZERO.latin;
}

/** Every digit, whatever its script, written in `style`. */
export function writeDigits(text: string, style: DigitStyle): string {
  const zero = ZERO[style];
  return text.replace(ANY_DIGIT, (d) => String.fromCharCode(zero + valueOf(d)));
}

/** Persian and Arabic-Indic digits to ASCII 0-9 (what a reader typed, read back); everything else unchanged. */
export function toAsciiDigits(text: string): string {
  return writeDigits(text, 'latin');
}

/**
 * Spans whose digits stay as written, because people copy them into a browser, a mail client or a
 * dialer, and many of those do not accept Persian or Arabic digits:
 * - URLs (`http://...`, `https://...`, `www....`),
 * - e-mail addresses,
 * - international phone numbers starting with `+` (e.g. `+971 4 555 0100`),
 * - codes that mix Latin letters and digits (order numbers like `ORD-12345`, `A12`, `4K`, `3-D`; in
 *   `iPhone 15` the 15 is not part of a code: only digits glued to Latin letters or joined to them by
 *   `-`/`_`).
 * Every other run of digits follows the policy, including plain local numbers, prices, times and dates.
 */
const PROTECTED =
  /(?:https?:\/\/|www\.)[^\s<>()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+\d[\d\s().-]{5,}\d|\b(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*\b/g;

/**
 * Running text in the digits `language`'s readers get: with Persian or Arabic-Indic digits, URLs, e-mail
 * addresses, international phone numbers and Latin letter-digit codes keep theirs; with Latin digits,
 * every digit becomes ASCII.
 */
export function localizeDigits(text: string, language: Language, policy: DigitPolicy): string {
  const style: DigitStyle = policy[language];
  if (style === 'latin') return toAsciiDigits(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    const start = match.index;
    out += writeDigits(text.slice(last, start), style) + match[0];
    last = start + match[0].length;
  }
  return out + writeDigits(text.slice(last), style);
}

/** Intl's numbering system for each style. */
const NUMBERING: Readonly<Record<DigitStyle, string>> = { latin: 'latn', persian: 'arabext', arabic: 'arab' };

/**
 * A BCP 47 locale that formats with `style`'s digits: `withDigits('fa-IR-u-ca-persian', 'latin')` is
 * 'fa-IR-u-ca-persian-nu-latn'. Every Intl formatter for a reader goes through it.
 */
export function withDigits(locale: string, style: DigitStyle): string {
  const base = locale.replace(/-nu-[a-z]+/i, '');
  return base.includes('-u-') ? `${base}-nu-${NUMBERING[style]}` : `${base}-u-nu-${NUMBERING[style]}`;
}

const LOCALES: Readonly<Record<Language, string>> = { fa: 'fa-IR', ar: 'ar-AE', en: 'en' };

const formatters = new Map<string, Intl.NumberFormat>();

/** A number with the language's separators and the policy's digits ("۱٬۲۳۴", "١٬٢٣٤", "1,234"). */
export function formatNumber(
  n: number,
  language: Language,
  policy: DigitPolicy,
  options?: Intl.NumberFormatOptions,
): string {
  const locale = withDigits(LOCALES[language], policy[language]);
  const key = `${locale}:${JSON.stringify(options ?? {})}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter.format(n);
}
