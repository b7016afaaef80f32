import { toAsciiDigits } from '../../src/language/digits.ts';
import { isolate, localDigits } from '../shared/locale.ts';
import { api, type TeamRow } from './api.ts';
import { attempt, type ViewContext } from './context.ts';
import { field, h, input, table } from '../shared/dom-builder.ts';

/** The week as the Persian and Arabic calendars start it. */
const DAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** Teams with their timezone, weekly hours and closed dates; a form saves a team's hours (over the file's). */
export async function renderTeams(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const { t, language } = ctx;
  const { teams } = await api<{ teams: TeamRow[] }>('GET', '/api/admin/teams');
  const refresh = () => renderTeams(root, ctx);
  const editor = h('div', { class: 'editor' });

  const weekText = (team: TeamRow) =>
    DAYS.map((day) => {
      const ranges = team.hours.weekly[day] ?? [];
      const text = ranges.length > 0 ? ranges.map(([a, b]) => `${a}–${b}`).join('، ') : t('closed');
      return `${t(`day_${day}`)}: ${localDigits(text, language)}`;
    }).join(' · ');

  const rows = teams.map((team) =>
    h(
      'tr',
      { attrs: { 'data-team': team.name } },
      h('td', { text: isolate(team.name) }),
      h('td', { attrs: { dir: 'ltr' }, text: team.hours.timezone }),
      h('td', { class: 'week', text: weekText(team) }),
      h('td', { text: localDigits((team.hours.closedDates ?? []).join('، '), language) }),
      h('td', { text: t(team.source === 'file' ? 'source_file' : 'source_admin') }),
      h(
        'td',
        { class: 'actions' },
        h('button', {
          text: t('edit'),
          attrs: { type: 'button', name: 'edit' },
          on: { click: () => editor.replaceChildren(teamForm(ctx, team, refresh)) },
        }),
        team.source === 'admin'
          ? h('button', {
              text: t('revert'),
              attrs: { type: 'button', name: 'revert' },
              on: {
                click: () =>
                  void attempt(ctx, async () => {
                    await api('DELETE', `/api/admin/teams/${encodeURIComponent(team.name)}`);
                    ctx.notify(t('saved'));
                    await refresh();
                  }),
              },
            })
          : null,
      ),
    ),
  );
  root.replaceChildren(
    h('p', { class: 'intro', text: t('teams_intro') }),
    table(
      [t('col_team'), t('col_timezone'), t('col_hours'), t('col_closed'), t('col_source'), t('col_actions')],
      rows,
    ),
    editor,
    teamForm(ctx, undefined, refresh),
  );
}

function teamForm(ctx: ViewContext, team: TeamRow | undefined, done: () => Promise<void>): HTMLFormElement {
  const { t } = ctx;
  const name = input('team', team?.name ?? '', { dir: 'ltr' });
  const timezone = input('timezone', team?.hours.timezone ?? 'Asia/Tehran', { dir: 'ltr' });
  const days = DAYS.map((day) => {
    const ranges = team?.hours.weekly[day] ?? [];
    return [
      day,
      input(`day-${day}`, ranges.map(([a, b]) => `${a}-${b}`).join(', '), { dir: 'ltr' }),
    ] as const;
  });
  const closed = input('closed', (team?.hours.closedDates ?? []).join(', '), { dir: 'ltr' });
  const form = h(
    'form',
    { class: 'card', attrs: { name: team ? 'edit-team' : 'new-team' } },
    h('h3', { text: team ? `${t('edit')}: ${isolate(team.name)}` : t('new_team') }),
    h(
      'div',
      { class: 'grid' },
      team ? null : field(t('team_name'), name),
      field(t('col_timezone'), timezone),
      ...days.map(([day, box]) => field(t(`day_${day}`), box, t('hours_hint'))),
      field(t('col_closed'), closed, t('closed_hint')),
    ),
    h('button', { text: t('save'), attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const weekly: Record<string, [string, string][]> = {};
    for (const [day, box] of days) {
      const ranges = toAsciiDigits(box.value)
        .split(/[,،]/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => part.split(/\s*[-–]\s*/) as [string, string]);
      if (ranges.length > 0) weekly[day] = ranges;
    }
    const closedDates = toAsciiDigits(closed.value)
      .split(/[,،\s]+/)
      .filter(Boolean);
    const teamName = team?.name ?? name.value.trim();
    void attempt(ctx, async () => {
      await api('PUT', `/api/admin/teams/${encodeURIComponent(teamName)}`, {
        timezone: timezone.value.trim(),
        weekly,
        closedDates,
      });
      ctx.notify(t('saved'));
      await done();
    });
  });
  return form;
}
