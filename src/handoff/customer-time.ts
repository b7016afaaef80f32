import type { Language } from '../core/language.ts';
import { formatNumber, withDigits, type DigitPolicy } from '../language/digits.ts';
import { COUNTED_WORDS, countedForm, formatCount } from '../language/counted-words.ts';
import { fillPlaceholders } from '../language/placeholders.ts';
import { localParts } from './business-hours.ts';

/**
 * How a customer reads two things in their own language: when agents are back ("tomorrow at 9:00 AM",
 * "فردا ساعت ۹:۰۰", "غدًا الساعة ٩:٠٠ ص") and how long the wait is ("about 4–6 minutes", "حدود ۴ تا ۶
 * دقیقه", "حوالي ٤–٦ دقائق").
 *
 * These are fragments, not sentences: the message catalogs wrap them ("An agent will be with you in
 * {wait}."). The wording lives in `PHRASES` below, one small table per language (the counted nouns,
 * "minutes" in their plural forms, in src/language/counted-words.ts), so that a translator edits words in
 * few places; numbers, weekdays, months and times come from Intl, in the digits
 * the digit policy gives the language (DIGITS_FA, DIGITS_AR; src/language/digits.ts):
 * - fa: the Persian (Solar Hijri) calendar ('fa-IR-u-ca-persian'), 24-hour clock;
 * - ar: Arabic weekday and month names ('ar-AE'), ص/م for am/pm;
 * - en: 'en-US', "Saturday at 9:00 AM".
 * Within the coming six days a weekday is enough; further away the date is added ("شنبه ۱۰ آذر، ساعت
 * ۹:۰۰"), and the year when it is not the current one (in the customer's calendar).
 */

/**
 * The wording of the fragments, per language. Placeholders: `{time}`, `{weekday}`, `{date}` (from Intl),
 * `{amount}` (a count or range with its noun: src/language/counted-words.ts), `{low}`/`{high}` (numbers
 * in the language's digits).
 */
const PHRASES = {
  en: {
    today: 'today at {time}',
    tomorrow: 'tomorrow at {time}',
    weekday: '{weekday} at {time}',
    dated: '{weekday}, {date} at {time}',
    fewMinutes: 'a few minutes',
    about: 'about {amount}',
    range: '{low}–{high}',
  },
  fa: {
    today: 'امروز ساعت {time}',
    tomorrow: 'فردا ساعت {time}',
    weekday: '{weekday} ساعت {time}',
    dated: '{weekday} {date}، ساعت {time}',
    fewMinutes: 'چند دقیقه',
    about: 'حدود {amount}',
    range: '{low} تا {high}',
  },
  ar: {
    today: 'اليوم الساعة {time}',
    tomorrow: 'غدًا الساعة {time}',
    weekday: '{weekday} الساعة {time}',
    dated: '{weekday} {date}، الساعة {time}',
    fewMinutes: 'بضع دقائق',
    about: 'حوالي {amount}',
    range: '{low}–{high}',
  },
} as const satisfies Record<Language, Phrases>;

interface Phrases {
  readonly today: string;
  readonly tomorrow: string;
  readonly weekday: string;
  readonly dated: string;
  readonly fewMinutes: string;
  readonly about: string;
  readonly range: string;
}

const LOCALES: Readonly<Record<Language, string>> = {
  fa: 'fa-IR-u-ca-persian',
  ar: 'ar-AE',
  en: 'en-US',
};

function format(
  at: number,
  language: Language,
  timezone: string,
  digits: DigitPolicy,
  options: Intl.DateTimeFormatOptions,
): string {
  const extra: Intl.DateTimeFormatOptions = language === 'fa' ? { hourCycle: 'h23' } : {};
  const locale = withDigits(LOCALES[language], digits[language]);
  return new Intl.DateTimeFormat(locale, { timeZone: timezone, ...extra, ...options }).format(at);
}

const DAY = 86_400_000;

/**
 * When agents are back, as a customer of `language` reads it, in the team's `timezone`: "today at 9:00
 * AM", "tomorrow at …", a weekday within the coming six days, a weekday and date further away.
 */
export function formatReturnTime(
  at: number,
  language: Language,
  timezone: string,
  now: number,
  digits: DigitPolicy,
): string {
  const phrases: Phrases = PHRASES[language];
  const day = (t: number): number => {
    const p = localParts(t, timezone);
    return Date.UTC(p.year, p.month - 1, p.day) / DAY;
  };
  const days = day(at) - day(now);
  const time = format(at, language, timezone, digits, { hour: 'numeric', minute: '2-digit' });
  if (days <= 0) return fillPlaceholders(phrases.today, { time });
  if (days === 1) return fillPlaceholders(phrases.tomorrow, { time });
  const weekday = format(at, language, timezone, digits, { weekday: 'long' });
  if (days < 7) return fillPlaceholders(phrases.weekday, { weekday, time });
  const year = (t: number): string => format(t, language, timezone, digits, { year: 'numeric' });
  const withYear: Intl.DateTimeFormatOptions = year(at) === year(now) ? {} : { year: 'numeric' };
  const date = format(at, language, timezone, digits, { day: 'numeric', month: 'long', ...withYear });
  return fillPlaceholders(phrases.dated, { weekday, date, time });
}

/** The estimate kinds `formatWait` reads (a `WaitEstimate` fits). */
export type WaitFigure =
  | { readonly kind: 'minutes'; readonly low: number; readonly high: number }
  | { readonly kind: 'few-minutes' }
  | { readonly kind: 'unknown' };

/**
 * The wait as a customer reads it: "about 4–6 minutes", "a few minutes", or undefined when it cannot
 * be estimated (the catalog then says so in a sentence of its own). Ranges reaching past 90 minutes are
 * said in hours (lower end rounded, upper end rounded up).
 */
export function formatWait(
  estimate: WaitFigure,
  language: Language,
  digits: DigitPolicy,
): string | undefined {
  const phrases: Phrases = PHRASES[language];
  if (estimate.kind === 'few-minutes') return phrases.fewMinutes;
  if (estimate.kind === 'unknown') return undefined;
  const inHours = estimate.high > 90;
  const low = inHours ? Math.max(1, Math.round(estimate.low / 60)) : Math.max(1, Math.ceil(estimate.low));
  const high = Math.max(low, Math.ceil(inHours ? estimate.high / 60 : estimate.high));
  const words = COUNTED_WORDS[language];
  if (low === high) {
    const amount = formatCount(inHours ? 'hours' : 'minutes', high, language, digits);
    return fillPlaceholders(phrases.about, { amount });
  }
  const range = fillPlaceholders(phrases.range, {
    low: formatNumber(low, language, digits),
    high: formatNumber(high, language, digits),
  });
  const amount = countedForm(inHours ? words.hoursRange : words.minutesRange, high, language, { range });
  return fillPlaceholders(phrases.about, { amount });
}
