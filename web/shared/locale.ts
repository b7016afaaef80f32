/**
 * The consoles' languages (agent, supervisor, admin): words from a catalog per language, the page's
 * direction, and numbers and dates as each reader expects them (the Persian calendar for Persian readers;
 * digits as the installation's digit policy gives each language, src/language/digits.ts: by default
 * Persian for Persian, Arabic-Indic for Arabic, Latin for English). One module for every console page.
 */
import { FSI, PDI } from '../../src/language/bidi.ts';
import { withDigits, writeDigits } from '../../src/language/digits.ts';
import { DIGITS } from './page-settings.ts';

export type UiLanguage = 'fa' | 'ar' | 'en';

export const UI_LANGUAGES: readonly UiLanguage[] = ['fa', 'ar', 'en'];

/** The BCP 47 locale each language formats with (Persian with its own calendar), in the policy's digits. */
const LOCALES: Readonly<Record<UiLanguage, string>> = {
  fa: withDigits('fa-IR-u-ca-persian', DIGITS.fa),
  ar: withDigits('ar-AE', DIGITS.ar),
  en: withDigits('en-GB', DIGITS.en),
};

export function isUiLanguage(value: unknown): value is UiLanguage {
  return value === 'fa' || value === 'ar' || value === 'en';
}

export function directionOf(language: UiLanguage): 'rtl' | 'ltr' {
  return language === 'en' ? 'ltr' : 'rtl';
}

/** Sets `<html lang dir>` for the reader's language. */
export function applyLanguage(root: HTMLElement, language: UiLanguage): void {
  root.lang = language;
  root.dir = directionOf(language);
}

/** A whole number or a figure, in the reader's digits (`maximumFractionDigits` 1 by default). */
export function formatNumber(
  value: number,
  language: UiLanguage,
  options: Intl.NumberFormatOptions = {},
): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1, ...options }).format(value);
}

/** A date and time (ms since epoch) in the reader's calendar and digits, in `timeZone` (default the browser's). */
export function formatDateTime(
  at: number,
  language: UiLanguage,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return new Intl.DateTimeFormat(LOCALES[language], options).format(at);
}

/** A day (ms since epoch) in the reader's calendar: "۱۶ آذر ۱۴۰۵", "١٦ ديسمبر ٢٠٢٦", "7 Dec 2026". */
export function formatDay(at: number, language: UiLanguage, timeZone?: string): string {
  return formatDateTime(at, language, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
}

/** The words of one language, with `{name}` placeholders filled in. */
export type Catalog<K extends string> = Readonly<Record<K, string>>;

/** A translator over complete catalogs (every language has every key: the type checks it). */
export function translator<K extends string>(
  catalogs: Readonly<Record<UiLanguage, Catalog<K>>>,
  language: UiLanguage,
): (key: K, values?: Readonly<Record<string, string | number>>) => string {
  return (key, values = {}) =>
    catalogs[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? formatNumber(value, language) : value;
    });
}

/**
 * Wraps a left-to-right run (an order number, a product name, an e-mail address) so that it reads right
 * inside right-to-left text: Unicode's first-strong isolate around it.
 */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/** The reader's language: one they chose before (`saved`), else the browser's first known one, else `fallback`. */
export function preferredLanguage(
  saved: string | null | undefined,
  browser: readonly string[],
  fallback: UiLanguage = 'en',
): UiLanguage {
  if (isUiLanguage(saved)) return saved;
  for (const tag of browser) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isUiLanguage(base)) return base;
  }
  return fallback;
}

/** The digits of a text (a time "09:30", a date) written in the reader's digits. */
export function localDigits(text: string, language: UiLanguage): string {
  return writeDigits(text, DIGITS[language]);
}
