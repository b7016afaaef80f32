/**
 * The unanswered inbox (#inbox): groups of questions the bot failed, most asked first, with how often and by
 * how many customers, how they asked, the articles the bot gave, and what is new since the reader's last
 * visit; filters by language and status; for each group "add to an article" (the bot's own closest
 * articles or a search, then POST /api/editor/articles/:lang/:id/questions and the group is done), "start a
 * new article" (#articles/<lang>/new?question=…) and "ignore". Below, the per-article answers to "did this
 * help?", least helpful first, sortable. Only questions are shown, never conversations.
 */
import type { Language } from '../../src/core/language.ts';
import type { ArticleSuggestion, InboxGroupView } from '../../src/inbox/unanswered-inbox.ts';
import { field, h, input, select } from '../shared/dom-builder.ts';
import { formatDateTime, formatNumber, translator, type UiLanguage } from '../shared/locale.ts';
import { api } from './api.ts';
import { attempt, type Section, type SectionContext } from './context.ts';
import { INBOX_WORDS, type InboxWordKey } from './inbox-words.ts';

type T = ReturnType<typeof translator<InboxWordKey>>;
type Status = 'new' | 'done' | 'ignored' | 'all';

interface InboxList {
  readonly lastVisit: number | null;
  readonly groups: readonly InboxGroupView[];
  readonly total: number;
}

interface RateRow {
  readonly id: string;
  readonly title?: string;
  readonly language: Language;
  readonly yes: number;
  readonly no: number;
  readonly rate: number;
}

type SortKey = 'article' | 'language' | 'yes' | 'no' | 'rate';

/** What the section remembers while the page is open (the visit is noted once per page). */
const state: {
  since: number | null | undefined;
  language: Language | '';
  status: Status;
  days: number;
  sort: SortKey;
  ascending: boolean;
} = { since: undefined, language: '', status: 'new', days: 30, sort: 'rate', ascending: true };

export const renderInbox: Section = async (root, ctx) => {
  useStylesheet('/editor/inbox.css');
  const t = translator(INBOX_WORDS, ctx.language);
  const list = h('div', { class: 'groups' });
  const rates = h('section', { class: 'rates-section' });
  const visit = h('p', { class: 'muted visit' });
  const refresh = async () => {
    await attempt(ctx, () => drawGroups(list, visit, ctx, t, refresh), explainer(t));
  };
  root.replaceChildren(
    h(
      'section',
      { class: 'inbox' },
      h('h2', { text: t('title') }),
      h('p', { class: 'muted', text: t('intro') }),
      visit,
      filters(t, refresh),
      list,
    ),
    rates,
  );
  await refresh();
  await attempt(ctx, () => drawRates(rates, ctx, t), explainer(t));
};

function explainer(t: T): (code: string) => string | undefined {
  return (code) => {
    const key = `error_${code}` as InboxWordKey;
    return key in INBOX_WORDS.en ? t(key) : undefined;
  };
}

/** A section's own stylesheet, added to the page once. */
function useStylesheet(href: string): void {
  if (document.querySelector(`link[href="${href}"]`)) return;
  document.head.append(h('link', { attrs: { rel: 'stylesheet', href } }));
}

function filters(t: T, refresh: () => Promise<void>): HTMLElement {
  const language = select(
    'language',
    [
      ['', t('all_languages')],
      ['fa', t('language_fa')],
      ['ar', t('language_ar')],
      ['en', t('language_en')],
    ],
    state.language,
  );
  const status = select(
    'status',
    (['new', 'done', 'ignored', 'all'] as const).map((s) => [s, t(`status_${s}`)]),
    state.status,
  );
  language.addEventListener('change', () => {
    state.language = language.value as Language | '';
    void refresh();
  });
  status.addEventListener('change', () => {
    state.status = status.value as Status;
    void refresh();
  });
  return h(
    'div',
    { class: 'filters' },
    field(t('filter_language'), language),
    field(t('filter_status'), status),
  );
}

async function drawGroups(
  list: HTMLElement,
  visit: HTMLElement,
  ctx: SectionContext,
  t: T,
  refresh: () => Promise<void>,
): Promise<void> {
  const query = new URLSearchParams({ status: state.status });
  if (state.language) query.set('language', state.language);
  if (state.since !== undefined) query.set('since', String(state.since ?? 0));
  const body = await api<InboxList>('GET', `/api/editor/inbox?${query.toString()}`);
  if (state.since === undefined) {
    // The first look in this page: the marks are against the last visit, and this visit is noted.
    state.since = body.lastVisit;
    await api('POST', '/api/editor/inbox/visit', {});
  }
  visit.textContent =
    state.since === null || state.since === 0
      ? t('first_visit')
      : t('since_visit', { when: formatDateTime(state.since, ctx.language) });
  if (body.groups.length === 0) {
    list.replaceChildren(h('p', { class: 'empty', text: t(state.status === 'new' ? 'empty_new' : 'empty') }));
    return;
  }
  list.replaceChildren(
    h('p', { class: 'muted', text: t('shown_of', { shown: body.groups.length, total: body.total }) }),
    ...body.groups.map((group) => groupCard(group, ctx, t, refresh)),
  );
}

function groupCard(
  group: InboxGroupView,
  ctx: SectionContext,
  t: T,
  refresh: () => Promise<void>,
): HTMLElement {
  const n = (value: number) => formatNumber(value, ctx.language);
  const when = (at: number) => formatDateTime(at, ctx.language);
  const badges = [
    group.isNew ? h('span', { class: 'badge new', text: t('badge_new') }) : null,
    !group.isNew && group.newCount > 0
      ? h('span', { class: 'badge more', text: t('badge_more', { count: group.newCount }) })
      : null,
    group.reopened ? h('span', { class: 'badge', text: t('badge_reopened') }) : null,
  ];
  const kinds = Object.entries(group.kinds).map(([kind, count]) =>
    h(
      'li',
      { attrs: { 'data-kind': kind } },
      `${t(`kind_${kind}` as InboxWordKey)} `,
      h('small', { text: t('times', { count: n(count) }) }),
    ),
  );
  const examples = group.examples.map((example) =>
    h(
      'li',
      {},
      h('bdi', { text: example.text, attrs: { dir: 'auto' } }),
      ' ',
      h('small', { text: t('times', { count: n(example.count) }) }),
    ),
  );
  const articles = group.articles.map((article) =>
    h(
      'li',
      {},
      h('a', {
        attrs: { href: `#articles/${group.language}/${article.id}`, dir: 'auto' },
        text: article.title ?? article.id,
      }),
      ' ',
      h('small', { text: t('times', { count: n(article.count) }) }),
    ),
  );
  const panel = h('div', { class: 'add-panel', attrs: { hidden: '' } });
  const status = t(`status_${group.status}`);
  const statusLine =
    group.status === 'new' && !group.reopened
      ? null
      : h('p', {
          class: 'muted status-line',
          text: [
            group.statusBy
              ? t('status_line', { status, by: group.statusBy, when: when(group.statusAt) })
              : t('status_line_auto', { status, when: when(group.statusAt) }),
            group.addedTo ? t('added_to', { article: group.addedTo }) : '',
          ]
            .filter(Boolean)
            .join(' · '),
        });
  const act = (path: string, done: InboxWordKey) => async () => {
    const ok = await attempt(
      ctx,
      () => api('POST', `/api/editor/inbox/${group.id}/${path}`, {}).then(() => undefined),
      explainer(t),
    );
    if (ok) {
      await refresh();
      ctx.notify(t(done));
    }
  };
  const actions = h(
    'div',
    { class: 'actions' },
    group.status === 'new'
      ? h('button', {
          text: t('add_to_article'),
          attrs: { type: 'button', 'data-action': 'add' },
          on: {
            click: () => {
              if (panel.hidden) void openAddPanel(panel, group, ctx, t, refresh);
              else panel.hidden = true;
            },
          },
        })
      : null,
    group.status === 'new'
      ? h('a', {
          class: 'button-link',
          text: t('new_article'),
          attrs: {
            'data-action': 'new-article',
            href: `#articles/${group.language}/new?question=${encodeURIComponent(group.question)}`,
          },
        })
      : null,
    group.status === 'new'
      ? h('button', {
          class: 'danger',
          text: t('ignore'),
          attrs: { type: 'button', 'data-action': 'ignore' },
          on: { click: () => void act('ignore', 'ignored')() },
        })
      : h('button', {
          text: t('reopen'),
          attrs: { type: 'button', 'data-action': 'reopen' },
          on: { click: () => void act('reopen', 'reopened')() },
        }),
  );
  return h(
    'article',
    {
      class: `group card${group.isNew || group.newCount > 0 ? ' fresh' : ''}`,
      attrs: { 'data-group': group.id, 'data-status': group.status, lang: group.language },
    },
    h(
      'h3',
      {},
      h('bdi', { class: 'question', text: group.question, attrs: { dir: 'auto' } }),
      ' ',
      h('span', { class: 'language-tag', text: t(`language_${group.language}`) }),
      ...badges,
    ),
    h('p', {
      class: 'figures',
      text: `${t('asked', { count: group.count, customers: group.customers })} · ${t('seen', {
        first: when(group.firstSeen),
        last: when(group.lastSeen),
      })}`,
    }),
    h('ul', { class: 'kinds' }, ...kinds),
    h('div', { class: 'examples' }, h('h4', { text: t('examples') }), h('ul', {}, ...examples)),
    articles.length > 0
      ? h('div', { class: 'bot-gave' }, h('h4', { text: t('bot_gave') }), h('ul', {}, ...articles))
      : null,
    statusLine,
    actions,
    panel,
  );
}

/** "Add to an article": the question (editable), the bot's closest articles or a search, then add. */
async function openAddPanel(
  panel: HTMLElement,
  group: InboxGroupView,
  ctx: SectionContext,
  t: T,
  refresh: () => Promise<void>,
): Promise<void> {
  panel.hidden = false;
  const question = input('question', group.question, { dir: 'auto' });
  const choices = h('div', { class: 'choices', attrs: { role: 'radiogroup' } });
  const search = input('q', '', { type: 'search', dir: 'auto' });
  const load = async (q = '') => {
    choices.replaceChildren(h('p', { class: 'muted', text: t('loading') }));
    const query = q ? `?q=${encodeURIComponent(q)}` : '';
    const { articles } = await api<{ articles: ArticleSuggestion[] }>(
      'GET',
      `/api/editor/inbox/${group.id}/articles${query}`,
    );
    if (articles.length === 0) {
      choices.replaceChildren(h('p', { class: 'muted', text: t('no_articles') }));
      return;
    }
    choices.replaceChildren(
      h('p', { class: 'muted', text: q ? t('search_articles') : t('suggested') }),
      ...articles.map((article, i) => articleChoice(article, i === 0, group.id, ctx.language, t)),
    );
  };
  const add = async () => {
    const picked = choices.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    const text = question.value.trim();
    if (!picked || text === '') {
      ctx.notify(t('pick_first'), 'error');
      return;
    }
    const articleId = picked.value;
    const title = picked.dataset.title ?? articleId;
    const ok = await attempt(
      ctx,
      async () => {
        await api('POST', `/api/editor/articles/${group.language}/${articleId}/questions`, {
          question: text,
        });
        await api('POST', `/api/editor/inbox/${group.id}/done`, { articleId });
      },
      explainer(t),
    );
    if (ok) {
      await refresh();
      ctx.notify(t('added', { article: title }));
    }
  };
  search.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key !== 'Enter') return;
    event.preventDefault();
    void attempt(ctx, () => load(search.value.trim()), explainer(t));
  });
  panel.replaceChildren(
    field(t('question_to_add'), question),
    h('fieldset', {}, h('legend', { text: t('pick_article') }), choices),
    h(
      'div',
      { class: 'search-row' },
      field(t('search_articles'), search),
      h('button', {
        class: 'secondary',
        text: t('search'),
        attrs: { type: 'button' },
        on: { click: () => void attempt(ctx, () => load(search.value.trim()), explainer(t)) },
      }),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        text: t('add'),
        attrs: { type: 'button', 'data-action': 'confirm-add' },
        on: { click: () => void add() },
      }),
      h('button', {
        class: 'secondary',
        text: t('cancel'),
        attrs: { type: 'button' },
        on: {
          click: () => {
            panel.hidden = true;
          },
        },
      }),
    ),
  );
  await attempt(ctx, () => load(), explainer(t));
}

function articleChoice(
  article: ArticleSuggestion,
  checked: boolean,
  groupId: string,
  language: UiLanguage,
  t: T,
): HTMLElement {
  const radio = h('input', {
    attrs: {
      type: 'radio',
      name: `article-${groupId}`,
      value: article.id,
      'data-title': article.title,
    },
  });
  radio.checked = checked;
  const notes = [
    article.chosen ? t('chosen', { count: article.chosen }) : '',
    article.score !== undefined
      ? t('match', {
          percent: formatNumber(article.score, language, { style: 'percent', maximumFractionDigits: 0 }),
        })
      : '',
  ].filter(Boolean);
  return h(
    'label',
    { class: 'article-choice', attrs: { 'data-article': article.id } },
    radio,
    h('bdi', { text: article.title, attrs: { dir: 'auto' } }),
    notes.length > 0 ? h('small', { text: notes.join(' · ') }) : null,
  );
}

async function drawRates(section: HTMLElement, ctx: SectionContext, t: T): Promise<void> {
  const query = new URLSearchParams({ days: String(state.days) });
  if (state.language) query.set('language', state.language);
  const { articles } = await api<{ articles: RateRow[] }>('GET', `/api/editor/helpful?${query.toString()}`);
  const period = select(
    'days',
    [7, 30, 90, 365].map((days) => [String(days), t('last_days', { days })]),
    String(state.days),
  );
  period.addEventListener('change', () => {
    state.days = Number(period.value);
    void attempt(ctx, () => drawRates(section, ctx, t), explainer(t));
  });
  const table = h('table', { class: 'rates' });
  const draw = () => table.replaceChildren(rateHeader(t, draw), rateBody(articles, ctx, t));
  draw();
  section.replaceChildren(
    h('h2', { text: t('rates_title') }),
    h('p', { class: 'muted', text: t('rates_intro') }),
    h('div', { class: 'filters' }, field(t('period'), period)),
    articles.length === 0 ? h('p', { class: 'empty', text: t('no_rates') }) : table,
  );
}

const COLUMNS: readonly [SortKey, InboxWordKey][] = [
  ['article', 'col_article'],
  ['language', 'col_language'],
  ['yes', 'col_yes'],
  ['no', 'col_no'],
  ['rate', 'col_rate'],
];

function rateHeader(t: T, redraw: () => void): HTMLElement {
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...COLUMNS.map(([key, word]) => {
        const sorted = state.sort === key;
        return h(
          'th',
          { attrs: { 'aria-sort': sorted ? (state.ascending ? 'ascending' : 'descending') : 'none' } },
          h(
            'button',
            {
              class: 'sort',
              attrs: { type: 'button', 'data-sort': key },
              on: {
                click: () => {
                  state.ascending = sorted ? !state.ascending : true;
                  state.sort = key;
                  redraw();
                },
              },
            },
            t(word),
            sorted ? (state.ascending ? ' ▲' : ' ▼') : '',
          ),
        );
      }),
    ),
  );
}

function rateBody(rows: readonly RateRow[], ctx: SectionContext, t: T): HTMLElement {
  const value = (row: RateRow): string | number =>
    state.sort === 'article' ? (row.title ?? row.id) : row[state.sort];
  const sorted = [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (state.ascending ? order : -order) || b.no - a.no;
  });
  const n = (v: number) => formatNumber(v, ctx.language);
  return h(
    'tbody',
    {},
    ...sorted.map((row) =>
      h(
        'tr',
        { attrs: { 'data-article': `${row.language}/${row.id}` } },
        h(
          'td',
          {},
          h('a', {
            attrs: { href: `#articles/${row.language}/${row.id}`, dir: 'auto' },
            text: row.title ?? row.id,
          }),
        ),
        h('td', { text: t(`language_${row.language}`) }),
        h('td', { text: n(row.yes) }),
        h('td', { text: n(row.no) }),
        h(
          'td',
          { class: 'rate' },
          h('meter', { attrs: { min: '0', max: '1', value: String(row.rate), low: '0.5', optimum: '1' } }),
          ' ',
          formatNumber(row.rate, ctx.language, { style: 'percent', maximumFractionDigits: 0 }),
        ),
      ),
    ),
  );
}
