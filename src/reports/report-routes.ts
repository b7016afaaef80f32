import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { isHamdelError } from '../core/errors.ts';
import { sendError } from '../core/http-errors.ts';
import { startOfDay } from '../core/time-zone.ts';
import { DEFAULT_DIGIT_POLICY, withDigits, type DigitPolicy } from '../language/digits.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import type { ConversationList } from './conversation-list.ts';
import { figureAt } from './figure-events.ts';
import { parseListQuery } from './list-query.ts';
import { flatten, toCsv, toNdjson, type Row } from './report-export.ts';
import { parseReportQuery, type LabelLanguage, type ParsedReportQuery } from './report-query.ts';
import type { ReportReader } from './report-reader.ts';

export interface ReportRoutesDeps {
  readonly reader: ReportReader;
  readonly list: ConversationList;
  /** REPORT_EVENTS_RETENTION_DAYS in ms: lists reach no further back. */
  readonly eventsRetentionMs: number;
  readonly requireAgent: RequireAgent;
  readonly clock: Clock;
  /** BUSINESS_TIME_ZONE: the default `tz`. */
  readonly timeZone: string;
  /** The digits day labels are written in, per language (DIGITS_FA, DIGITS_AR; default DEFAULT_DIGIT_POLICY). */
  readonly digits?: DigitPolicy;
}

const LOCALES: Readonly<Record<LabelLanguage, string>> = {
  en: 'en-CA',
  fa: 'fa-IR-u-ca-persian',
  ar: 'ar-EG',
};

const labelFormats = new Map<string, Intl.DateTimeFormat>();

/** A day or week's label in the reader's calendar (Persian for `fa`) and digits; formatters are kept (costly to make). */
function labelOf(key: string, query: ParsedReportQuery, digits: DigitPolicy): string {
  if (query.groupBy !== 'day' && query.groupBy !== 'week') return key;
  const at = startOfDay(key, query.tz) + 12 * 3_600_000;
  const id = `${query.lang}|${query.tz}|${digits[query.lang]}`;
  let format = labelFormats.get(id);
  if (!format) {
    if (labelFormats.size > 200) labelFormats.clear();
    format = new Intl.DateTimeFormat(withDigits(LOCALES[query.lang], digits[query.lang]), {
      timeZone: query.tz,
      year: 'numeric',
      month: query.lang === 'en' ? '2-digit' : 'long',
      day: 'numeric',
    });
    labelFormats.set(id, format);
  }
  return format.format(at);
}

type Query = { Querystring: Record<string, string | undefined> };

/**
 * The reports API, for supervisors and admins (401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE otherwise); every
 * route takes `from`, `to`, `tz`, `lang`, `groupBy`, `weekStart` and `format` (json, csv, ndjson; or the
 * Accept header) and answers bad ones with 400 REPORT_QUERY_INVALID (docs/reports.md):
 * - GET /api/reports/summary: every figure by group and in total
 * - GET /api/reports/unanswered: the questions the bot had no answer to, with counts
 * - GET /api/reports/comments: the ratings that came with a comment
 * - GET /api/reports/conversations: the conversations behind one figure (`metric`, `bucket`, one filter),
 *   paged (`limit`, `cursor`), with the figure's count
 */
export async function registerReportRoutes(app: FastifyInstance, deps: ReportRoutesDeps): Promise<void> {
  const supervisor = { onRequest: deps.requireAgent('supervisor') };
  const digits = deps.digits ?? DEFAULT_DIGIT_POLICY;
  const parse = (request: { query: Record<string, string | undefined>; headers: { accept?: string } }) =>
    parseReportQuery(request.query, request.headers.accept, { tz: deps.timeZone, now: deps.clock.now() });

  const answer = async (
    reply: FastifyReply,
    run: () => Promise<{ query: ParsedReportQuery; body: object; rows: Row[] }>,
    name: string,
  ) => {
    try {
      const { query, body, rows } = await run();
      reply.header('cache-control', 'no-store');
      if (query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(`\uFEFF${toCsv(rows)}`);
      }
      if (query.format === 'ndjson')
        return reply.type('application/x-ndjson; charset=utf-8').send(toNdjson(rows));
      return reply.send(body);
    } catch (error) {
      if (isHamdelError(error, 'REPORT_QUERY_INVALID')) return sendError(reply, error.code, error.message);
      throw error;
    }
  };

  const range = (query: ParsedReportQuery) => ({
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
    tz: query.tz,
  });

  app.get<Query>('/api/reports/summary', supervisor, (request, reply) =>
    answer(
      reply,
      async () => {
        const query = parse(request);
        const { groups, total } = await deps.reader.figures(query);
        const labelled = groups.map((g) => ({ ...g, label: labelOf(g.key, query, digits) }));
        const rows = [...labelled, { ...total, label: 'total' }].map((g) => flatten(g));
        return { query, body: { ...range(query), groupBy: query.groupBy, groups: labelled, total }, rows };
      },
      'report-summary',
    ),
  );

  app.get<Query>('/api/reports/unanswered', supervisor, (request, reply) =>
    answer(
      reply,
      async () => {
        const query = parse(request);
        const items = await deps.reader.unanswered(query, Number(request.query.limit ?? 100) || 100);
        return { query, body: { ...range(query), items }, rows: items };
      },
      'report-unanswered',
    ),
  );

  app.get<Query>('/api/reports/conversations', supervisor, (request, reply) =>
    answer(
      reply,
      async () => {
        const query = parse(request);
        const list = parseListQuery(request.query, query);
        const [page, figures] = await Promise.all([
          deps.list.list({
            from: list.from,
            to: list.to,
            ...(query.only ? { only: query.only } : {}),
            metric: list.metric,
            figure: list.figure,
            limit: list.limit,
            ...(list.cursor !== undefined ? { cursor: list.cursor } : {}),
          }),
          deps.reader.figures({ ...query, groupBy: list.bucket !== undefined ? list.groupBy : 'none' }),
        ]);
        const cell =
          list.bucket !== undefined ? figures.groups.find((g) => g.key === list.bucket) : figures.total;
        const items = page.items.map((item) => ({ ...item, at: new Date(item.at).toISOString() }));
        const body = {
          from: new Date(list.from).toISOString(),
          to: new Date(list.to).toISOString(),
          tz: query.tz,
          metric: list.metric,
          ...(list.bucket !== undefined ? { bucket: list.bucket } : {}),
          ...(query.only ? { [query.only.dimension]: query.only.value } : {}),
          unit: list.figure.unit,
          count: cell ? figureAt(cell, list.metric) : 0,
          eventsSince: new Date(deps.clock.now() - deps.eventsRetentionMs).toISOString(),
          items,
          ...(page.next ? { next: page.next } : {}),
        };
        return { query, body, rows: items };
      },
      'report-conversations',
    ),
  );

  app.get<Query>('/api/reports/comments', supervisor, (request, reply) =>
    answer(
      reply,
      async () => {
        const query = parse(request);
        const items = await deps.reader.comments(query, Number(request.query.limit ?? 200) || 200);
        const shown = items.map((c) => ({ ...c, at: new Date(c.at as number).toISOString() }));
        return { query, body: { ...range(query), items: shown }, rows: shown };
      },
      'report-comments',
    ),
  );
}
