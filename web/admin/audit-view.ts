import { formatDateTime, isolate } from '../shared/locale.ts';
import { api, type AuditRow } from './api.ts';
import type { ViewContext } from './context.ts';
import { h, table } from '../shared/dom-builder.ts';
import { WORDS, type WordKey } from './words.ts';

/** The latest changes, newest first: when, who (an admin or a command line), what, on what, and the details as JSON. */
export async function renderAudit(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const { t, language } = ctx;
  const { entries } = await api<{ entries: AuditRow[] }>('GET', '/api/admin/audit?limit=200');
  if (entries.length === 0) {
    root.replaceChildren(h('p', { text: t('no_audit') }));
    return;
  }
  const rows = entries.map((entry) =>
    h(
      'tr',
      { attrs: { 'data-action': entry.action } },
      h('td', { text: formatDateTime(entry.at, language) }),
      h('td', { text: byLabel(ctx, entry.by) }),
      h('td', { text: actionLabel(ctx, entry.action) }),
      h('td', { text: isolate(entry.target) }),
      h(
        'td',
        { class: 'details' },
        h('code', { attrs: { dir: 'ltr' }, text: JSON.stringify(entry.details) }),
      ),
    ),
  );
  root.replaceChildren(
    table([t('col_at'), t('col_by'), t('col_action'), t('col_target'), t('col_details')], rows),
  );
}

/** An admin's id, or "command line (user)" for a change made with `npm run agent:…` (`cli:<user>`). */
function byLabel(ctx: ViewContext, by: string): string {
  return by.startsWith('cli:') ? ctx.t('by_cli', { user: isolate(by.slice(4)) }) : isolate(by);
}

function actionLabel(ctx: ViewContext, action: string): string {
  const key = `action_${action.replaceAll('-', '_')}`;
  return key in WORDS.en ? ctx.t(key as WordKey) : action;
}
