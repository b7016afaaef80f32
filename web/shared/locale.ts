/**
 * The consoles' languages (agent, supervisor, admin): words from a catalog per language, the page's
 * direction, and numbers and dates as each reader expects them (Persian digits and the Persian calendar for
 * Persian readers, Arabic-Indic digits for Arabic, Latin for English). One module for every console page.
 */
export type UiLanguage = 'fa' | 'ar' | 'en';

export const UI_LANGUAGES: readonly UiLanguage[] = ['fa', 'ar', 'en'];

/** The BCP 47 locale each language formats with (Persian with its own calendar). */
const LOCALES: Readonly<Record<UiLanguage, string>> = {
  fa: 'fa-IR-u-ca-persian-nu-arabext',
  ar: 'ar-AE-u-nu-arab',
  en: 'en-GB',
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
  return `\u2068${text}\u2069`;
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

const DIGIT_ZERO: Readonly<Record<UiLanguage, number>> = { fa: 0x06f0, ar: 0x0660, en: 0x30 };

/** Latin digits in a text (a time "09:30", a date) written in the reader's digits. */
export function localDigits(text: string, language: UiLanguage): string {
  const zero = DIGIT_ZERO[language];
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(zero + d.charCodeAt(0) - 0x30));
}

/** Persian or Arabic-Indic digits typed into a field, read as Latin ones. */
export function latinDigits(text: string): string {
  return text
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}
