import { describe, expect, it } from 'vitest';
import { formatReturnTime, formatWait } from '../../../src/handoff/customer-time.ts';
import { DEFAULT_DIGIT_POLICY, digitPolicy } from '../../../src/language/digits.ts';

const D = DEFAULT_DIGIT_POLICY;

const DUBAI = 'Asia/Dubai';
// Thursday 26 November 2026, 22:00 in Dubai (UTC+4).
const now = Date.parse('2026-11-26T18:00:00Z');
const at = (iso: string): number => Date.parse(iso);

describe('formatReturnTime', () => {
  it('says today and tomorrow', () => {
    expect(formatReturnTime(at('2026-11-26T19:00:00Z'), 'en', DUBAI, now, D)).toBe('today at 11:00 PM');
    expect(formatReturnTime(at('2026-11-27T05:00:00Z'), 'en', DUBAI, now, D)).toBe('tomorrow at 9:00 AM');
    expect(formatReturnTime(at('2026-11-27T05:00:00Z'), 'fa', DUBAI, now, D)).toBe('فردا ساعت ۹:۰۰');
    expect(formatReturnTime(at('2026-11-26T19:00:00Z'), 'fa', DUBAI, now, D)).toBe('امروز ساعت ۲۳:۰۰');
    expect(formatReturnTime(at('2026-11-27T05:00:00Z'), 'ar', DUBAI, now, D)).toBe('غدًا الساعة ٩:٠٠ ص');
    expect(formatReturnTime(at('2026-11-26T19:00:00Z'), 'ar', DUBAI, now, D)).toBe('اليوم الساعة ١١:٠٠ م');
  });

  it('says the weekday within the coming six days', () => {
    const saturday = at('2026-11-28T05:00:00Z');
    expect(formatReturnTime(saturday, 'en', DUBAI, now, D)).toBe('Saturday at 9:00 AM');
    expect(formatReturnTime(saturday, 'fa', DUBAI, now, D)).toBe('شنبه ساعت ۹:۰۰');
    expect(formatReturnTime(saturday, 'ar', DUBAI, now, D)).toBe('السبت الساعة ٩:٠٠ ص');
  });

  it('adds the date further away: the Persian calendar and digits for fa', () => {
    const later = at('2026-12-05T05:00:00Z'); // Saturday 5 December 2026 = 14 Azar 1405
    expect(formatReturnTime(later, 'fa', DUBAI, now, D)).toBe('شنبه ۱۴ آذر، ساعت ۹:۰۰');
    expect(formatReturnTime(later, 'ar', DUBAI, now, D)).toBe('السبت ٥ ديسمبر، الساعة ٩:٠٠ ص');
    expect(formatReturnTime(later, 'en', DUBAI, now, D)).toBe('Saturday, December 5 at 9:00 AM');
  });

  it('adds the year when it is another year in the customer’s calendar', () => {
    // 5 April 2027 is 16 Farvardin 1406: a new Persian year.
    expect(formatReturnTime(at('2027-04-05T05:00:00Z'), 'fa', DUBAI, now, D)).toBe(
      'دوشنبه ۱۶ فروردین ۱۴۰۶، ساعت ۹:۰۰',
    );
    expect(formatReturnTime(at('2027-04-05T05:00:00Z'), 'en', DUBAI, now, D)).toBe(
      'Monday, April 5, 2027 at 9:00 AM',
    );
  });

  it('counts days in the team’s timezone, not in UTC', () => {
    // 23:30 Thursday in Dubai is still Thursday 19:30Z; 01:00 Friday in Dubai is Thursday 21:00Z.
    expect(formatReturnTime(at('2026-11-26T21:00:00Z'), 'en', DUBAI, now, D)).toBe('tomorrow at 1:00 AM');
  });
});

describe('formatWait', () => {
  it('gives a range in each language’s words and digits', () => {
    const range = { kind: 'minutes', low: 4, high: 6 } as const;
    expect(formatWait(range, 'en', D)).toBe('about 4–6 minutes');
    expect(formatWait(range, 'fa', D)).toBe('حدود ۴ تا ۶ دقیقه');
    expect(formatWait(range, 'ar', D)).toBe('حوالي ٤–٦ دقائق');
  });

  it('says "a few minutes" under a minute and nothing when unknown', () => {
    expect(formatWait({ kind: 'few-minutes' }, 'en', D)).toBe('a few minutes');
    expect(formatWait({ kind: 'few-minutes' }, 'fa', D)).toBe('چند دقیقه');
    expect(formatWait({ kind: 'few-minutes' }, 'ar', D)).toBe('بضع دقائق');
    expect(formatWait({ kind: 'unknown' }, 'fa', D)).toBeUndefined();
  });

  it('follows Arabic number agreement for minutes', () => {
    const exactly = (n: number) => formatWait({ kind: 'minutes', low: n, high: n }, 'ar', D);
    expect(exactly(1)).toBe('حوالي دقيقة واحدة');
    expect(exactly(2)).toBe('حوالي دقيقتين');
    expect(exactly(3)).toBe('حوالي ٣ دقائق');
    expect(exactly(10)).toBe('حوالي ١٠ دقائق');
    expect(exactly(11)).toBe('حوالي ١١ دقيقة');
    expect(exactly(45)).toBe('حوالي ٤٥ دقيقة');
    expect(formatWait({ kind: 'minutes', low: 8, high: 12 }, 'ar', D)).toBe('حوالي ٨–١٢ دقيقة');
    expect(formatWait({ kind: 'minutes', low: 1, high: 2 }, 'ar', D)).toBe('حوالي ١–٢ دقيقة');
  });

  it('uses the singular in English for one minute', () => {
    expect(formatWait({ kind: 'minutes', low: 1, high: 1 }, 'en', D)).toBe('about 1 minute');
    expect(formatWait({ kind: 'minutes', low: 5, high: 5 }, 'fa', D)).toBe('حدود ۵ دقیقه');
  });

  it('says long waits in hours', () => {
    expect(formatWait({ kind: 'minutes', low: 100, high: 170 }, 'en', D)).toBe('about 2–3 hours');
    expect(formatWait({ kind: 'minutes', low: 100, high: 170 }, 'fa', D)).toBe('حدود ۲ تا ۳ ساعت');
    expect(formatWait({ kind: 'minutes', low: 100, high: 170 }, 'ar', D)).toBe('حوالي ٢–٣ ساعات');
    expect(formatWait({ kind: 'minutes', low: 110, high: 120 }, 'ar', D)).toBe('حوالي ساعتين');
  });

  it('writes the digits the policy gives each language', () => {
    const latin = digitPolicy({ DIGITS_FA: 'latin', DIGITS_AR: 'latin' });
    const range = { kind: 'minutes', low: 4, high: 6 } as const;
    expect(formatWait(range, 'fa', latin)).toBe('حدود 4 تا 6 دقیقه');
    expect(formatWait(range, 'ar', latin)).toBe('حوالي 4–6 دقائق');
    const tomorrow = at('2026-11-27T05:00:00Z');
    expect(formatReturnTime(tomorrow, 'fa', DUBAI, now, latin)).toBe('فردا ساعت 9:00');
    expect(formatReturnTime(tomorrow, 'ar', DUBAI, now, latin)).toBe('غدًا الساعة 9:00 ص');
  });
});
