/**
 * The supervisor's dashboard (/supervisor/): the line and the agents now (GET /api/reports/live, every few
 * seconds) and the trends of a period as charts (GET /api/reports/summary). Persian, Arabic or English: the
 * reader's choice (kept in localStorage), else the browser's; right to left, digits and calendar as the
 * reader expects (web/shared/locale.ts).
 */
import { h, select } from '../admin/dom.ts';
import {
  applyLanguage,
  isUiLanguage,
  preferredLanguage,
  translator,
  type UiLanguage,
} from '../shared/locale.ts';
import { ApiError } from './api.ts';
import type { DashboardContext } from './context.ts';
import { startLive } from './live-view.ts';
import { TrendsView } from './trends-view.ts';
import { WORDS, type WordKey } from './words.ts';

const LANGUAGE_KEY = 'hamdel.supervisor.language';
let stopLive: (() => void) | undefined;

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

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
  const picker = select(
    'ui-language',
    (['fa', 'ar', 'en'] as const).map((l) => [l, WORDS[l][`lang_${l}` as WordKey]]),
    language,
  );
  picker.addEventListener('change', () => {
    if (!isUiLanguage(picker.value)) return;
    try {
      localStorage.setItem(LANGUAGE_KEY, picker.value);
    } catch {
      // a private window: the choice lasts for this page only
    }
    start(picker.value);
  });
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
  const trends = new TrendsView(trendsRoot, ctx, onError);
  stopLive = startLive(
    live,
    ctx,
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

start(preferredLanguage(savedLanguage(), navigator.languages ?? [navigator.language]));
