/** How text and times look in each language: digits as the installation's policy gives them, local clock formats. */
import { localizeDigits, withDigits } from '../../src/language/digits.ts';
import { DIGITS } from '../shared/page-settings.ts';
import type { Language } from './language.ts';

const LOCALES: Readonly<Record<Language, string>> = { fa: 'fa-IR', ar: 'ar', en: 'en' };

/** Running text in the reader's digits (URLs, e-mail addresses, phone numbers and codes keep theirs). */
export function displayText(text: string, language: Language): string {
  return localizeDigits(text, language, DIGITS);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, withDate: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withDate}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(withDigits(LOCALES[language], DIGITS[language]), {
      hour: 'numeric',
      minute: '2-digit',
      ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** "14:05" today, "3 Dec, 14:05" on other days, in the reader's language, digits and time zone. */
export function displayTime(at: number, language: Language, now: number = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return formatter(language, !sameDay).format(at);
}
