import { isolate } from '../shared/locale.ts';
import { api, type AgentRow } from './api.ts';
import { attempt, type ViewContext } from './context.ts';
import { field, h, input, select, table } from '../shared/dom-builder.ts';

/** Slack users linked to agents: the list with unlink, and a form to link one more. */
export async function renderSlack(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const { t } = ctx;
  const [{ links }, { agents }] = await Promise.all([
    api<{ links: { slackUser: string; agentId: string }[] }>('GET', '/api/admin/slack-links'),
    api<{ agents: AgentRow[] }>('GET', '/api/admin/agents'),
  ]);
  const refresh = () => renderSlack(root, ctx);
  const rows = links.map((link) =>
    h(
      'tr',
      { attrs: { 'data-slack-user': link.slackUser } },
      h('td', { attrs: { dir: 'ltr' }, text: link.slackUser }),
      h('td', { text: isolate(link.agentId) }),
      h(
        'td',
        {},
        h('button', {
          class: 'danger',
          text: t('remove'),
          attrs: { type: 'button', name: 'unlink' },
          on: {
            click: () =>
              void attempt(ctx, async () => {
                await api('DELETE', `/api/admin/slack-links/${encodeURIComponent(link.slackUser)}`);
                ctx.notify(t('removed'));
                await refresh();
              }),
          },
        }),
      ),
    ),
  );
  const user = input('slack-user', '', { dir: 'ltr', placeholder: 'U0123ABCD' });
  const agent = select(
    'agent',
    agents.map((a) => [a.id, `${a.name} (${a.id})`]),
    agents[0]?.id ?? '',
  );
  const form = h(
    'form',
    { class: 'card', attrs: { name: 'slack-link' } },
    h('div', { class: 'grid' }, field(t('col_slack_user'), user), field(t('nav_agents'), agent)),
    h('button', { text: t('link'), attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(ctx, async () => {
      await api('PUT', `/api/admin/slack-links/${encodeURIComponent(user.value.trim())}`, {
        agentId: agent.value,
      });
      ctx.notify(t('saved'));
      await refresh();
    });
  });
  root.replaceChildren(
    h('p', { class: 'intro', text: t('slack_intro') }),
    links.length > 0
      ? table([t('col_slack_user'), t('col_id'), t('col_actions')], rows)
      : h('p', { class: 'muted', text: t('no_links') }),
    form,
  );
}
