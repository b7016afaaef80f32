/** The languages hamdel speaks. Persian and Arabic are right-to-left. */
export const LANGUAGES = ['fa', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isRtl(language: Language): boolean {
  return language === 'fa' || language === 'ar';
}
