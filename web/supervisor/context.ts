import type { UiLanguage } from '../shared/locale.ts';
import type { WordKey } from './words.ts';

/** What each part of the dashboard gets: the reader's language and words. */
export interface DashboardContext {
  readonly language: UiLanguage;
  readonly t: (key: WordKey, values?: Readonly<Record<string, string | number>>) => string;
}

/**
 * Parts of a title or label joined: " · " in English; a dash in Persian and Arabic, where a middle dot
 * beside a digit reads as zero (۵ · ۳ looks like ۵۰۳).
 */
export function joined(parts: readonly string[], ctx: Pick<DashboardContext, 'language'>): string {
  return parts.join(ctx.language === 'en' ? ' · ' : ' — ');
}
