import { offsetAt } from '../core/time-zone.ts';
import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';

/**
 * A team's business hours: weekly opening ranges in local wall-clock time of an IANA timezone, and
 * dates on which the team is closed. Outside them, the customer is told when agents are back and the
 * ticket waits.
 *
 * - A range is `['09:00', '17:00']`, start inclusive, end exclusive; `'24:00'` ends at midnight.
 * - An overnight range ends earlier than it starts (`['22:00', '02:00']`): it runs into the next day,
 *   and belongs to the day it starts on. A closed date closes the ranges that start that day, so the
 *   small hours after a holiday eve's late shift are open, and the small hours of a holiday are open
 *   when they continue the previous evening.
 * - Local times come from `Intl.DateTimeFormat` with the zone, so daylight saving is handled: a range
 *   opening in the hour that a spring-forward skips opens at the first instant after the jump; one
 *   opening in the hour that a fall-back repeats opens at its first occurrence.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const time = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time "HH:MM" from 00:00 to 24:00');
const range = z
  .tuple([time, time])
  .refine(([start, end]) => start !== end, 'a range must not start and end at the same time')
  .refine(([start]) => start !== '24:00', 'a range cannot start at 24:00');
const zone = z.string().refine((name) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA timezone such as "Asia/Dubai" or "Europe/Berlin"');
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'is not a calendar date');

const days = z.array(range).optional();

const schema = z
  .object({
    /** IANA timezone of the team's wall clock. */
    timezone: zone,
    /** Opening ranges per weekday; a missing day is closed. */
    weekly: z
      .object({
        sun: days,
        mon: days,
        tue: days,
        wed: days,
        thu: days,
        fri: days,
        sat: days,
      })
      .strict(),
    /** Local dates (YYYY-MM-DD) on which no range starts (holidays). Default none. */
    closedDates: z.array(date).default([]),
    /** Reports: a longer wait in this team's line is an SLA breach (default SLA_WAIT_SECONDS). */
    slaWaitSeconds: z.number().int().positive().optional(),
  })
  .strict()
  .refine((h) => Object.values(h.weekly).some((ranges) => (ranges?.length ?? 0) > 0), {
    message: 'at least one weekday needs an opening range',
    path: ['weekly'],
  });

/** A team's business hours, as written in the configuration (e.g. a team's YAML). */
export type BusinessHoursConfig = z.input<typeof schema>;

/** Validated business hours (build with `businessHours`). */
export interface BusinessHours {
  readonly timezone: string;
  /** Minutes from local midnight, per weekday (0 = Sunday); `end <= start` means overnight. */
  readonly ranges: readonly (readonly { readonly start: number; readonly end: number }[])[];
  readonly closedDates: ReadonlySet<string>;
  /** The team's SLA target for a wait in line (seconds), when set (reports; default SLA_WAIT_SECONDS). */
  readonly slaWaitSeconds?: number;
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Validates `config` (a `BusinessHoursConfig`, e.g. parsed from YAML); throws CONFIG_INVALID naming each
 * bad field.
 */
export function businessHours(config: unknown): BusinessHours {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(hours)'}: ${issue.message}`,
    );
    throw new HamdelError('CONFIG_INVALID', `Invalid business hours: ${problems.join('; ')}`, {
      fields: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
  }
  const { timezone, weekly, closedDates, slaWaitSeconds } = parsed.data;
  const ranges = WEEKDAYS.map((day) =>
    (weekly[day] ?? []).map(([start, end]) => ({ start: toMinutes(start), end: toMinutes(end) })),
  );
  return {
    timezone,
    ranges,
    closedDates: new Set(closedDates),
    ...(slaWaitSeconds !== undefined ? { slaWaitSeconds } : {}),
  };
}

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly minutes: number;
}

/** The wall-clock date and time of `at` in `timezone`. */
export function localParts(at: number, timezone: string): LocalParts {
  const wall = new Date(at + offsetAt(at, timezone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/** The local date `offset` days after the given one, as a UTC-midnight timestamp (for arithmetic). */
function civil(parts: Pick<LocalParts, 'year' | 'month' | 'day'>, offset = 0): Date {
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day + offset));
}

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** The instant at which the wall clock of `timezone` first shows `minutes` on the local date `day`. */
function instantOf(day: Date, minutes: number, timezone: string): number {
  const wall = day.getTime() + minutes * 60_000;
  const offsets = new Set([offsetAt(wall - 86_400_000, timezone), offsetAt(wall + 86_400_000, timezone)]);
  const valid = [...offsets].map((o) => wall - o).filter((t) => offsetAt(t, timezone) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  // The wall time was skipped (spring forward): the range opens at the jump.
  let [low, high] = [
    Math.min(...[...offsets].map((o) => wall - o)),
    Math.max(...[...offsets].map((o) => wall - o)),
  ];
  const before = offsetAt(low, timezone);
  while (high - low > 60_000) {
    const mid = Math.floor((low + high) / 120_000) * 60_000;
    if (offsetAt(mid, timezone) === before) low = mid;
    else high = mid;
  }
  return high;
}

function rangesStarting(hours: BusinessHours, day: Date): readonly { start: number; end: number }[] {
  if (hours.closedDates.has(isoDate(day))) return [];
  return hours.ranges[day.getUTCDay()] ?? [];
}

/** Whether the team is open at `at` (ms). */
export function isOpen(hours: BusinessHours, at: number): boolean {
  const now = localParts(at, hours.timezone);
  const today = civil(now);
  const opened = rangesStarting(hours, today).some(({ start, end }) =>
    end > start ? now.minutes >= start && now.minutes < end : now.minutes >= start,
  );
  if (opened) return true;
  return rangesStarting(hours, civil(now, -1)).some(({ start, end }) => end <= start && now.minutes < end);
}

/**
 * The first instant at or after `at` when the team is open: `at` itself when open. Looks up to a year
 * and a week ahead; throws CONFIG_INVALID when the hours never open in that span (every date closed).
 */
export function nextOpening(hours: BusinessHours, at: number): number {
  if (isOpen(hours, at)) return at;
  const today = civil(localParts(at, hours.timezone));
  for (let offset = 0; offset <= 373; offset += 1) {
    const day = civil(
      { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() },
      offset,
    );
    const starts = rangesStarting(hours, day)
      .map(({ start }) => instantOf(day, start, hours.timezone))
      .filter((t) => t > at)
      .sort((a, b) => a - b);
    if (starts[0] !== undefined) return starts[0];
  }
  throw new HamdelError('CONFIG_INVALID', 'Business hours never open in the coming year', {
    timezone: hours.timezone,
  });
}
