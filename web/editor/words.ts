/** The editor shell's words in Persian, Arabic and English (each section has its own words file). */
import type { Catalog, UiLanguage } from '../shared/locale.ts';

const en = {
  title: 'Knowledge base editor',
  language: 'Language',
  lang_fa: 'فارسی',
  lang_ar: 'العربية',
  lang_en: 'English',
  loading: 'Loading…',
  to_agent_console: 'Agent console',
  nav_articles: 'Articles',
  nav_try: 'What would the bot answer?',
  nav_inbox: 'Unanswered',
  nav_health: 'Health',
  nav_style: 'Style',
};
export type WordKey = keyof typeof en;

const fa: Catalog<WordKey> = {
  title: 'ویرایشگر پایگاه دانش',
  language: 'زبان',
  lang_fa: 'فارسی',
  lang_ar: 'العربية',
  lang_en: 'English',
  loading: 'در حال بارگذاری…',
  to_agent_console: 'کنسول کارشناس',
  nav_articles: 'مقاله‌ها',
  nav_try: 'ربات چه پاسخی می‌دهد؟',
  nav_inbox: 'بی‌پاسخ‌ها',
  nav_health: 'سلامت',
  nav_style: 'شیوهٔ نگارش',
};

const ar: Catalog<WordKey> = {
  title: 'محرر قاعدة المعرفة',
  language: 'اللغة',
  lang_fa: 'فارسی',
  lang_ar: 'العربية',
  lang_en: 'English',
  loading: 'جارٍ التحميل…',
  to_agent_console: 'لوحة الموظف',
  nav_articles: 'المقالات',
  nav_try: 'بماذا سيجيب البوت؟',
  nav_inbox: 'بلا إجابة',
  nav_health: 'السلامة',
  nav_style: 'الأسلوب',
};

export const WORDS: Readonly<Record<UiLanguage, Catalog<WordKey>>> = { en, fa, ar };
