/**
 * The editors' workspace (/editor/): the articles, "what would the bot answer?", the unanswered inbox and
 * the knowledge base's health, over /api/editor/…. Persian, Arabic or English as the editor chooses (kept
 * in localStorage), right to left for the first two, numbers and dates in the reader's digits and calendar
 * (web/shared/locale.ts).
 */
import { h } from '../shared/dom-builder.ts';
import { languagePicker, startingLanguage } from '../shared/language-choice.ts';
import { applyLanguage, translator, type UiLanguage } from '../shared/locale.ts';
import { attempt, type SectionContext } from './context.ts';
import { SECTIONS } from './sections.ts';
import { WORDS, type WordKey } from './words.ts';

const LANGUAGE_KEY = 'hamdel.editor.language';

function sectionOf(hash: string): string {
  const name = hash.replace(/^#/, '').split('/')[0] ?? '';
  return name in SECTIONS ? name : (Object.keys(SECTIONS)[0] ?? '');
}

function start(language: UiLanguage): void {
  applyLanguage(document.documentElement, language);
  const t = translator(WORDS, language);
  document.title = `${t('title')} · hamdel`;
  const notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  const main = h('main', { attrs: { id: 'section' } });
  const ctx: SectionContext = {
    language,
    notify(text, kind = 'ok') {
      notice.textContent = text;
      notice.className = `notice ${kind}`;
    },
  };
  const names = { fa: WORDS.fa.lang_fa, ar: WORDS.ar.lang_ar, en: WORDS.en.lang_en };
  const picker = languagePicker('language', names, language, LANGUAGE_KEY, start);
  const nav = h(
    'nav',
    {},
    ...Object.keys(SECTIONS).map((name) =>
      h('a', { text: t(`nav_${name}` as WordKey), attrs: { href: `#${name}`, 'data-section': name } }),
    ),
  );
  let shown = '';
  const show = () => {
    const section = sectionOf(location.hash);
    // A section may keep its own place in the hash (#articles/fa/returns): it redraws itself for those.
    if (section === shown && location.hash.includes('/')) return;
    shown = section;
    for (const link of nav.querySelectorAll('a')) {
      link.classList.toggle('current', link.dataset.section === section);
    }
    notice.textContent = '';
    notice.className = 'notice';
    main.replaceChildren(h('p', { class: 'muted', text: t('loading') }));
    const render = SECTIONS[section];
    if (render) void attempt(ctx, () => render(main, ctx));
  };
  window.onhashchange = show;
  document.body.replaceChildren(
    h(
      'header',
      {},
      h('h1', { text: t('title') }),
      nav,
      h('a', { class: 'to-agent', text: t('to_agent_console'), attrs: { href: '/agent/' } }),
      h('label', { class: 'language' }, h('span', { text: t('language') }), picker),
    ),
    notice,
    main,
  );
  show();
}

start(startingLanguage(LANGUAGE_KEY));
