/** How text and times look in each language: Persian digits for Persian readers, local clock formats. */
import { persianizeText } from './digits.ts';
import type { Language } from './language.ts';

const LOCALES: Readonly<Record<Language, string>> = { fa: 'fa-IR', ar: 'ar', en: 'en' };

export function displayText(text: string, language: Language): string {
  return language === 'fa' ? persianizeText(text) : text;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, withDate: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withDate}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      hour: 'numeric',
      minute: '2-digit',
      ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** "14:05" today, "3 Dec, 14:05" on other days, in the reader's language and time zone. */
export function displayTime(at: number, language: Language, now: number = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return formatter(language, !sameDay).format(at);
}
