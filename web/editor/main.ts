/**
 * The editors' workspace (/editor/): the articles, "what would the bot answer?", the unanswered inbox and
 * the knowledge base's health, over /api/editor/…. Persian, Arabic or English as the editor chooses (kept
 * in localStorage), right to left for the first two, numbers and dates in the reader's digits and calendar
 * (web/shared/locale.ts).
 */
import { startingLanguage } from '../shared/language-choice.ts';
import { translator, type UiLanguage } from '../shared/locale.ts';
import { startSectionShell } from '../shared/section-shell.ts';
import { attempt, type SectionContext } from './context.ts';
import { SECTIONS } from './sections.ts';
import { WORDS, type WordKey } from './words.ts';

const LANGUAGE_KEY = 'hamdel.editor.language';

function start(language: UiLanguage): void {
  const t = translator(WORDS, language);
  startSectionShell({
    language,
    languageKey: LANGUAGE_KEY,
    restart: start,
    languageNames: { fa: WORDS.fa.lang_fa, ar: WORDS.ar.lang_ar, en: WORDS.en.lang_en },
    words: {
      title: t('title'),
      language: t('language'),
      loading: t('loading'),
      toAgentConsole: t('to_agent_console'),
    },
    sections: Object.keys(SECTIONS).map((name) => ({ name, label: t(`nav_${name}` as WordKey) })),
    render(name, main, notify) {
      const ctx: SectionContext = { language, notify };
      const render = SECTIONS[name];
      if (render) void attempt(ctx, () => render(main, ctx));
    },
  });
}

start(startingLanguage(LANGUAGE_KEY));
