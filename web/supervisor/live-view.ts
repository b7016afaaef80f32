/**
 * The live part of the dashboard: tiles and two tables, from GET /api/reports/live every few seconds. The
 * line's figures (waiting, longest wait, angry customers, each line's count) are buttons that list the
 * customers they count (the live state's `waitingNow`), each conversation opening read-only. A figure that
 * had the focus keeps it when the tiles are drawn again.
 */
import { h, table } from '../shared/dom-builder.ts';
import { formatDateTime, formatNumber, isolate } from '../shared/locale.ts';
import { getJson, type LiveState } from './api.ts';
import { joined, type DashboardContext } from './context.ts';

export const LIVE_REFRESH_MS = 5_000;

/** "3 min" or "40 s" in the reader's digits. */
export function duration(ms: number, ctx: DashboardContext): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return ctx.t('seconds', { n: seconds });
  return ctx.t('minutes', { n: Math.round(seconds / 6) / 10 });
}

/** Lists customers waiting now: a title, which of them, and the button that asked. */
export type OpenWaiting = (title: string, rows: LiveState['waitingNow'], opener: HTMLElement) => void;

/** A figure of the line as a button that lists the customers it counts. */
function figureButton(
  key: string,
  text: string,
  open: () => void,
  attrs: Readonly<Record<string, string>> = {},
): HTMLButtonElement {
  return h('button', {
    class: 'live-figure',
    text,
    attrs: { type: 'button', 'data-focus-key': key, ...attrs },
    on: { click: open },
  });
}

function tile(name: string, label: string, value: string | HTMLElement, link?: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'tile', attrs: { 'data-tile': name } },
    h('span', { class: 'label', text: label }),
    typeof value === 'string'
      ? h('strong', { class: 'value', text: value })
      : h('strong', { class: 'value' }, value),
    link ?? null,
  );
}

function render(root: HTMLElement, live: LiveState, ctx: DashboardContext, openWaiting: OpenWaiting): void {
  const n = (value: number) => formatNumber(value, ctx.language);
  const focused = root.contains(document.activeElement)
    ? (document.activeElement as HTMLElement).getAttribute('data-focus-key')
    : null;
  const list = (key: string, title: string, rows: LiveState['waitingNow'], text: string, label?: string) => {
    const button: HTMLButtonElement = figureButton(key, text, () => openWaiting(title, rows, button), {
      ...(label ? { 'aria-label': label } : {}),
    });
    return button;
  };
  const waiting = live.waitingNow;
  const consoleLink = live.longestWaitingId
    ? h('a', { class: 'more', text: ctx.t('open_longest'), attrs: { href: '/agent/' } })
    : undefined;
  const lines = live.lines.map((line) => {
    const key = `${line.team}.${line.language}`;
    const inLine = waiting.filter((w) => w.team === line.team && w.language === line.language);
    const title = joined([ctx.t('waiting'), isolate(line.team), ctx.t(`lang_${line.language}`)], ctx);
    const angryTitle = joined(
      [ctx.t('angry_waiting'), isolate(line.team), ctx.t(`lang_${line.language}`)],
      ctx,
    );
    return h(
      'tr',
      { attrs: { 'data-line': key } },
      h('td', { text: isolate(line.team) }),
      h('td', { text: ctx.t(`lang_${line.language}`) }),
      h('td', {}, list(`line-${key}`, title, inLine, n(line.waiting), title)),
      h(
        'td',
        {},
        list(
          `angry-${key}`,
          angryTitle,
          inLine.filter((w) => w.angry),
          n(line.angry),
          angryTitle,
        ),
      ),
      h('td', { text: duration(line.longestWaitMs, ctx) }),
    );
  });
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
      tile('waiting', ctx.t('waiting'), list('tile-waiting', ctx.t('waiting'), waiting, n(live.waiting))),
      tile(
        'longest',
        ctx.t('longest_wait'),
        list('tile-longest', ctx.t('longest_wait'), waiting.slice(0, 1), duration(live.longestWaitMs, ctx)),
        consoleLink,
      ),
      tile(
        'angry',
        ctx.t('angry_waiting'),
        list(
          'tile-angry',
          ctx.t('angry_waiting'),
          waiting.filter((w) => w.angry),
          n(live.angryWaiting),
        ),
      ),
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
  if (focused) root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
}

/**
 * Shows the live state in `root` now and every LIVE_REFRESH_MS; `onState` hears each one (the trends use
 * the server's time). Returns a stop function.
 */
export function startLive(
  root: HTMLElement,
  ctx: DashboardContext,
  openWaiting: OpenWaiting,
  onState: (live: LiveState) => void,
  onError: (error: unknown) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const live = await getJson<LiveState>('/api/reports/live');
      if (stopped) return;
      render(root, live, ctx, openWaiting);
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
