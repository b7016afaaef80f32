import { formatDateTime, formatNumber, isolate } from '../shared/locale.ts';
import { api, ApiError } from './api.ts';
import { attempt, type ViewContext } from './context.ts';
import { h, table } from '../shared/dom-builder.ts';

/** A dead-lettered HTTP channel callback, as GET /api/admin/http-callbacks/dead lists it. */
interface DeadRow {
  readonly deliveryId: string;
  readonly conversationId: string;
  readonly url: string;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: number;
}

/**
 * The HTTP channel's dead letters: messages an integrator's callback refused on every attempt, each
 * holding its conversation's later messages; replay (after the callback is fixed) or discard.
 */
export async function renderCallbacks(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const { t, language } = ctx;
  let dead: readonly DeadRow[];
  try {
    ({ dead } = await api<{ dead: DeadRow[] }>('GET', '/api/admin/http-callbacks/dead'));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    root.replaceChildren(h('p', { class: 'muted', text: t('callbacks_off') })); // the routes exist only when on
    return;
  }
  const refresh = () => renderCallbacks(root, ctx);
  const act = (row: DeadRow, action: 'replay' | 'discard') =>
    void attempt(ctx, async () => {
      await api('POST', `/api/admin/http-callbacks/dead/${encodeURIComponent(row.deliveryId)}/${action}`, {});
      ctx.notify(t(action === 'replay' ? 'replayed' : 'discarded'));
      await refresh();
    });
  const rows = dead.map((row) =>
    h(
      'tr',
      { attrs: { 'data-delivery': row.deliveryId } },
      h('td', { text: formatDateTime(row.failedAt, language) }),
      h('td', { attrs: { dir: 'ltr' }, text: row.deliveryId }),
      h('td', { attrs: { dir: 'ltr' }, text: row.url }),
      h('td', { text: formatNumber(row.attempts, language) }),
      h('td', { text: isolate(row.error) }),
      h(
        'td',
        {},
        h('button', {
          text: t('replay'),
          attrs: { type: 'button', name: 'replay' },
          on: { click: () => act(row, 'replay') },
        }),
        h('button', {
          class: 'danger',
          text: t('discard'),
          attrs: { type: 'button', name: 'discard' },
          on: { click: () => act(row, 'discard') },
        }),
      ),
    ),
  );
  root.replaceChildren(
    h('p', { class: 'intro', text: t('callbacks_intro') }),
    dead.length > 0
      ? table(
          [t('col_at'), t('col_delivery'), t('col_url'), t('col_attempts'), t('col_error'), t('col_actions')],
          rows,
        )
      : h('p', { class: 'muted', text: t('no_dead') }),
  );
}
