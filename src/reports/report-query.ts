import { HamdelError } from '../core/errors.ts';
import { isTimeZone, nextDay, startOfDay } from '../core/time-zone.ts';
import type { GroupBy, ReportQuery } from './report-reader.ts';

const GROUPS: readonly GroupBy[] = ['channel', 'language', 'team', 'agent', 'day', 'week', 'none'];
const WEEKDAYS: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MAX_DAYS = 400;
const DAY_MS = 86_400_000;

export type ReportFormat = 'json' | 'csv' | 'ndjson';
export type LabelLanguage = 'en' | 'fa' | 'ar';

export interface ParsedReportQuery extends ReportQuery {
  readonly lang: LabelLanguage;
  readonly format: ReportFormat;
}

function invalid(message: string): never {
  throw new HamdelError('REPORT_QUERY_INVALID', message);
}

/** An instant from `YYYY-MM-DD` (the day's start in `tz`; `end`: the next day's) or an ISO date-time. */
function instant(text: string, tz: string, end: boolean, name: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = startOfDay(end ? nextDay(text) : text, tz);
    if (Number.isFinite(start)) return start;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = Date.parse(text);
    if (Number.isFinite(at)) return at;
  }
  return invalid(`"${name}" must be a day (YYYY-MM-DD) or an ISO date-time with its offset.`);
}

/**
 * Reads `from`, `to` (a day counts whole: `to=2026-03-31` includes the 31st), `groupBy`, `tz`, `lang`,
 * `weekStart`, `format` (or the Accept header) and one filter (`channel`, `language`, `team` or `agent`) of a
 * reports request; bad ones are REPORT_QUERY_INVALID.
 * Without `from`/`to`: the last 7 days up to now.
 */
export function parseReportQuery(
  params: Readonly<Record<string, string | undefined>>,
  accept: string | undefined,
  defaults: { readonly tz: string; readonly now: number },
): ParsedReportQuery {
  const tz = params.tz ?? defaults.tz;
  if (!isTimeZone(tz)) invalid(`"tz" must be an IANA time zone such as Asia/Tehran (got "${tz}").`);
  const groupBy = (params.groupBy ?? 'none') as GroupBy;
  if (!GROUPS.includes(groupBy)) invalid(`"groupBy" must be one of ${GROUPS.join(', ')}.`);
  const lang = (params.lang ?? 'en') as LabelLanguage;
  if (!['en', 'fa', 'ar'].includes(lang)) invalid('"lang" must be en, fa or ar.');
  const to = params.to ? instant(params.to, tz, true, 'to') : defaults.now;
  const from = params.from ? instant(params.from, tz, false, 'from') : to - 7 * DAY_MS;
  if (from >= to) invalid('"from" must be before "to".');
  if (to - from > MAX_DAYS * DAY_MS) invalid(`A report covers at most ${MAX_DAYS} days.`);
  const weekName = params.weekStart ?? (lang === 'fa' ? 'sat' : 'mon');
  const weekStart = WEEKDAYS[weekName];
  if (weekStart === undefined) invalid('"weekStart" must be sun, mon, tue, wed, thu, fri or sat.');
  const format = formatOf(params.format, accept);
  const only = onlyOf(params, groupBy);
  return { from, to, tz, groupBy, lang, weekStart, format, ...(only ? { only } : {}) };
}

const FILTERS = ['channel', 'language', 'team', 'agent'] as const;

/** At most one of `channel`, `language`, `team`, `agent` (a filter), with groupBy day, week or none. */
function onlyOf(
  params: Readonly<Record<string, string | undefined>>,
  groupBy: GroupBy,
): ParsedReportQuery['only'] {
  const given = FILTERS.filter((name) => params[name] !== undefined && params[name] !== '');
  if (given.length === 0) return undefined;
  const [dimension] = given;
  if (given.length > 1 || dimension === undefined)
    invalid('Filter by one of channel, language, team or agent.');
  if (groupBy !== 'day' && groupBy !== 'week' && groupBy !== 'none') {
    invalid(`A filter (${dimension}) goes with groupBy day, week or none.`);
  }
  return { dimension, value: params[dimension] as string };
}

function formatOf(param: string | undefined, accept: string | undefined): ReportFormat {
  if (param !== undefined) {
    if (param === 'json' || param === 'csv' || param === 'ndjson') return param;
    return invalid('"format" must be json, csv or ndjson.');
  }
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('application/x-ndjson')) return 'ndjson';
  return 'json';
}
