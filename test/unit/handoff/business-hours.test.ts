import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import { businessHours, isOpen, nextOpening } from '../../../src/handoff/business-hours.ts';

const day = [['09:00', '21:00']] as const;
const dubai = businessHours({
  timezone: 'Asia/Dubai',
  weekly: { sat: day, sun: day, mon: day, tue: day, wed: day, thu: day, fri: [['14:00', '21:00']] },
  closedDates: ['2026-12-02'],
});
// Dubai is UTC+4 all year: 09:00 local is 05:00Z.
const utc = (iso: string): number => Date.parse(iso);

describe('isOpen', () => {
  it('follows the weekly ranges, start inclusive and end exclusive', () => {
    expect(isOpen(dubai, utc('2026-11-28T05:00:00Z'))).toBe(true); // Saturday 09:00
    expect(isOpen(dubai, utc('2026-11-28T04:59:00Z'))).toBe(false); // Saturday 08:59
    expect(isOpen(dubai, utc('2026-11-28T17:00:00Z'))).toBe(false); // Saturday 21:00
    expect(isOpen(dubai, utc('2026-11-27T06:00:00Z'))).toBe(false); // Friday 10:00
    expect(isOpen(dubai, utc('2026-11-27T10:00:00Z'))).toBe(true); // Friday 14:00
  });

  it('is closed on a closed date', () => {
    expect(isOpen(dubai, utc('2026-12-02T08:00:00Z'))).toBe(false); // Wednesday 12:00, National Day
    expect(isOpen(dubai, utc('2026-12-03T08:00:00Z'))).toBe(true);
  });

  it('handles overnight ranges, which belong to the day they start', () => {
    const night = businessHours({
      timezone: 'Asia/Tehran',
      weekly: { mon: [['22:00', '02:00']] },
      closedDates: [],
    });
    // Tehran is UTC+3:30.
    expect(isOpen(night, utc('2026-11-23T19:30:00Z'))).toBe(true); // Monday 23:00
    expect(isOpen(night, utc('2026-11-23T22:00:00Z'))).toBe(true); // Tuesday 01:30
    expect(isOpen(night, utc('2026-11-23T22:30:00Z'))).toBe(false); // Tuesday 02:00
    expect(isOpen(night, utc('2026-11-23T18:29:00Z'))).toBe(false); // Monday 21:59
    expect(isOpen(night, utc('2026-11-22T22:00:00Z'))).toBe(false); // Monday 01:30: Sunday has no range
    const holiday = businessHours({
      timezone: 'Asia/Tehran',
      weekly: { mon: [['22:00', '02:00']] },
      closedDates: ['2026-11-23'],
    });
    expect(isOpen(holiday, utc('2026-11-23T22:00:00Z'))).toBe(false); // Tuesday 01:30, Monday closed
  });
});

describe('nextOpening', () => {
  it('is now when open', () => {
    expect(nextOpening(dubai, utc('2026-11-28T06:00:00Z'))).toBe(utc('2026-11-28T06:00:00Z'));
  });

  it('is the next morning after closing, and Friday afternoon on a Friday morning', () => {
    expect(nextOpening(dubai, utc('2026-11-28T18:00:00Z'))).toBe(utc('2026-11-29T05:00:00Z'));
    expect(nextOpening(dubai, utc('2026-11-27T03:00:00Z'))).toBe(utc('2026-11-27T10:00:00Z'));
  });

  it('skips a holiday', () => {
    // Tuesday 1 December 22:00 -> Wednesday is National Day -> Thursday 09:00.
    expect(nextOpening(dubai, utc('2026-12-01T18:00:00Z'))).toBe(utc('2026-12-03T05:00:00Z'));
  });

  it('crosses a weekend and a holiday in a daylight-saving zone', () => {
    const weekday = [['09:00', '17:00']] as const;
    const berlin = businessHours({
      timezone: 'Europe/Berlin',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
      closedDates: ['2026-03-30'],
    });
    // Friday 27 March 18:00 CET -> Monday 30 March is closed -> Tuesday 31 March 09:00 CEST (07:00Z).
    expect(nextOpening(berlin, utc('2026-03-27T17:00:00Z'))).toBe(utc('2026-03-31T07:00:00Z'));
    // Before the change, 09:00 is 08:00Z.
    expect(nextOpening(berlin, utc('2026-03-26T17:00:00Z'))).toBe(utc('2026-03-27T08:00:00Z'));
    expect(isOpen(berlin, utc('2026-03-31T07:00:00Z'))).toBe(true);
    expect(isOpen(berlin, utc('2026-03-31T06:59:00Z'))).toBe(false);
  });

  it('opens at the jump when a range starts in the skipped hour, and at the first of a repeated hour', () => {
    const early = [['02:30', '06:00']] as const;
    const berlin = businessHours({ timezone: 'Europe/Berlin', weekly: { sun: early } });
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00Z).
    expect(nextOpening(berlin, utc('2026-03-28T23:00:00Z'))).toBe(utc('2026-03-29T01:00:00Z'));
    expect(isOpen(berlin, utc('2026-03-29T00:59:00Z'))).toBe(false);
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 first happens at 00:30Z.
    expect(nextOpening(berlin, utc('2026-10-24T22:00:00Z'))).toBe(utc('2026-10-25T00:30:00Z'));
  });
});

describe('businessHours validation', () => {
  const invalid = (config: unknown): string => {
    try {
      businessHours(config);
    } catch (error) {
      if (isHamdelError(error, 'CONFIG_INVALID')) return error.message;
      throw error;
    }
    throw new Error('expected CONFIG_INVALID');
  };

  it('names the bad field', () => {
    expect(invalid({ timezone: 'Mars/Olympus', weekly: { mon: day } })).toMatch(
      /timezone: must be an IANA timezone/,
    );
    expect(invalid({ timezone: 'Asia/Dubai', weekly: { mon: [['9:00', '25:00']] } })).toMatch(
      /weekly\.mon\.0\.0: must be a time "HH:MM"/,
    );
    expect(invalid({ timezone: 'Asia/Dubai', weekly: { monday: day } })).toMatch(/weekly/);
    expect(invalid({ timezone: 'Asia/Dubai', weekly: {} })).toMatch(/at least one weekday/);
    expect(invalid({ timezone: 'Asia/Dubai', weekly: { mon: day }, closedDates: ['2026-02-30x'] })).toMatch(
      /closedDates\.0/,
    );
    expect(invalid({ timezone: 'Asia/Dubai', weekly: { mon: [['09:00', '09:00']] } })).toMatch(/same time/);
  });
});
