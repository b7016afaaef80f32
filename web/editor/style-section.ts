/**
 * The style section (#style): the business's tone and the phrases to avoid in one language
 * (GET /api/editor/style/:language), and a text box to try a text with the marks every editor's text box
 * gets (style-marks.ts).
 */
import type { Language } from '../../src/core/language.ts';
import { h, select, table } from '../shared/dom-builder.ts';
import { directionOf, translator, UI_LANGUAGES, type UiLanguage } from '../shared/locale.ts';
import type { Section } from './context.ts';
import { attachStyleMarks, type StyleMarks } from './style-marks.ts';
import { styleRules } from './style-rules-api.ts';
import { STYLE_WORDS } from './style-words.ts';
import { WORDS } from './words.ts';

/** The language names, each in itself. */
const NAMES: Readonly<Record<UiLanguage, string>> = {
  fa: WORDS.fa.lang_fa,
  ar: WORDS.ar.lang_ar,
  en: WORDS.en.lang_en,
};

export const styleSection: Section = async (root, ctx) => {
  const t = translator(STYLE_WORDS, ctx.language);
  const picker = select(
    'style-language',
    UI_LANGUAGES.map((language) => [language, NAMES[language]]),
    ctx.language,
  );
  const body = h('div', { class: 'style-rules' });
  let detach: StyleMarks | undefined;
  /** Only the last request is shown: an earlier answer that comes late is dropped. */
  let requests = 0;

  const show = async (language: Language) => {
    const request = ++requests;
    const rules = await styleRules(language);
    if (request !== requests) return;
    detach?.();
    const dir = directionOf(language);
    const textarea = h('textarea', {
      attrs: { name: 'style-try', rows: '6', dir: 'auto', lang: language, 'aria-label': t('try') },
    });
    const tone = rules.tone.length
      ? h('ul', { attrs: { lang: language, dir } }, ...rules.tone.map((rule) => h('li', { text: rule })))
      : '';
    const rows = rules.avoid.map((rule) =>
      h(
        'tr',
        { attrs: { lang: language, dir } },
        h('td', {}, ...rule.phrases.map((phrase) => h('span', { class: 'style-avoid', text: phrase }))),
        h('td', { text: rule.instead }),
        h('td', { text: rule.note ?? '' }),
        h('td', { text: (rule.except ?? []).join(language === 'en' ? ', ' : '، ') }),
      ),
    );
    body.replaceChildren(
      rules.avoid.length === 0 && rules.tone.length === 0
        ? h('p', { class: 'muted', text: t('no_rules', { language }) })
        : '',
      h('h3', { text: t('tone') }),
      tone,
      h('h3', { text: t('avoid') }),
      table([t('phrases'), t('instead_column'), t('note'), t('except')], rows),
      h('h3', { text: t('try') }),
      h('p', { class: 'muted', text: t('try_hint') }),
      textarea,
    );
    detach = attachStyleMarks(textarea, rules, language, { uiLanguage: ctx.language });
  };

  picker.addEventListener('change', () => void show(picker.value as Language));
  root.replaceChildren(
    h('h2', { text: t('heading') }),
    h('p', { class: 'muted', text: t('intro') }),
    h('label', { class: 'field' }, h('span', { text: t('content_language') }), picker),
    body,
  );
  await show(ctx.language);
};
