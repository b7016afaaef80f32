/** The launcher's own words (the panel's are in i18n.ts and come with it). */
import type { Language } from './language.ts';

export interface LauncherStrings {
  readonly openChat: string;
  /** The button's name after the panel's script failed to load (offline); the next click tries again. */
  readonly loadFailed: string;
}

const STRINGS: Readonly<Record<Language, LauncherStrings>> = {
  en: { openChat: 'Chat with us', loadFailed: 'The chat could not load. Try again' },
  fa: { openChat: 'گفت‌وگو با ما', loadFailed: 'گفت‌وگو بارگیری نشد. دوباره امتحان کنید' },
  ar: { openChat: 'تحدّث معنا', loadFailed: 'تعذّر تحميل المحادثة. حاول مرة أخرى' },
};

export function launcherStrings(language: Language): LauncherStrings {
  return STRINGS[language];
}
