import type { Language } from '../core/language.ts';
import { formatNumber, type DigitPolicy } from './digits.ts';
import { fillPlaceholders } from './placeholders.ts';

/**
 * Minutes and hours counted in each language, with the noun in the form its number asks for ("1 minute",
 * "۵ دقیقه", "دقيقتين", "١٥ دقيقة"). The forms are chosen by the count's Intl.PluralRules category; `{n}`
 * is the count in the language's digits, `{range}` a filled range ("٤–٦"). The wait estimates
 * (src/handoff/customer-time.ts) and a link code's lifetime (the link step) read them here.
 */
export type CountForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

export interface CountedWords {
  readonly minutes: CountForms;
  readonly hours: CountForms;
  /** A range takes the form of its upper end. */
  readonly minutesRange: CountForms;
  readonly hoursRange: CountForms;
}

export const COUNTED_WORDS: Readonly<Record<Language, CountedWords>> = {
  en: {
    minutes: { one: '{n} minute', other: '{n} minutes' },
    hours: { one: '{n} hour', other: '{n} hours' },
    minutesRange: { other: '{range} minutes' },
    hoursRange: { other: '{range} hours' },
  },
  fa: {
    minutes: { other: '{n} دقیقه' },
    hours: { other: '{n} ساعت' },
    minutesRange: { other: '{range} دقیقه' },
    hoursRange: { other: '{range} ساعت' },
  },
  /**
   * Arabic counts: 1 and 2 are said without a digit ("دقيقة واحدة", dual "دقيقتين": genitive, as after
   * "حوالي", "خلال" or "لمدة"); 3-10 take the plural "دقائق"; 11-99 and 100+ the singular "دقيقة". A range
   * is written with digits and takes the noun of its upper end: "٤–٦ دقائق", "١٠–١٥ دقيقة".
   */
  ar: {
    minutes: { one: 'دقيقة واحدة', two: 'دقيقتين', few: '{n} دقائق', many: '{n} دقيقة', other: '{n} دقيقة' },
    hours: { one: 'ساعة واحدة', two: 'ساعتين', few: '{n} ساعات', many: '{n} ساعة', other: '{n} ساعة' },
    minutesRange: { few: '{range} دقائق', other: '{range} دقيقة' },
    hoursRange: { few: '{range} ساعات', other: '{range} ساعة' },
  },
};

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The count's plural category in the language (Intl.PluralRules, kept per language). */
function pluralOf(n: number, language: Language): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (rules === undefined) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(n);
}

/** The form of `forms` that `count` asks for, with `values` filled in. */
export function countedForm(
  forms: CountForms,
  count: number,
  language: Language,
  values: Readonly<Record<string, string>>,
): string {
  return fillPlaceholders(forms[pluralOf(count, language)] ?? forms.other, values);
}

/** A whole number of minutes or hours with its noun, in the language's digits: "۵ دقیقه", "دقيقتين". */
export function formatCount(
  unit: 'minutes' | 'hours',
  count: number,
  language: Language,
  digits: DigitPolicy,
): string {
  const n = Math.max(1, Math.round(count));
  return countedForm(COUNTED_WORDS[language][unit], n, language, { n: formatNumber(n, language, digits) });
}
