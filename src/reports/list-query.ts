import { HamdelError } from '../core/errors.ts';
import { figureEvents, LISTED_FIGURES, type FigureEvents } from './figure-events.ts';
import { SLOT_MS, slotOf } from './report-keys.ts';
import type { ParsedReportQuery } from './report-query.ts';
import type { GroupBy } from './report-reader.ts';
import { timeGroups } from './report-units.ts';

/** Rows per page unless `limit` says otherwise, and at most. */
export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 200;

/** The list behind one figure: which figure, over which slot-aligned interval, and which page. */
export interface ListParams {
  readonly metric: string;
  readonly figure: FigureEvents;
  /** The day (or week, with groupBy=week) of the figure, when it is one cell of a report by time. */
  readonly bucket?: string;
  /** How the figure's report was grouped: by day or week for a bucket, else none. */
  readonly groupBy: Extract<GroupBy, 'none' | 'day' | 'week'>;
  readonly from: number;
  readonly to: number;
  readonly limit: number;
  readonly cursor?: string;
}

function invalid(message: string): never {
  throw new HamdelError('REPORT_QUERY_INVALID', message);
}

/**
 * Reads `metric` (a figure's path in the summary: `volume.escalations`, `escalationsByReason.anger`,
 * `wait.count`...), `bucket` (a day of `tz`, YYYY-MM-DD; with `groupBy=week` the week that begins that day),
 * `limit` (1-200, default 50) and `cursor` of a list request, beside the report's own parameters (one filter
 * at most, as for the summary). The interval is the report's, on 30-minute slots as the figures are.
 */
export function parseListQuery(
  params: Readonly<Record<string, string | undefined>>,
  query: ParsedReportQuery,
): ListParams {
  const metric = params.metric ?? '';
  const figure = figureEvents(metric);
  if (!figure) {
    if (metric === 'volume.messages' || metric === 'anger.angryMessages') {
      invalid(`"${metric}" counts every customer message without keeping an event for each: it has no list.`);
    }
    invalid(`"metric" must be one of ${LISTED_FIGURES.join(', ')}.`);
  }
  if (query.groupBy !== 'none' && query.groupBy !== 'day' && query.groupBy !== 'week') {
    invalid(`A list is of one figure: instead of groupBy=${query.groupBy}, filter (${query.groupBy}=…).`);
  }
  const limitText = params.limit ?? String(LIST_DEFAULT_LIMIT);
  const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : 0;
  if (limit < 1 || limit > LIST_MAX_LIMIT)
    invalid(`"limit" must be a whole number from 1 to ${LIST_MAX_LIMIT}.`);
  const cursor = params.cursor;
  if (cursor !== undefined && (cursor === '' || cursor.length > 300))
    invalid('"cursor" is not one this list gave.');
  let from = slotOf(query.from);
  let to = slotOf(query.to + SLOT_MS - 1);
  const bucket = params.bucket;
  const groupBy = bucket !== undefined && query.groupBy === 'none' ? 'day' : query.groupBy;
  if (bucket !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(bucket)) invalid('"bucket" must be a day, YYYY-MM-DD.');
    const group = timeGroups({ ...query, groupBy }, from, to).find(([key]) => key === bucket);
    if (!group) invalid(`"bucket" ${bucket} is not a ${groupBy} of the report's period.`);
    [, from, to] = group;
  }
  return {
    metric,
    figure,
    groupBy,
    from,
    to,
    limit,
    ...(bucket !== undefined ? { bucket } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
}
