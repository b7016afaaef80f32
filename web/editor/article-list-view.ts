/**
 * The articles by id, their Persian, Arabic and English translations side by side, a mark where one is
 * missing (with a link that starts it from another language's fields), a search over titles, questions and
 * bodies (folded on the server as the bot folds), a language filter and "only missing a translation". The
 * search and the filters are kept for the tab (sessionStorage), so coming back to the list finds them.
 */
import { LANGUAGES, type Language } from '../../src/core/language.ts';
import { directionOfLanguage } from '../../src/rich-text/bidi-layout.ts';
import { h, input, select, table } from '../shared/dom-builder.ts';
import { bidiElement } from '../shared/rich-text.ts';
import { listArticles, type ArticleRow } from './articles-api.ts';
import { LANGUAGE_NAMES, type ArticleWordKey } from './articles-words.ts';
import { attempt, type SectionContext } from './context.ts';

type Translate = (key: ArticleWordKey, values?: Readonly<Record<string, string | number>>) => string;

interface ListState {
  q: string;
  language: string;
  onlyMissing: boolean;
}

const STATE_KEY = 'hamdel.editor.articles.list';

function savedState(): ListState {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? '{}') as Partial<ListState>;
    return { q: saved.q ?? '', language: saved.language ?? '', onlyMissing: saved.onlyMissing === true };
  } catch {
    return { q: '', language: '', onlyMissing: false };
  }
}

function keep(state: ListState): void {
  try {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
  } catch {
    // a private window: the filters last for this page only
  }
}

export async function renderArticleList(root: HTMLElement, ctx: SectionContext, t: Translate): Promise<void> {
  const state = savedState();
  const q = input('q', state.q, {
    type: 'search',
    dir: 'auto',
    'aria-label': t('search'),
    placeholder: t('search'),
  });
  const language = select(
    'language',
    [['', t('all_languages')], ...LANGUAGES.map((lang): [string, string] => [lang, LANGUAGE_NAMES[lang]])],
    state.language,
  );
  language.setAttribute('aria-label', t('all_languages'));
  const onlyMissing = h('input', { attrs: { type: 'checkbox', name: 'only-missing' } });
  onlyMissing.checked = state.onlyMissing;
  const results = h('div', { class: 'article-results' });
  let asked = 0;
  const refresh = async () => {
    const current = { q: q.value.trim(), language: language.value, onlyMissing: onlyMissing.checked };
    keep(current);
    const mine = ++asked;
    const rows = await listArticles({ language: current.language, q: current.q });
    if (mine !== asked) return; // a newer search is on its way
    const shown = current.onlyMissing ? rows.filter((row) => row.missing.length > 0) : rows;
    results.replaceChildren(
      shown.length > 0 ? articleTable(t, shown) : h('p', { class: 'muted', text: t('no_articles') }),
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void attempt(ctx, refresh), 200);
  });
  for (const control of [language, onlyMissing]) {
    control.addEventListener('change', () => void attempt(ctx, refresh));
  }
  root.replaceChildren(
    h(
      'div',
      { class: 'articles-toolbar' },
      q,
      language,
      h('label', { class: 'check' }, onlyMissing, h('span', { text: t('only_missing') })),
      h('a', {
        class: 'button',
        text: t('new_article'),
        attrs: { href: '#articles/new', 'data-action': 'new' },
      }),
    ),
    results,
  );
  await refresh();
}

function articleTable(t: Translate, rows: readonly ArticleRow[]): HTMLTableElement {
  return table(
    [t('col_id'), ...LANGUAGES.map((lang) => LANGUAGE_NAMES[lang])],
    rows.map((row) =>
      h(
        'tr',
        { attrs: { 'data-id': row.id } },
        h('td', {}, h('code', { text: row.id, attrs: { dir: 'ltr' } })),
        ...LANGUAGES.map((lang) => translationCell(t, row, lang)),
      ),
    ),
  );
}

function translationCell(t: Translate, row: ArticleRow, lang: Language): HTMLTableCellElement {
  const translation = row.translations[lang];
  if (!translation) {
    const from = LANGUAGES.find((other) => row.translations[other]) ?? lang;
    return h(
      'td',
      { class: 'missing', attrs: { 'data-language': lang } },
      h('span', { class: 'badge', text: t('missing') }),
      ' ',
      h('a', { text: t('write_translation'), attrs: { href: `#articles/new/${lang}/${row.id}/${from}` } }),
    );
  }
  const title = bidiElement(
    'a',
    translation.title,
    { fallback: directionOfLanguage(lang) },
    {
      attrs: { href: `#articles/${lang}/${row.id}`, lang },
    },
  );
  return h(
    'td',
    { attrs: { 'data-language': lang, dir: directionOfLanguage(lang) } },
    title,
    h('br'),
    h('small', { text: t('questions_count', { n: translation.questions }), attrs: { dir: 'auto' } }),
    translation.problem
      ? h('span', { class: 'badge', text: t('not_loaded'), attrs: { title: translation.problem } })
      : null,
  );
}
