/**
 * The supervisor's dashboard (/supervisor/): the line and the agents now (GET /api/reports/live, every few
 * seconds) and the trends of a period as charts (GET /api/reports/summary). Persian, Arabic or English: the
 * reader's choice (kept in localStorage), else the browser's; right to left, digits and calendar as the
 * reader expects (web/shared/locale.ts).
 */
import { languagePicker, startingLanguage } from '../shared/language-choice.ts';
import { h } from '../shared/dom-builder.ts';
import { applyLanguage, translator, type UiLanguage } from '../shared/locale.ts';
import { ApiError } from './api.ts';
import type { DashboardContext } from './context.ts';
import { ConversationsDialog } from './conversations-dialog.ts';
import { startLive } from './live-view.ts';
import { TrendsView } from './trends-view.ts';
import { WORDS } from './words.ts';

const LANGUAGE_KEY = 'hamdel.supervisor.language';
let stopLive: (() => void) | undefined;

function start(language: UiLanguage): void {
  stopLive?.();
  applyLanguage(document.documentElement, language);
  const t = translator(WORDS, language);
  document.title = `${t('title')} · hamdel`;
  const ctx: DashboardContext = { language, t };
  const notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  const onError = (error: unknown) => {
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
    notice.textContent = t('error', { message });
    notice.className = 'notice error';
  };
  const names = { fa: WORDS.fa.lang_fa, ar: WORDS.ar.lang_ar, en: WORDS.en.lang_en };
  const picker = languagePicker('ui-language', names, language, LANGUAGE_KEY, start);
  const live = h(
    'section',
    { class: 'live', attrs: { id: 'live' } },
    h('p', { class: 'muted', text: t('loading') }),
  );
  const trendsRoot = h('section', { class: 'trends', attrs: { id: 'trends' } });
  document.body.replaceChildren(
    h(
      'header',
      {},
      h('h1', { text: t('title') }),
      h('a', { class: 'to-agent', text: t('to_agent_console'), attrs: { href: '/agent/' } }),
      h('label', { class: 'language' }, h('span', { text: t('language') }), picker),
    ),
    notice,
    h('main', {}, h('h2', { text: t('live') }), live, trendsRoot),
  );
  const dialog = new ConversationsDialog(ctx);
  document.body.append(dialog.element);
  const trends = new TrendsView(trendsRoot, ctx, dialog, onError);
  stopLive = startLive(
    live,
    ctx,
    (title, rows, opener) =>
      dialog.openRows(
        title,
        rows.map((w) => ({
          conversationId: w.conversationId,
          at: new Date(w.enqueuedAt).toISOString(),
          channel: w.channel ?? '',
          language: w.language,
          team: w.team,
          value: w.waitMs / 1000,
        })),
        'seconds',
        opener,
      ),
    (state) => {
      if (notice.classList.contains('error')) {
        notice.textContent = '';
        notice.className = 'notice';
      }
      trends.setNow(state.at);
    },
    onError,
  );
}

start(startingLanguage(LANGUAGE_KEY));
