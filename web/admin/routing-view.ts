import { isolate } from '../shared/locale.ts';
import { api, type RuleRow } from './api.ts';
import { attempt, type ViewContext } from './context.ts';
import { h, input, select } from '../shared/dom-builder.ts';

/** The routing rules, in order (first match wins): each a condition, a value and a team. */
export async function renderRouting(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const { t } = ctx;
  const [{ rules }, { teams }] = await Promise.all([
    api<{ rules: RuleRow[] }>('GET', '/api/admin/routing'),
    api<{ teams: { name: string }[] }>('GET', '/api/admin/teams'),
  ]);
  const list = h('ol', { class: 'rules' });
  const add = (rule: RuleRow) => {
    const when = select(
      'when',
      (['topic', 'channel', 'site'] as const).map((w) => [w, t(`when_${w}`)]),
      rule.when,
    );
    const item = h(
      'li',
      { class: 'rule' },
      when,
      input('value', rule.value, { dir: 'ltr', 'aria-label': t('col_value') }),
      h('span', { text: '→' }),
      input('team', rule.team, { dir: 'ltr', list: 'rule-teams', 'aria-label': t('col_team') }),
    );
    item.append(
      h('button', {
        text: t('move_up'),
        attrs: { type: 'button', name: 'up' },
        on: { click: () => item.previousElementSibling?.before(item) },
      }),
      h('button', {
        class: 'danger',
        text: t('remove'),
        attrs: { type: 'button', name: 'remove' },
        on: { click: () => item.remove() },
      }),
    );
    list.append(item);
  };
  for (const rule of rules) add(rule);
  const form = h(
    'form',
    { class: 'card', attrs: { name: 'routing' } },
    h('p', { class: 'intro', text: t('routing_intro') }),
    rules.length === 0 ? h('p', { class: 'muted', text: t('no_rules') }) : null,
    list,
    h('button', {
      text: t('add_rule'),
      attrs: { type: 'button', name: 'add' },
      on: { click: () => add({ when: 'topic', value: '', team: 'default' }) },
    }),
    h('button', { text: t('save'), attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = [...list.querySelectorAll('li')].map((item) => ({
      when: (item.querySelector('[name=when]') as HTMLSelectElement).value,
      value: (item.querySelector('[name=value]') as HTMLInputElement).value.trim(),
      team: (item.querySelector('[name=team]') as HTMLInputElement).value.trim(),
    }));
    void attempt(ctx, async () => {
      await api('PUT', '/api/admin/routing', { rules: next });
      ctx.notify(t('saved'));
      await renderRouting(root, ctx);
    });
  });
  root.replaceChildren(
    h(
      'datalist',
      { attrs: { id: 'rule-teams' } },
      ...['default', ...teams.map((x) => x.name)].map((name) =>
        h('option', { attrs: { value: name }, text: isolate(name) }),
      ),
    ),
    form,
  );
}
