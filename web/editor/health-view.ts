/**
 * The knowledge base's health (section `health`, GET /api/editor/health): per language, every example
 * question asked without itself (answered with its own article, with another one, or not at all), the
 * questions that lead to another article, near-duplicate articles and articles with too few questions.
 * Each article links to its place in the articles section (`#articles/<lang>/<id>`).
 */
import type { Language } from '../../src/core/language.ts';
import type { HealthResponse } from '../../src/editor/health-routes.ts';
import type { ArticleRef, HealthReport } from '../../src/knowledge/health.ts';
import { field, h, select, table } from '../shared/dom-builder.ts';
import { formatNumber, translator } from '../shared/locale.ts';
import { api } from './api.ts';
import { attempt, type Section, type SectionContext } from './context.ts';
import { HEALTH_WORDS, type HealthWordKey } from './health-words.ts';

type T = ReturnType<typeof translator<HealthWordKey>>;

export const renderHealth: Section = async (root, ctx) => {
  const t = translator(HEALTH_WORDS, ctx.language);
  const language = select(
    'language',
    [
      ['fa', t('lang_fa')],
      ['ar', t('lang_ar')],
      ['en', t('lang_en')],
    ],
    ctx.language,
  );
  const report = h('div', { class: 'health-report', attrs: { 'aria-live': 'polite' } });
  const again = h('button', { text: t('check_again'), attrs: { type: 'button', name: 'check-again' } });
  const load = async (): Promise<void> => {
    report.replaceChildren(h('p', { class: 'muted', text: t('computing') }));
    again.disabled = true;
    try {
      await attempt(
        ctx,
        async () => {
          const asked = language.value as Language;
          const { reports } = await api<HealthResponse>('GET', `/api/editor/health?language=${asked}`);
          const found = reports[0];
          // The reader may have picked another language meanwhile: that one's answer draws.
          if (found && language.value === asked) report.replaceChildren(...reportElements(found, ctx, t));
        },
        (code) => (`err_${code}` in HEALTH_WORDS.en ? t(`err_${code}` as HealthWordKey) : undefined),
      );
    } finally {
      again.disabled = false;
    }
  };
  language.addEventListener('change', () => void load());
  again.addEventListener('click', () => void load());
  root.replaceChildren(
    h('h2', { text: t('health_title') }),
    h('p', { class: 'muted', text: t('health_intro') }),
    h('div', { class: 'actions health-controls' }, field(t('language'), language), again),
    report,
  );
  await load();
};

const percent = (part: number, whole: number, ctx: SectionContext): string =>
  formatNumber(whole === 0 ? 0 : part / whole, ctx.language, { style: 'percent', maximumFractionDigits: 0 });

function articleLink(language: Language, article: ArticleRef): HTMLElement {
  return h(
    'a',
    { attrs: { href: `#articles/${language}/${article.id}`, lang: language, 'data-article': article.id } },
    h('bdi', { text: article.title }),
  );
}

function reportElements(report: HealthReport, ctx: SectionContext, t: T): HTMLElement[] {
  const { language, leaveOneOut: loo, limits } = report;
  const n = (value: number) => formatNumber(value, ctx.language);
  const score = (value: number) =>
    formatNumber(value, ctx.language, { style: 'percent', maximumFractionDigits: 0 });
  const figure = (kind: string, label: string, count: number) =>
    h(
      'div',
      { class: `figure ${kind}`, attrs: { 'data-figure': kind } },
      h('strong', { text: n(count) }),
      h('span', { text: ` (${percent(count, loo.asked, ctx)}) ` }),
      h('span', { text: label }),
    );
  const bar = h(
    'div',
    { class: 'loo-bar', attrs: { 'aria-hidden': 'true' } },
    ...(['right', 'wrong', 'abstained'] as const).map((kind) => {
      const part = h('span', { class: kind });
      // Through the CSSOM: the page's content security policy forbids style attributes.
      part.style.inlineSize = `${loo.asked === 0 ? 0 : (100 * loo[kind]) / loo.asked}%`;
      return part;
    }),
  );
  const conflicts = report.conflicts.map((c) =>
    h(
      'tr',
      { attrs: { 'data-conflict': c.article.id } },
      h('td', {}, h('bdi', { attrs: { dir: 'auto', lang: language }, text: c.question })),
      h('td', {}, articleLink(language, c.article)),
      h('td', {}, articleLink(language, c.answeredBy)),
      h('td', { text: score(c.score) }),
    ),
  );
  const duplicates = report.nearDuplicates.map((d) =>
    h(
      'tr',
      { attrs: { 'data-pair': `${d.a.id} ${d.b.id}` } },
      h('td', {}, articleLink(language, d.a)),
      h('td', {}, articleLink(language, d.b)),
      h('td', { text: score(d.similarity) }),
      h('td', { text: score(d.textSimilarity) }),
    ),
  );
  const thin = report.thin.map((item) =>
    h(
      'tr',
      { attrs: { 'data-thin': item.article.id } },
      h('td', {}, articleLink(language, item.article)),
      h('td', { text: n(item.questions) }),
    ),
  );
  return [
    h('p', {
      class: 'summary',
      text: t('summary', { articles: report.articles, questions: report.questions }),
    }),
    h(
      'section',
      { class: 'card loo', attrs: { 'data-health': 'leave-one-out' } },
      h('h3', { text: t('loo_title') }),
      bar,
      figure('right', t('loo_right'), loo.right),
      figure('wrong', t('loo_wrong'), loo.wrong),
      figure('abstained', t('loo_abstained'), loo.abstained),
    ),
    h(
      'section',
      { class: 'card', attrs: { 'data-health': 'conflicts' } },
      h('h3', { text: `${t('conflicts_title')} (${n(conflicts.length)})` }),
      conflicts.length === 0
        ? h('p', { class: 'muted', text: t('conflicts_none') })
        : h(
            'div',
            {},
            h('p', { class: 'muted', text: t('conflicts_hint') }),
            table([t('col_question'), t('col_own'), t('col_other'), t('col_confidence')], conflicts),
          ),
    ),
    h(
      'section',
      { class: 'card', attrs: { 'data-health': 'near-duplicates' } },
      h('h3', { text: `${t('dups_title')} (${n(duplicates.length)})` }),
      h('p', {
        class: 'muted',
        text: t('dups_hint', { whole: score(limits.nearDuplicate), text: score(limits.sameText) }),
      }),
      duplicates.length === 0
        ? h('p', { class: 'muted', text: t('dups_none') })
        : table([t('col_first'), t('col_second'), t('col_all_texts'), t('col_own_texts')], duplicates),
    ),
    h(
      'section',
      { class: 'card', attrs: { 'data-health': 'thin' } },
      h('h3', { text: `${t('thin_title')} (${n(thin.length)})` }),
      h('p', { class: 'muted', text: t('thin_hint', { min: limits.minQuestions }) }),
      thin.length === 0
        ? h('p', { class: 'muted', text: t('thin_none') })
        : table([t('col_article'), t('col_questions')], thin),
    ),
  ];
}
