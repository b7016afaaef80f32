/**
 * The trends: a filter bar (period, lines by channel, language or team, one filter), the period's figures at
 * a glance, four charts by day (conversations, deflection rate, first response median and p90, CSAT
 * average), each with the table of its figures and links to the reports API behind it, and a CSV download of
 * the same figures. Every figure, table cell and chart point opens the conversations behind it
 * (conversations-dialog.ts); the table's cells are buttons, so the keyboard reaches them all.
 */
import type { Chart } from 'chart.js';
import { field, h, select, table } from '../shared/dom-builder.ts';
import { formatDay, formatNumber, isolate } from '../shared/locale.ts';
import { getJson, type Figures, type Summary } from './api.ts';
import { lineChart, type Series } from './charts.ts';
import type { ConversationsDialog } from './conversations-dialog.ts';
import { joined, type DashboardContext } from './context.ts';
import { glance } from './glance-view.ts';
import { channelWord, type WordKey } from './words.ts';

const DAY_MS = 86_400_000;
const GROUPS = ['none', 'channel', 'language', 'team'] as const;
type Group = (typeof GROUPS)[number];
const FILTERS = ['channel', 'language', 'team'] as const;
type Filter = (typeof FILTERS)[number];

/** What the reader chose in the filter bar. */
export interface TrendChoice {
  readonly days: 7 | 30;
  readonly group: Group;
  readonly filter?: { readonly name: Filter; readonly value: string };
}

/** One line: its label, its filter, and the figures per day (`YYYY-MM-DD` → figures). */
interface Line {
  readonly label: string;
  readonly filter?: { readonly name: string; readonly value: string };
  readonly byDay: ReadonlyMap<string, Figures>;
}

interface ChartSpec {
  readonly name: string;
  readonly title: WordKey;
  /** The figure whose conversations a day's point or cell opens (its path in the summary). */
  readonly metric: string;
  /** The values of a day; two for median and p90. */
  readonly values: (f: Figures | undefined) => readonly (number | null)[];
  readonly parts?: readonly WordKey[];
  readonly links: (query: string) => readonly [WordKey, string][];
}

const minutes = (ms: number | null | undefined) => (ms == null ? null : Math.round(ms / 600) / 100);

const CHARTS: readonly ChartSpec[] = [
  {
    name: 'volume',
    title: 'chart_volume',
    metric: 'volume.conversations',
    values: (f) => [f ? f.volume.conversations : 0],
    links: (q) => [
      ['figures_behind', `/api/reports/summary?${q}`],
      ['unanswered_behind', `/api/reports/unanswered?${q}`],
    ],
  },
  {
    name: 'deflection',
    title: 'chart_deflection',
    metric: 'deflection.ended',
    values: (f) => [f?.deflection.rate == null ? null : Math.round(f.deflection.rate * 1000) / 10],
    links: (q) => [['figures_behind', `/api/reports/summary?${q}`]],
  },
  {
    name: 'first-response',
    title: 'chart_first_response',
    metric: 'firstResponse.count',
    values: (f) => [minutes(f?.firstResponse.medianMs), minutes(f?.firstResponse.p90Ms)],
    parts: ['median', 'p90'],
    links: (q) => [['figures_behind', `/api/reports/summary?${q}`]],
  },
  {
    name: 'csat',
    title: 'chart_csat',
    metric: 'csat.ratings',
    values: (f) => [f?.csat.average ?? null],
    links: (q) => [['figures_behind', `/api/reports/summary?${q}`]],
  },
];

/** A `YYYY-MM-DD` day as the reader writes it (Persian calendar and digits for Persian). */
function dayLabel(day: string, ctx: DashboardContext): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return formatDay(Date.UTC(y, m - 1, d, 12), ctx.language, 'UTC');
}

function params(values: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) search.set(name, value);
  return search.toString();
}

export class TrendsView {
  private charts: Chart[] = [];
  private choice: TrendChoice = { days: 7, group: 'channel' };
  private now: number | undefined;
  private readonly bar: HTMLFormElement;
  private readonly body = h('div', { class: 'charts' });
  private readonly csv: HTMLAnchorElement;
  private readonly filterValues: Record<Filter, HTMLSelectElement>;

  private readonly glanceBox = h('div', { class: 'glance-box' });

  constructor(
    readonly root: HTMLElement,
    private readonly ctx: DashboardContext,
    private readonly dialog: ConversationsDialog,
    private readonly onError: (error: unknown) => void,
  ) {
    const t = ctx.t;
    const period = select(
      'period',
      [
        ['7', t('period_7')],
        ['30', t('period_30')],
      ],
      '7',
    );
    const group = select(
      'group',
      GROUPS.map((g) => [g, t(`group_${g}`)]),
      this.choice.group,
    );
    this.filterValues = {
      channel: select('channel', [['', t('any')]], ''),
      language: select(
        'language',
        [
          ['', t('any')],
          ...(['fa', 'ar', 'en'] as const).map((l) => [l, t(`lang_${l}`)] as [string, string]),
        ],
        '',
      ),
      team: select('team', [['', t('any')]], ''),
    };
    this.csv = h('a', { class: 'csv', text: t('export_csv'), attrs: { href: '#', download: '' } });
    this.bar = h(
      'form',
      { class: 'filters', attrs: { name: 'filters' } },
      field(t('period'), period),
      field(t('group'), group),
      ...FILTERS.map((name) => field(t(`filter_${name}`), this.filterValues[name])),
      h('button', { text: t('apply'), attrs: { type: 'submit' } }),
      this.csv,
    );
    this.bar.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = FILTERS.find((name) => this.filterValues[name].value !== '');
      this.choice = {
        days: period.value === '30' ? 30 : 7,
        group: group.value as Group,
        ...(chosen ? { filter: { name: chosen, value: this.filterValues[chosen].value } } : {}),
      };
      void this.show();
    });
    root.replaceChildren(h('h2', { text: t('trends') }), this.bar, this.glanceBox, this.body);
  }

  /** The server's time (from the live state): the period ends there. The first one draws the trends. */
  setNow(now: number): void {
    const first = this.now === undefined;
    this.now = now;
    if (first) void this.show();
  }

  private range(): { from: string; to: string } {
    const now = this.now ?? Date.now();
    return {
      from: new Date(now - this.choice.days * DAY_MS).toISOString(),
      to: new Date(now).toISOString(),
    };
  }

  private async show(): Promise<void> {
    try {
      await this.draw();
    } catch (error) {
      this.onError(error);
    }
  }

  private async draw(): Promise<void> {
    const { ctx, choice } = this;
    const base = { ...this.range(), lang: ctx.language };
    const filter = choice.filter ? { [choice.filter.name]: choice.filter.value } : {};
    // The values seen in the period fill the filter bar's lists and name the lines.
    const [period, ...seen] = await Promise.all([
      getJson<Summary>(`/api/reports/summary?${params({ ...base, ...filter })}`),
      ...FILTERS.map((name) =>
        getJson<Summary>(`/api/reports/summary?${params({ ...base, groupBy: name })}`),
      ),
    ]);
    const range = this.range();
    const filterLabel = choice.filter ? this.valueLabel(choice.filter.name, choice.filter.value) : undefined;
    this.glanceBox.replaceChildren(
      glance((period as Summary).total, ctx, (metric, label, opener) =>
        this.dialog.open(
          {
            metric,
            title: joined(filterLabel ? [label, filterLabel] : [label], ctx),
            range,
            ...(choice.filter ? { filter: choice.filter } : {}),
          },
          opener,
        ),
      ),
    );
    FILTERS.forEach((name, i) =>
      this.offer(
        name,
        (seen[i]?.groups ?? []).map((g) => g.key),
      ),
    );
    const lineQueries: [string, { name: string; value: string } | undefined][] =
      choice.filter || choice.group === 'none'
        ? [
            [
              choice.filter ? this.valueLabel(choice.filter.name, choice.filter.value) : ctx.t('total'),
              choice.filter,
            ],
          ]
        : (seen[FILTERS.indexOf(choice.group)]?.groups ?? []).map((g) => [
            this.valueLabel(choice.group as Filter, g.key),
            { name: choice.group, value: g.key },
          ]);
    const lines: Line[] = await Promise.all(
      lineQueries.map(async ([label, only]) => {
        const summary = await getJson<Summary>(
          `/api/reports/summary?${params({ ...base, groupBy: 'day', ...(only ? { [only.name]: only.value } : {}) })}`,
        );
        return {
          label,
          ...(only ? { filter: only } : {}),
          byDay: new Map(summary.groups.map((g) => [g.key, g])),
        };
      }),
    );
    const days = [...new Set(lines.flatMap((l) => [...l.byDay.keys()]))].sort();
    const grouped = !choice.filter && choice.group !== 'none';
    const csvQuery = params({ ...base, ...filter, groupBy: grouped ? choice.group : 'day', format: 'csv' });
    this.csv.href = `/api/reports/summary?${csvQuery}`;
    this.csv.setAttribute('download', `hamdel-report-${choice.days}d.csv`);
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    if (days.length === 0) {
      this.body.replaceChildren(h('p', { class: 'muted', text: ctx.t('no_data') }));
      return;
    }
    const linkQuery = params({ ...base, ...filter, groupBy: grouped ? choice.group : 'day' });
    this.body.replaceChildren(...CHARTS.map((spec) => this.card(spec, lines, days, linkQuery)));
  }

  private card(spec: ChartSpec, lines: readonly Line[], days: readonly string[], query: string): HTMLElement {
    const { ctx } = this;
    const parts = spec.parts ?? [undefined];
    const series: (Series & { line: Line })[] = lines.flatMap((line) =>
      parts.map((part, p) => ({
        line,
        label: part ? joined([line.label, ctx.t(part)], ctx) : line.label,
        values: days.map((day) => spec.values(line.byDay.get(day))[p] ?? null),
        ...(p > 0 ? { dashed: true } : {}),
      })),
    );
    /** Opens the conversations behind one day of one line. */
    const open = (line: Line, day: string, opener?: HTMLElement) =>
      this.dialog.open(
        {
          metric: spec.metric,
          title: joined([ctx.t(spec.title), dayLabel(day, ctx), line.label], ctx),
          range: this.range(),
          bucket: day,
          ...(line.filter ? { filter: line.filter } : {}),
        },
        opener,
      );
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': ctx.t(spec.title) } });
    const rows = days.map((day, d) =>
      h(
        'tr',
        { attrs: { 'data-day': day } },
        h('th', { text: dayLabel(day, ctx), attrs: { scope: 'row' } }),
        ...series.map((s) => {
          const value = s.values[d];
          const text = value == null ? '–' : formatNumber(value, ctx.language, { maximumFractionDigits: 2 });
          const cell: HTMLButtonElement = h('button', {
            class: 'cell',
            text,
            attrs: {
              type: 'button',
              'data-metric': spec.metric,
              // The visible figure first, then what opening it shows (the name contains the visible text).
              'aria-label': `${text} · ${ctx.t('cell_open', {
                figure: ctx.t(spec.title),
                day: dayLabel(day, ctx),
                line: s.label,
              })}`,
            },
            on: { click: () => open(s.line, day, cell) },
          });
          return h('td', {}, cell);
        }),
      ),
    );
    const card = h(
      'section',
      { class: 'card', attrs: { 'data-chart': spec.name } },
      h('h3', { text: ctx.t(spec.title) }),
      h('div', { class: 'canvas' }, canvas),
      table(['', ...series.map((s) => s.label)], rows),
      h(
        'p',
        { class: 'links' },
        ...spec.links(query).map(([word, href]) => h('a', { text: ctx.t(word), attrs: { href } })),
      ),
    );
    this.charts.push(
      lineChart(
        canvas,
        ctx.language,
        days.map((day) => dayLabel(day, ctx)),
        series,
        (seriesIndex, dayIndex) => {
          const line = series[seriesIndex]?.line;
          const day = days[dayIndex];
          if (line && day) open(line, day);
        },
      ),
    );
    return card;
  }

  private valueLabel(name: Filter, value: string): string {
    if (name === 'language' && (value === 'fa' || value === 'ar' || value === 'en')) {
      return this.ctx.t(`lang_${value}`);
    }
    const word = name === 'channel' ? channelWord(value) : undefined;
    return word ? this.ctx.t(word) : isolate(value);
  }

  /** Adds the values seen to a filter's list (keeping what the reader chose). */
  private offer(name: Filter, values: readonly string[]): void {
    const list = this.filterValues[name];
    const known = new Set([...list.options].map((o) => o.value));
    for (const value of values) {
      if (known.has(value)) continue;
      list.append(h('option', { text: this.valueLabel(name, value), attrs: { value } }));
    }
  }
}
