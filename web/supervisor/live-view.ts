/** The live part of the dashboard: tiles and two tables, from GET /api/reports/live every few seconds. */
import { h, table } from '../shared/dom-builder.ts';
import { formatDateTime, formatNumber, isolate } from '../shared/locale.ts';
import { getJson, type LiveState } from './api.ts';
import type { DashboardContext } from './context.ts';

export const LIVE_REFRESH_MS = 5_000;

/** "3 min" or "40 s" in the reader's digits. */
export function duration(ms: number, ctx: DashboardContext): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return ctx.t('seconds', { n: seconds });
  return ctx.t('minutes', { n: Math.round(seconds / 6) / 10 });
}

function tile(name: string, label: string, value: string, link?: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'tile', attrs: { 'data-tile': name } },
    h('span', { class: 'label', text: label }),
    h('strong', { class: 'value', text: value }),
    link ?? null,
  );
}

function render(root: HTMLElement, live: LiveState, ctx: DashboardContext): void {
  const n = (value: number) => formatNumber(value, ctx.language);
  const consoleLink = live.longestWaitingId
    ? h('a', { class: 'more', text: ctx.t('open_longest'), attrs: { href: '/agent/' } })
    : undefined;
  const lines = live.lines.map((line) =>
    h(
      'tr',
      { attrs: { 'data-line': `${line.team}.${line.language}` } },
      h('td', { text: isolate(line.team) }),
      h('td', { text: ctx.t(`lang_${line.language}`) }),
      h('td', { text: n(line.waiting) }),
      h('td', { text: n(line.angry) }),
      h('td', { text: duration(line.longestWaitMs, ctx) }),
    ),
  );
  const people = live.people.map((p) =>
    h(
      'tr',
      { attrs: { 'data-agent': p.id } },
      h('td', { text: p.name }),
      h('td', { text: isolate(p.team) }),
      h('td', { class: `status ${p.status}`, text: ctx.t(`status_${p.status}`) }),
      h('td', { text: `${n(p.chats)} / ${n(p.capacity)}` }),
    ),
  );
  root.replaceChildren(
    h(
      'div',
      { class: 'tiles' },
      tile('waiting', ctx.t('waiting'), n(live.waiting)),
      tile('longest', ctx.t('longest_wait'), duration(live.longestWaitMs, ctx), consoleLink),
      tile('angry', ctx.t('angry_waiting'), n(live.angryWaiting)),
      tile('online', ctx.t('agents_online'), n(live.agents.online)),
      tile('busy', ctx.t('agents_busy'), n(live.agents.busy)),
      tile('away', ctx.t('agents_away'), n(live.agents.away)),
    ),
    h(
      'div',
      { class: 'pair' },
      lines.length > 0
        ? table(
            [
              ctx.t('col_team'),
              ctx.t('col_language'),
              ctx.t('col_waiting'),
              ctx.t('col_angry'),
              ctx.t('col_longest'),
            ],
            lines,
          )
        : h('p', { class: 'muted', text: ctx.t('nobody_waiting') }),
      people.length > 0
        ? table([ctx.t('col_agent'), ctx.t('col_team'), ctx.t('col_status'), ctx.t('col_load')], people)
        : h('p', { class: 'muted', text: ctx.t('nobody_online') }),
    ),
    h('p', {
      class: 'muted updated',
      text: ctx.t('updated', {
        time: formatDateTime(live.at, ctx.language, { timeStyle: 'medium' }),
      }),
    }),
  );
}

/**
 * Shows the live state in `root` now and every LIVE_REFRESH_MS; `onState` hears each one (the trends use
 * the server's time). Returns a stop function.
 */
export function startLive(
  root: HTMLElement,
  ctx: DashboardContext,
  onState: (live: LiveState) => void,
  onError: (error: unknown) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const live = await getJson<LiveState>('/api/reports/live');
      if (stopped) return;
      render(root, live, ctx);
      onState(live);
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), LIVE_REFRESH_MS);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
