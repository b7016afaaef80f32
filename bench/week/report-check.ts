/**
 * Asks the reports API (as a signed-in supervisor) for the simulated week in every grouping, and compares
 * each figure with the simulation's own (expected-figures.ts): the summary in total and by channel,
 * language, team, agent, day and week, by day in another time zone, with each kind of filter, over part of
 * the week, read twice (the second time from the rollups the first built); the unanswered questions; the
 * ratings with comments.
 */
import { dayStart, shiftDay } from './calendar.ts';
import type { Dimension, ExpectedFigures, FigureQuery } from './expected-figures.ts';
import type { FigureRows } from './figure-rows.ts';

interface ApiGroup {
  readonly key: string;
  readonly label: string;
  readonly [figure: string]: unknown;
}

interface Summary {
  readonly groups: readonly ApiGroup[];
  readonly total: ApiGroup;
}

/** The reports API as a supervisor's browser calls it. */
export class ReportsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  async get<T>(path: string, params: Readonly<Record<string, string>>): Promise<T> {
    return JSON.parse(await this.text(path, params)) as T;
  }

  async text(path: string, params: Readonly<Record<string, string>>): Promise<string> {
    const query = new URLSearchParams(params).toString();
    const response = await fetch(`${this.baseUrl}${path}?${query}`, { headers: { cookie: this.cookie } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path}?${query}: ${response.status} ${body}`);
    return body;
  }
}

/** One report asked for: its label in the table, the API's parameters and the same query for the simulation. */
interface Asked {
  readonly label: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: FigureQuery;
}

const WEEKDAYS: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function asked(
  label: string,
  from: string,
  to: string,
  tz: string,
  groupBy: FigureQuery['groupBy'],
  only?: { dimension: Dimension; value: string },
): Asked {
  const weekStart = 'sat';
  return {
    label,
    params: { from, to, tz, groupBy, weekStart, ...(only ? { [only.dimension]: only.value } : {}) },
    query: {
      from: dayStart(from, tz),
      to: dayStart(shiftDay(to, 1), tz),
      tz,
      groupBy,
      weekStart: WEEKDAYS[weekStart] as number,
      ...(only ? { only } : {}),
    },
  };
}

/** The reports compared, for a week from `firstDay` in the business time zone. */
export function reportsToAsk(firstDay: string, days: number, businessTz: string, agentId: string): Asked[] {
  const lastDay = shiftDay(firstDay, days - 1);
  const week = (
    label: string,
    groupBy: FigureQuery['groupBy'],
    only?: { dimension: Dimension; value: string },
  ) => asked(label, firstDay, lastDay, businessTz, groupBy, only);
  return [
    week('week (rollups built)', 'none'),
    week('week (from rollups)', 'none'),
    week('by channel', 'channel'),
    week('by language', 'language'),
    week('by team', 'team'),
    week('by agent', 'agent'),
    week('by day', 'day'),
    week('by week', 'week'),
    asked('by day in UTC', firstDay, lastDay, 'UTC', 'day'),
    asked('by day in UTC (from rollups)', firstDay, lastDay, 'UTC', 'day'),
    week('telegram by day', 'day', { dimension: 'channel', value: 'telegram' }),
    week('Arabic', 'none', { dimension: 'language', value: 'ar' }),
    week('billing by day', 'day', { dimension: 'team', value: 'billing' }),
    week(`${agentId} by week`, 'week', { dimension: 'agent', value: agentId }),
    asked('days 3-5', shiftDay(firstDay, 2), shiftDay(firstDay, 4), businessTz, 'none'),
  ];
}

/** One summary report, in total and by group. */
async function compareSummary(client: ReportsClient, expected: ExpectedFigures, rows: FigureRows, a: Asked) {
  const summary = await client.get<Summary>('/api/reports/summary', a.params);
  const sim = expected.figures(a.query);
  const strip = ({ key: _key, label: _label, ...figures }: ApiGroup) => figures;
  rows.compare(`${a.label} / total /`, strip(summary.total), sim.total);
  if (a.query.groupBy !== 'none') {
    const byKey = new Map(summary.groups.map((g) => [g.key, strip(g)]));
    rows.compareGroups(a.label, byKey, sim.groups);
  }
}

/**
 * While the week runs (nothing sealed yet, conversations still open): the days so far, up to the one under
 * way, in total, by day and by channel. The caller has ended the idle conversations first, as the
 * service's own sweep does every minute.
 */
export async function checkWhileRunning(
  client: ReportsClient,
  expected: ExpectedFigures,
  rows: FigureRows,
  days: { from: string; to: string; businessTz: string },
): Promise<void> {
  const label = `so far (${days.from}..${days.to})`;
  for (const groupBy of ['none', 'day', 'channel'] as const) {
    const name = groupBy === 'none' ? label : `${label} by ${groupBy}`;
    await compareSummary(client, expected, rows, asked(name, days.from, days.to, days.businessTz, groupBy));
  }
}

/** Compares every summary, the unanswered questions and the comments; the rows go to `rows`. */
export async function checkReports(
  client: ReportsClient,
  expected: ExpectedFigures,
  rows: FigureRows,
  week: { firstDay: string; days: number; businessTz: string; agentId: string },
): Promise<void> {
  for (const a of reportsToAsk(week.firstDay, week.days, week.businessTz, week.agentId)) {
    await compareSummary(client, expected, rows, a);
  }
  const lastDay = shiftDay(week.firstDay, week.days - 1);
  const range = { from: week.firstDay, to: lastDay, tz: week.businessTz };

  // The dashboard's "Download CSV" of one line: the web channel by day, one row a day and one for the total.
  const web = asked('CSV', week.firstDay, lastDay, week.businessTz, 'day', {
    dimension: 'channel',
    value: 'web',
  });
  const csv = parseCsv(await client.text('/api/reports/summary', { ...web.params, format: 'csv' }));
  const sim = expected.figures(web.query);
  const simRows = new Map<string, Record<string, string>>([
    ...[...sim.groups].map(([key, figures]) => [key, cells(figures)] as const),
    ['total', cells(sim.total)],
  ]);
  const csvRows = new Map(
    csv.map((row) => {
      const { key = '', label: _label, ...figures } = row;
      const shown = Object.fromEntries(Object.entries(figures).filter(([, cell]) => cell !== ''));
      return [key, shown] as const;
    }),
  );
  rows.compareGroups('CSV web by day', csvRows, simRows);

  const unanswered = await client.get<{ items: { language: string; text: string; count: number }[] }>(
    '/api/reports/unanswered',
    { ...range, limit: '10000' },
  );
  const listed = new Map(unanswered.items.map((i) => [`${i.language}|${i.text}`, i.count]));
  const mine = expected.unanswered(week.firstDay, lastDay, week.businessTz);
  rows.compare('unanswered questions: how many different', listed.size, mine.size);
  rows.compareGroups('unanswered', listed, mine);

  const comments = await client.get<{ items: Record<string, unknown>[] }>('/api/reports/comments', {
    ...range,
    limit: '10000',
  });
  const from = dayStart(week.firstDay, week.businessTz);
  const to = dayStart(shiftDay(lastDay, 1), week.businessTz);
  const own = expected.comments
    .filter((c) => c.at >= from && c.at < to)
    .sort((a, b) => b.at - a.at)
    .map((c) => ({ ...c, at: new Date(c.at).toISOString() }));
  rows.compare('comments: how many', comments.items.length, own.length);
  const key = (c: Record<string, unknown>) => `${String(c.at)} ${String(c.conversationId)}`;
  rows.compareGroups(
    'comment',
    new Map(comments.items.map((c) => [key(c), c])),
    new Map(own.map((c) => [key(c), c])),
  );
}

/** Figures as the CSV shows them: one column a figure, numbers as text, nothing for none. */
function cells(figures: object, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(figures)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') cells(value as object, name, into);
    else if (value !== null && value !== undefined) into[name] = String(value);
  }
  return into;
}

/** RFC 4180 text (a byte order mark first, CRLF lines, quoted fields) as rows by the header's names. */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  const record: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i] as string;
    if (quoted && c === '"' && body[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === ',' || c === '\n') {
      record.push(field);
      field = '';
      if (c === '\n') records.push(record.splice(0));
    }
  }
  const [header = [], ...lines] = records;
  return lines.map((line) => Object.fromEntries(header.map((name, i) => [name, line[i] ?? ''])));
}
