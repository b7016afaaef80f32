/**
 * "What would the bot answer?" (section `try`): a question in any language, and what the bot does with
 * it (POST /api/editor/try): its decision, what the customer gets, how it reads the question's words,
 * and its best articles with their confidence and why (the words they share, their nearest example
 * questions). `renderTryPanel` draws the same for a draft beside the published articles, for the
 * articles' editor to mount next to its form.
 */
import type { Language } from '../../src/core/language.ts';
import type { TryOutcome } from '../../src/editor/try-preview.ts';
import type { TryResponse } from '../../src/editor/try-routes.ts';
import type { ArticleDraft } from '../../src/knowledge/draft-base.ts';
import { directionOfLanguage } from '../../src/rich-text/bidi-layout.ts';
import { field, h, select } from '../shared/dom-builder.ts';
import { formatNumber, translator } from '../shared/locale.ts';
import { fillRichText } from '../shared/rich-text.ts';
import { api, ApiError } from './api.ts';
import { attempt, type Section, type SectionContext } from './context.ts';
import { TRY_WORDS, type TryWordKey } from './try-words.ts';

type T = ReturnType<typeof translator<TryWordKey>>;

/** What `renderTryPanel` gives back: `refresh()` asks again (after the draft changed), at most one request at a time. */
export interface TryPanel {
  refresh(): void;
}

/** An article file's id (the server refuses others). */
const FILE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Typing pauses this long before the question is asked by itself. */
const TYPING_PAUSE_MS = 600;

/**
 * A question box and the bot's outcome for it: against the published articles and, when `draft()`
 * gives one, against them with that draft saved, side by side.
 */
export function renderTryPanel(
  root: HTMLElement,
  ctx: SectionContext,
  draft: () => ArticleDraft | undefined,
): TryPanel {
  const t = translator(TRY_WORDS, ctx.language);
  const question = h('textarea', {
    attrs: { name: 'question', dir: 'auto', rows: '2', placeholder: t('question_placeholder') },
  });
  const language = select(
    'language',
    [
      ['', t('language_auto')],
      ['fa', t('lang_fa')],
      ['ar', t('lang_ar')],
      ['en', t('lang_en')],
    ],
    '',
  );
  const button = h('button', { text: t('ask'), attrs: { type: 'submit' } });
  const results = h('div', { class: 'try-results', attrs: { 'aria-live': 'polite' } });
  let running = false;
  let again = false;
  /** Outcomes drawn so far (`data-answered`: a new one is there when it grows). */
  let answered = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const ask = async (): Promise<void> => {
    const text = question.value.trim();
    if (text.length === 0) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    results.setAttribute('aria-busy', 'true');
    button.disabled = true;
    button.textContent = t('asking');
    try {
      const body = {
        question: text,
        ...(language.value ? { language: language.value } : {}),
      };
      // A new article without an id yet (or a half-typed one) is no draft to try.
      const given = draft();
      const current = given && FILE_ID.test(given.id) ? given : undefined;
      await attempt(
        ctx,
        async () => {
          let response: TryResponse;
          let draftError: string | undefined;
          try {
            response = await api<TryResponse>('POST', '/api/editor/try', {
              ...body,
              ...(current ? { draft: current } : {}),
            });
          } catch (error) {
            if (!(error instanceof ApiError) || error.code !== 'DRAFT_INVALID') throw error;
            draftError = String(error.details.reason ?? error.message);
            response = await api<TryResponse>('POST', '/api/editor/try', body);
          }
          results.replaceChildren(...outcomes(response, current !== undefined, draftError, ctx, t));
          answered += 1;
          results.dataset.answered = String(answered);
        },
        (code) => (`err_${code}` in TRY_WORDS.en ? t(`err_${code}` as TryWordKey) : undefined),
      );
    } finally {
      running = false;
      results.removeAttribute('aria-busy');
      button.disabled = false;
      button.textContent = t('ask');
      if (again) {
        again = false;
        void ask();
      }
    }
  };

  const form = h(
    'form',
    {
      class: 'try-form',
      attrs: { name: 'try' },
      on: {
        submit: (event) => {
          event.preventDefault();
          clearTimeout(timer);
          void ask();
        },
      },
    },
    field(t('question'), question),
    field(t('language'), language),
    button,
  );
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  question.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void ask(), TYPING_PAUSE_MS);
  });
  language.addEventListener('change', () => void ask());
  root.classList.add('try-panel');
  root.replaceChildren(form, results);
  return {
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => void ask(), TYPING_PAUSE_MS);
    },
  };
}

/** The published outcome, and the draft's beside it when there is a draft (or why it could not be used). */
function outcomes(
  response: TryResponse,
  withDraft: boolean,
  draftError: string | undefined,
  ctx: SectionContext,
  t: T,
): HTMLElement[] {
  const published = outcomeCard('published', t('published'), response.published, ctx, t);
  if (!withDraft) return [published];
  const draft =
    response.draft !== undefined
      ? outcomeCard('draft', t('with_draft'), response.draft, ctx, t)
      : h(
          'section',
          { class: 'outcome', attrs: { 'data-side': 'draft' } },
          h('h3', { text: t('with_draft') }),
          h('p', { class: 'draft-error', text: t('draft_invalid', { reason: draftError ?? '' }) }),
        );
  return [h('div', { class: 'side-by-side' }, published, draft)];
}

const percent = (value: number, ctx: SectionContext): string =>
  formatNumber(value, ctx.language, { style: 'percent', maximumFractionDigits: 0 });

/** One outcome: the decision, what the customer gets, the words as read, the best articles and why. */
function outcomeCard(
  side: string,
  title: string,
  outcome: TryOutcome,
  ctx: SectionContext,
  t: T,
): HTMLElement {
  const first = outcome.top[0];
  const matched = new Set(first?.why.words ?? []);
  return h(
    'section',
    {
      class: 'outcome',
      attrs: { 'data-side': side, 'data-decision': outcome.decision, 'data-language': outcome.language },
    },
    h('h3', { text: title }),
    h(
      'p',
      { class: `decision decision-${outcome.decision}` },
      h('strong', { text: t(`decision_${outcome.decision}`) }),
      h('span', { text: ` · ${t('read_as', { language: t(`lang_${outcome.language}`) })}` }),
    ),
    outcome.handled ? h('p', { class: 'handled', text: t(`handled_${outcome.handled}`) }) : null,
    outcome.mood ? h('p', { class: 'mood', text: t(`mood_${outcome.mood}`) }) : null,
    h('h4', { text: t('customer_gets') }),
    h('div', { class: 'replies' }, ...outcome.reply.map((reply) => replyElement(reply, outcome.language))),
    h('h4', { text: t('words_title') }),
    h(
      'p',
      { class: 'words', attrs: { lang: outcome.language } },
      ...outcome.words.map((word) => wordChip(word, matched.has(word.word), ctx, t)),
    ),
    h('small', { text: t('words_hint') }),
    h('h4', { text: t('top_title') }),
    outcome.top.length === 0
      ? h('p', { class: 'muted', text: t('no_articles') })
      : h('ol', { class: 'top' }, ...outcome.top.map((article) => articleItem(article, outcome, ctx, t))),
  );
}

function replyElement(reply: TryOutcome['reply'][number], language: Language): HTMLElement {
  const text = h('div', { class: 'reply-text', attrs: { lang: language } });
  fillRichText(text, reply.text, { fallback: directionOfLanguage(language) });
  return h(
    'div',
    { class: 'reply' },
    text,
    reply.choices && reply.choices.length > 0
      ? h('ul', { class: 'choices' }, ...reply.choices.map((label) => h('li', {}, h('bdi', { text: label }))))
      : null,
  );
}

/** A word of the question: as typed, and what it became when a list or the rewriter changed it. */
function wordChip(
  word: TryOutcome['words'][number],
  matched: boolean,
  ctx: SectionContext,
  t: T,
): HTMLElement {
  const classes = ['word', matched ? 'matched' : '', word.stop ? 'stop' : '', word.how ? 'changed' : '']
    .filter(Boolean)
    .join(' ');
  const typed = word.typed ?? word.from ?? word.word;
  return h(
    'span',
    { class: classes, attrs: { 'data-word': word.word, ...(word.how ? { 'data-how': word.how } : {}) } },
    h('bdi', { text: typed }),
    // "became", in the reader's direction.
    word.how ? h('span', { class: 'arrow', text: ctx.language === 'en' ? ' → ' : ' ← ' }) : null,
    word.how ? h('bdi', { class: 'became', text: word.word }) : null,
    word.how ? h('small', { text: ` (${t(`how_${word.how}`)})` }) : null,
  );
}

function articleItem(
  article: TryOutcome['top'][number],
  outcome: TryOutcome,
  ctx: SectionContext,
  t: T,
): HTMLElement {
  const { why, signals } = article;
  const { language } = outcome;
  // A word as the customer typed it when nothing changed it (the index reads it folded: ة as ه...).
  const typed = new Map(
    outcome.words.flatMap((w) => (w.how === undefined && w.typed ? [[w.word, w.typed]] : [])),
  );
  const chips = (words: readonly string[], kind: string) =>
    words
      .map((word) => typed.get(word) ?? word)
      .map((word) =>
        h('span', { class: `word ${kind}`, attrs: { lang: language } }, h('bdi', { text: word })),
      );
  const tip = signals
    ? t('signals', {
        probability: signals.probability === undefined ? '–' : percent(signals.probability, ctx),
        similarity: percent(signals.similarity, ctx),
        coverage: percent(signals.coverage, ctx),
      })
    : '';
  return h(
    'li',
    { attrs: { 'data-article': article.id } },
    h(
      'p',
      { class: 'article-line' },
      h(
        'a',
        { attrs: { href: `#articles/${language}/${article.id}`, lang: language } },
        h('bdi', { text: article.title }),
      ),
      h('bdi', { class: 'article-id', attrs: { dir: 'ltr' }, text: article.id }),
      h(
        'span',
        { class: 'score', attrs: { title: tip } },
        h('meter', { attrs: { min: '0', max: '1', value: String(article.score) } }),
        h('span', { text: percent(article.score, ctx) }),
      ),
    ),
    why.words.length > 0 || why.partly.length > 0
      ? h(
          'p',
          { class: 'shared' },
          why.words.length > 0 ? h('span', { text: t('shared_words') }) : null,
          ...chips(why.words, 'matched'),
          why.partly.length > 0 ? h('span', { text: t('partly_words') }) : null,
          ...chips(why.partly, 'partly'),
        )
      : h('p', { class: 'muted', text: t('no_shared_words') }),
    why.questions.length > 0
      ? h(
          'div',
          { class: 'nearest' },
          h('span', { text: t('nearest_questions') }),
          h(
            'ul',
            {},
            ...why.questions.map((q) =>
              h(
                'li',
                {},
                h('bdi', { attrs: { dir: 'auto', lang: language }, text: q.text }),
                h('small', { text: ` ${t('similarity', { value: percent(q.similarity, ctx) })}` }),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted', text: t('no_near_questions') }),
  );
}

/** The section: the panel, with a draft the editor may paste to compare (the articles' editor gives its own). */
export const renderTry: Section = async (root, ctx) => {
  const t = translator(TRY_WORDS, ctx.language);
  const draftLanguage = select(
    'draft-language',
    [
      ['fa', t('lang_fa')],
      ['ar', t('lang_ar')],
      ['en', t('lang_en')],
    ],
    ctx.language,
  );
  const draftId = h('input', { attrs: { name: 'draft-id', dir: 'ltr', spellcheck: 'false' } });
  const draftText = h('textarea', {
    attrs: { name: 'draft-text', dir: 'auto', rows: '12', spellcheck: 'false' },
  });
  const panel = h('div');
  const compare = h(
    'details',
    { class: 'draft-compare' },
    h('summary', { text: t('draft_compare') }),
    h('p', { class: 'muted', text: t('draft_hint') }),
    h('div', { class: 'grid' }, field(t('draft_language'), draftLanguage), field(t('draft_id'), draftId)),
    field(t('draft_text'), draftText),
  );
  root.replaceChildren(
    h('h2', { text: t('try_title') }),
    h('p', { class: 'muted', text: t('try_intro') }),
    panel,
    compare,
  );
  const tryPanel = renderTryPanel(panel, ctx, () => {
    const text = draftText.value;
    const id = draftId.value.trim();
    if (text.trim().length === 0 || id.length === 0) return undefined;
    return { language: draftLanguage.value as Language, id, text };
  });
  for (const control of [draftLanguage, draftId, draftText]) {
    control.addEventListener('input', () => tryPanel.refresh());
  }
};
