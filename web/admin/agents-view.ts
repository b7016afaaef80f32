import { isActive } from '../../src/agents/agent.ts';
import { toAsciiDigits } from '../../src/language/digits.ts';
import { formatNumber, isolate } from '../shared/locale.ts';
import { api, type AgentRow, type Lang, type Role } from './api.ts';
import { attempt, type ViewContext } from './context.ts';
import { field, h, input, select, table } from '../shared/dom-builder.ts';

const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin', 'editor'];
const LANGS: readonly Lang[] = ['fa', 'ar', 'en'];

/**
 * The agents: a list with presence (or a "deactivated" badge), a form to create one, and per agent edit, new
 * password, deactivate or reactivate (each asked to confirm) and remove.
 */
export async function renderAgents(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const { t, language } = ctx;
  const [{ agents }, { teams }] = await Promise.all([
    api<{ agents: AgentRow[] }>('GET', '/api/admin/agents'),
    api<{ teams: { name: string }[] }>('GET', '/api/admin/teams'),
  ]);
  const teamNames = [
    ...new Set(['default', ...teams.map((team) => team.name), ...agents.map((a) => a.team)]),
  ];
  const refresh = () => renderAgents(root, ctx);

  const rows = agents.map((agent) =>
    h(
      'tr',
      { class: isActive(agent) ? '' : 'deactivated', attrs: { 'data-agent': agent.id } },
      h('td', { attrs: { dir: 'ltr' }, text: agent.id }),
      h('td', { attrs: { dir: 'auto' }, text: agent.name }),
      h('td', { text: t(`role_${agent.role}`) }),
      h('td', { text: agent.languages.map((l) => t(`lang_${l}`)).join('، ') }),
      h('td', { attrs: { dir: 'ltr' }, text: agent.skills.join(', ') }),
      h('td', { text: formatNumber(agent.capacity, language) }),
      h('td', { text: isolate(agent.team) }),
      isActive(agent)
        ? h('td', { class: `status ${agent.presence.status}`, text: t(`status_${agent.presence.status}`) })
        : h('td', { class: 'status' }, h('span', { class: 'badge', text: t('status_deactivated') })),
      h(
        'td',
        { class: 'actions' },
        h('button', {
          text: t('edit'),
          attrs: { type: 'button', name: 'edit' },
          on: { click: () => edit(agent) },
        }),
        h('button', {
          text: t('reset_password'),
          attrs: { type: 'button', name: 'password' },
          on: { click: () => password(agent) },
        }),
        isActive(agent)
          ? h('button', {
              class: 'danger',
              text: t('deactivate'),
              attrs: { type: 'button', name: 'deactivate' },
              on: { click: () => deactivate(agent) },
            })
          : h('button', {
              text: t('reactivate'),
              attrs: { type: 'button', name: 'reactivate' },
              on: { click: () => reactivate(agent) },
            }),
        h('button', {
          class: 'danger',
          text: t('remove'),
          attrs: { type: 'button', name: 'remove' },
          on: { click: () => remove(agent) },
        }),
      ),
    ),
  );

  const editor = h('div', { class: 'editor' });
  root.replaceChildren(
    h(
      'datalist',
      { attrs: { id: 'team-names' } },
      ...teamNames.map((name) => h('option', { attrs: { value: name } })),
    ),
    agents.length > 0
      ? table(
          [
            t('col_id'),
            t('col_name'),
            t('col_role'),
            t('col_languages'),
            t('col_skills'),
            t('col_capacity'),
            t('col_team'),
            t('col_status'),
            t('col_actions'),
          ],
          rows,
        )
      : h('p', { text: t('no_agents') }),
    editor,
    agentForm(ctx, undefined, async (body) => {
      await api('POST', '/api/admin/agents', body);
      ctx.notify(t('created', { id: isolate(String(body.id)) }));
      await refresh();
    }),
  );

  function edit(agent: AgentRow): void {
    editor.replaceChildren(
      agentForm(ctx, agent, async (body) => {
        await api('PATCH', `/api/admin/agents/${encodeURIComponent(agent.id)}`, body);
        ctx.notify(t('saved'));
        await refresh();
      }),
    );
  }

  function password(agent: AgentRow): void {
    const box = input('password', '', { type: 'password', autocomplete: 'new-password', dir: 'ltr' });
    const form = h(
      'form',
      { class: 'card' },
      h('h3', { text: `${t('reset_password')}: ${isolate(agent.id)}` }),
      field(t('field_password'), box),
      h('button', { text: t('save'), attrs: { type: 'submit' } }),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void attempt(ctx, async () => {
        await api('POST', `/api/admin/agents/${encodeURIComponent(agent.id)}/password`, {
          password: box.value,
        });
        ctx.notify(t('password_set'));
        editor.replaceChildren();
      });
    });
    editor.replaceChildren(form);
  }

  function deactivate(agent: AgentRow): void {
    if (!window.confirm(t('confirm_deactivate', { id: isolate(agent.id) }))) return;
    void attempt(ctx, async () => {
      await api('POST', `/api/admin/agents/${encodeURIComponent(agent.id)}/deactivate`, {});
      await refresh();
      ctx.notify(t('deactivated', { id: isolate(agent.id) }));
    });
  }

  function reactivate(agent: AgentRow): void {
    if (!window.confirm(t('confirm_reactivate', { id: isolate(agent.id) }))) return;
    void attempt(ctx, async () => {
      await api('POST', `/api/admin/agents/${encodeURIComponent(agent.id)}/reactivate`, {});
      await refresh();
      ctx.notify(t('reactivated', { id: isolate(agent.id) }));
    });
  }

  function remove(agent: AgentRow): void {
    if (!window.confirm(t('confirm_remove', { id: isolate(agent.id) }))) return;
    void attempt(ctx, async () => {
      await api('DELETE', `/api/admin/agents/${encodeURIComponent(agent.id)}`);
      ctx.notify(t('removed'));
      await refresh();
    });
  }
}

/** The create form (no agent) or the edit form of one agent. */
function agentForm(
  ctx: ViewContext,
  agent: AgentRow | undefined,
  submit: (body: Record<string, unknown>) => Promise<void>,
): HTMLFormElement {
  const { t } = ctx;
  const id = input('id', agent?.id ?? '', { dir: 'ltr', autocomplete: 'off' });
  const name = input('name', agent?.name ?? '', { dir: 'auto' });
  const password = input('password', '', { type: 'password', autocomplete: 'new-password', dir: 'ltr' });
  const role = select(
    'role',
    ROLES.map((r) => [r, t(`role_${r}`)]),
    agent?.role ?? 'agent',
  );
  const languages = LANGS.map((l) => {
    const box = h('input', { attrs: { type: 'checkbox', name: `lang-${l}`, value: l } });
    box.checked = agent ? agent.languages.includes(l) : l === ctx.language;
    return h('label', { class: 'check' }, box, h('span', { text: t(`lang_${l}`) }));
  });
  const skills = input('skills', agent?.skills.join(', ') ?? '', { dir: 'ltr' });
  const capacity = input('capacity', String(agent?.capacity ?? 3), { inputmode: 'numeric', dir: 'ltr' });
  const team = input('team', agent?.team ?? 'default', { dir: 'ltr', list: 'team-names' });
  const form = h(
    'form',
    { class: 'card', attrs: { name: agent ? 'edit-agent' : 'new-agent' } },
    h('h3', { text: agent ? `${t('edit')}: ${isolate(agent.id)}` : t('new_agent') }),
    h(
      'div',
      { class: 'grid' },
      agent ? null : field(t('col_id'), id),
      field(t('col_name'), name),
      agent ? null : field(t('field_password'), password),
      field(t('col_role'), role),
      h('fieldset', {}, h('legend', { text: t('col_languages') }), ...languages),
      field(t('col_skills'), skills, t('skills_hint')),
      field(t('col_capacity'), capacity),
      field(t('col_team'), team),
    ),
    h('button', { text: agent ? t('save') : t('create'), attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      name: name.value.trim(),
      role: role.value,
      languages: LANGS.filter((_, i) => (languages[i]?.querySelector('input') as HTMLInputElement).checked),
      skills: skills.value
        .split(/[,،\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      capacity: Number(toAsciiDigits(capacity.value.trim())),
      team: team.value.trim(),
    };
    if (!agent) Object.assign(body, { id: id.value.trim(), password: password.value });
    void attempt(ctx, () => submit(body));
  });
  return form;
}
