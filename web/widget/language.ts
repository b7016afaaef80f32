/**
 * Which language the widget speaks and which way it writes. The conversation's language wins once the
 * server knows it; before that the script tag's data-lang, then the page's lang and dir.
 */
import type { Language } from '../../src/core/language.ts';

export type { Language };
export type Direction = 'ltr' | 'rtl';

const LANGUAGES: readonly Language[] = ['fa', 'ar', 'en'];

export function asLanguage(value: string | null | undefined): Language | undefined {
  const primary = value?.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((language) => language === primary);
}

export function directionOf(language: Language): Direction {
  return language === 'fa' || language === 'ar' ? 'rtl' : 'ltr';
}

/** The page's own language, from <html lang> or, failing that, the browser's. */
export function pageLanguage(doc: Document = document): Language | undefined {
  return asLanguage(doc.documentElement.lang) ?? asLanguage(doc.body?.lang);
}

/** The page's own direction: an explicit dir wins, then what its language implies. */
export function pageDirection(doc: Document = document): Direction {
  const explicit = (doc.dir || doc.documentElement.getAttribute('dir') || doc.body?.dir || '').toLowerCase();
  if (explicit === 'rtl' || explicit === 'ltr') return explicit;
  const language = pageLanguage(doc);
  return language ? directionOf(language) : 'ltr';
}

export function browserLanguage(): Language | undefined {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = asLanguage(tag);
    if (language) return language;
  }
  return undefined;
}

/** The widget's language: the conversation's, else the tag's data-lang, else the page's, else the browser's, else English. */
export function widgetLanguage(
  conversation: Language | undefined,
  configured: Language | undefined,
): Language {
  return conversation ?? configured ?? pageLanguage() ?? browserLanguage() ?? 'en';
}

/** The widget's direction: its language's once it is chosen or set, else the page's explicit dir, else its language's. */
export function widgetDirection(
  conversation: Language | undefined,
  configured: Language | undefined,
): Direction {
  const language = widgetLanguage(conversation, configured);
  if (conversation || configured) return directionOf(language);
  const explicit = document.documentElement.getAttribute('dir') || document.body?.getAttribute('dir');
  return explicit ? pageDirection() : directionOf(language);
}
