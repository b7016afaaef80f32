import type { UiLanguage } from '../shared/locale.ts';
import type { WordKey } from './words.ts';

/** What each part of the dashboard gets: the reader's language and words. */
export interface DashboardContext {
  readonly language: UiLanguage;
  readonly t: (key: WordKey, values?: Readonly<Record<string, string | number>>) => string;
}
