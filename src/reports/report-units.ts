import { addDays, dayIn, nextDay, startOfDay, weekdayOf } from '../core/time-zone.ts';
import { SLOT_MS, slotOf } from './report-keys.ts';

const DAY_MS = 86_400_000;

/** Business days are grouped in aligned blocks of 7 and 28 (by days since 1970-01-01) for rollup hashes. */
export const BLOCK_SIZES = [28, 7] as const;
export type BlockSize = (typeof BLOCK_SIZES)[number];

/** One hash to read and whether to add or subtract it. */
export interface SignedUnit {
  readonly kind: 'day' | 'slot';
  /** A business day (YYYY-MM-DD) or a slot's start (ms). */
  readonly id: string | number;
  readonly sign: 1 | -1;
}

/** A run of two or more slots of one business day (a rollup may hold their sum). */
export interface SlotRun {
  readonly day: string;
  readonly start: number;
  readonly end: number;
  readonly sign: 1 | -1;
}

/** A business day's number (days since 1970-01-01). */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function dayOfNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The hashes whose signed sum is the slot-aligned interval [from, to): whole business days inside it as
 * day hashes; a part of a day either as its slots or, when fewer reads, as the day minus the slots outside
 * the part (so a day in another time zone costs one day hash and a few slots, not 48 slots).
 * `wholeDays` receives the whole days instead, and `runs` the runs of two or more slots (the caller may
 * read them from rollups).
 */
export function signedUnits(
  from: number,
  to: number,
  businessTimeZone: string,
  into: SignedUnit[],
  wholeDays?: string[],
  runs?: SlotRun[],
): void {
  let day = dayIn(from, businessTimeZone);
  const slots = (start: number, end: number, sign: 1 | -1) => {
    if (runs && end - start >= 2 * SLOT_MS) {
      runs.push({ day, start, end, sign });
      return;
    }
    for (let s = start; s < end; s += SLOT_MS) into.push({ kind: 'slot', id: s, sign });
  };
  for (; ; day = nextDay(day)) {
    const start = startOfDay(day, businessTimeZone);
    if (start >= to) break;
    const end = startOfDay(nextDay(day), businessTimeZone);
    const a = Math.max(start, from);
    const b = Math.min(end, to);
    if (a >= b) continue;
    if (a === start && b === end) {
      if (wholeDays) wholeDays.push(day);
      else into.push({ kind: 'day', id: day, sign: 1 });
      continue;
    }
    const inside = (b - a) / SLOT_MS;
    const outside = (end - start) / SLOT_MS - inside;
    if (inside <= outside + 1) slots(a, b, 1);
    else {
      into.push({ kind: 'day', id: day, sign: 1 });
      slots(start, a, -1);
      slots(b, end, -1);
    }
  }
}

/** A run of whole business days split into aligned 28- and 7-day blocks (largest first) and loose days. */
export function blocksOf(days: readonly string[]): {
  blocks: { size: BlockSize; index: number }[];
  loose: string[];
} {
  const blocks: { size: BlockSize; index: number }[] = [];
  const loose: string[] = [];
  const numbers = days.map(dayNumber);
  let i = 0;
  while (i < numbers.length) {
    const n = numbers[i] as number;
    const size = BLOCK_SIZES.find(
      (s) => n % s === 0 && i + s <= numbers.length && numbers[i + s - 1] === n + s - 1,
    );
    if (size) {
      blocks.push({ size, index: n / size });
      i += size;
    } else {
      loose.push(days[i] as string);
      i += 1;
    }
  }
  return { blocks, loose };
}

/** The business days of a block. */
export function daysOfBlock(size: BlockSize, index: number): string[] {
  return Array.from({ length: size }, (_, i) => dayOfNumber(index * size + i));
}

/**
 * The days (or weeks starting on `weekStart`, 0 Sunday) of `tz` in the slot-aligned [from, to), each as
 * [key (its first day, YYYY-MM-DD), start, end], its edges on slots: a report grouped by time sums these,
 * and the list behind one of its figures reads the same interval.
 */
export function timeGroups(
  query: { readonly tz: string; readonly groupBy: string; readonly weekStart: number },
  from: number,
  to: number,
): [string, number, number][] {
  const groups: [string, number, number][] = [];
  for (let day = dayIn(from, query.tz); ; day = nextDay(day)) {
    const start = startOfDay(day, query.tz);
    if (start >= to) break;
    const a = Math.max(from, slotOf(start));
    const b = Math.min(to, slotOf(startOfDay(nextDay(day), query.tz)));
    if (a >= b) continue;
    const key = query.groupBy === 'day' ? day : addDays(day, -((weekdayOf(day) - query.weekStart + 7) % 7));
    const last = groups[groups.length - 1];
    if (last && last[0] === key && last[2] === a) last[2] = b;
    else groups.push([key, a, b]);
  }
  return groups;
}
