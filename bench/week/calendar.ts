/**
 * Days in a time zone, written here from `Intl` alone so that the simulation's figures share nothing with the
 * service's own calendar code (src/core/time-zone.ts) beyond the runtime's zone data.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `timeZone` at `at`, as the UTC instant with the same reading. */
function wallClock(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(at)) parts[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (at % 1000);
}

/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDay(at: number, timeZone: string): string {
  return new Date(wallClock(at, timeZone)).toISOString().slice(0, 10);
}

/** The instant `day` (YYYY-MM-DD) begins in `timeZone` (zones without a change of offset at midnight). */
export function dayStart(day: string, timeZone: string): number {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const offset = wallClock(midnight, timeZone) - midnight;
  return midnight - (wallClock(midnight - offset, timeZone) - (midnight - offset));
}

/** `day` moved by `n` days. */
export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the week that holds `day`, weeks starting on `weekStart` (0 Sunday ... 6 Saturday). */
export function weekOf(day: string, weekStart: number): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return shiftDay(day, -((weekday - weekStart + 7) % 7));
}
