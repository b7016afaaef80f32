import { HamdelError } from '../core/errors.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { dayIn, nextDay } from '../core/time-zone.ts';
import { valueOf, type FigureEvents, type StoredFields } from './figure-events.ts';
import type { Dimension } from './report-keys.ts';
import { ReportKeys } from './report-keys.ts';

/** Stream entries read per request at most (a page may then hold fewer rows, with a `next` cursor). */
export const LIST_READ_BUDGET = 5_000;
/** Entries read per call. */
const BATCH = 500;
/** Days read at most (a report covers at most 400). */
const MAX_DAYS = 402;

/** One event behind a figure, as a row of the list. */
export interface ListedConversation {
  readonly conversationId: string;
  /** When it counted (a conversation's end counts when it began). */
  readonly at: number;
  readonly channel: string;
  readonly language?: string;
  readonly team?: string;
  readonly agentId?: string;
  /** Seconds of a duration, the rating, the reasons, the outcome... (see the figure's unit). */
  readonly value?: string | number;
  /** A rating's comment. */
  readonly comment?: string;
}

export interface ListRequest {
  /** The slot-aligned interval the figure covers: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly only?: { readonly dimension: Exclude<Dimension, 'all'>; readonly value: string };
  readonly metric: string;
  readonly figure: FigureEvents;
  readonly limit: number;
  /** Where the previous page stopped (`next` of its answer). */
  readonly cursor?: string;
}

/** Where a page stopped: a business day, a type of the figure, and the stream id read last (newest first). */
interface Position {
  readonly day: string;
  readonly type: number;
  readonly before: string;
}

const FILTER_FIELD: Readonly<Record<Exclude<Dimension, 'all'>, string>> = {
  channel: 'channel',
  language: 'language',
  team: 'team',
  agent: 'agentId',
};

/**
 * The conversations behind a figure, read from the raw events of the days and types it counts (the
 * `events:<day>:<type>` streams): newest day first, within a day type by type, newest first. Exactly the
 * events the figure counted, as long as they are kept (REPORT_EVENTS_RETENTION_DAYS, and a customer's erasure
 * removes theirs). Paged with an opaque cursor; each request reads at most LIST_READ_BUDGET entries.
 */
export class ConversationList {
  private readonly keys: ReportKeys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** BUSINESS_TIME_ZONE: the days events are filed under. */
    private readonly businessTimeZone: string,
  ) {
    this.keys = new ReportKeys(prefix);
  }

  async list(request: ListRequest): Promise<{ items: ListedConversation[]; next?: string }> {
    const days = this.daysOf(request.from, request.to).reverse();
    const types = request.figure.types;
    let at = request.cursor ? readCursor(request.cursor) : { day: days[0] ?? '', type: 0, before: '+' };
    let dayIndex = days.indexOf(at.day);
    if (request.cursor && (dayIndex < 0 || at.type >= types.length)) throw badCursor();
    const items: ListedConversation[] = [];
    let budget = LIST_READ_BUDGET;
    for (; dayIndex >= 0 && dayIndex < days.length; dayIndex++) {
      const day = days[dayIndex] as string;
      for (let type = day === at.day ? at.type : 0; type < types.length; type++) {
        const key = this.keys.events(day, types[type] as string);
        let end = day === at.day && type === at.type ? at.before : '+';
        for (;;) {
          if (budget <= 0) return { items, next: writeCursor({ day, type, before: end }) };
          const count = Math.min(BATCH, budget);
          const rows = await this.redis.xrevrange(key, end, '-', 'COUNT', count);
          budget -= rows.length;
          for (const [id, flat] of rows) {
            const event = fieldsOf(flat);
            if (!this.belongs(event, request)) continue;
            items.push(rowOf(event, request));
            if (items.length === request.limit) {
              return { items, next: writeCursor({ day, type, before: `(${id}` }) };
            }
          }
          if (rows.length < count) break;
          end = `(${(rows[rows.length - 1] as [string, string[]])[0]}`;
        }
      }
      at = { day: '', type: 0, before: '+' };
    }
    return { items };
  }

  /** The business days whose streams hold the events of [from, to). */
  private daysOf(from: number, to: number): string[] {
    const days: string[] = [];
    const last = dayIn(to - 1, this.businessTimeZone);
    for (let day = dayIn(from, this.businessTimeZone); days.length < MAX_DAYS; day = nextDay(day)) {
      days.push(day);
      if (day >= last) break;
    }
    return days;
  }

  /** Whether the figure counted this event: in the interval, of the filter's value, and of its kind. */
  private belongs(event: StoredFields, request: ListRequest): boolean {
    const at = countedAtOf(event);
    if (!(at >= request.from && at < request.to)) return false;
    if (request.only && event[FILTER_FIELD[request.only.dimension]] !== request.only.value) return false;
    return request.figure.counts?.(event) ?? true;
  }
}

/** When a stored event counts (report-counters.ts `countedAt`): a conversation's end when it began. */
function countedAtOf(event: StoredFields): number {
  return Number(event.type === 'conversation-ended' ? (event.startedAt ?? event.at) : event.at);
}

function fieldsOf(flat: readonly string[]): StoredFields {
  const event: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) event[flat[i] as string] = flat[i + 1] as string;
  return event;
}

function rowOf(event: StoredFields, request: ListRequest): ListedConversation {
  const value = valueOf(event, request.figure.unit, request.metric);
  return {
    conversationId: event.conversationId ?? '',
    at: countedAtOf(event),
    channel: event.channel ?? '',
    ...(event.language ? { language: event.language } : {}),
    ...(event.team ? { team: event.team } : {}),
    ...(event.agentId ? { agentId: event.agentId } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(event.type === 'rated' && event.comment ? { comment: event.comment } : {}),
  };
}

function writeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.day, position.type, position.before])).toString('base64url');
}

function readCursor(cursor: string): Position {
  try {
    const [day, type, before] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (
      typeof day === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(day) &&
      Number.isInteger(type) &&
      typeof before === 'string' &&
      /^(\+|\(\d+-\d+)$/.test(before)
    ) {
      return { day, type: type as number, before };
    }
  } catch {
    // not base64url JSON: reported below
  }
  throw badCursor();
}

function badCursor(): HamdelError {
  return new HamdelError(
    'REPORT_QUERY_INVALID',
    '"cursor" is not one this list gave: ask for the first page again.',
  );
}
