/**
 * A conservative Persian light stemmer for folded words (see `foldForSearch`: ZWNJ removed, so
 * کتاب‌ها arrives as کتابها; ی and ک unified). It removes:
 * - verb prefixes نمی / می (and ن / ب before a known present stem), with colloquial stems
 *   unified: میخواهم and میخوام -> خوا, بخرم -> خر;
 * - plural and plural+possessive suffixes ها، های، هایم، هایمان...: کتابهایم -> کتاب;
 * - comparative and superlative تر، ترین: ارزانترین -> ارزان;
 * - plural ات, and ان only when `isKnown` says the rest is a word (to spare رستوران, ایران);
 * - pronoun suffixes مان، تان، شان;
 * - the one-letter suffixes م، ت، ش، ی only when `isKnown` says the rest is a word (they are too
 *   often part of the word itself: سفارش, کارت).
 * It never leaves fewer than 2 letters.
 */
export type KnownWord = (word: string) => boolean;

const PRESENT_STEMS = new Set(
  (
    'خر خواه خوا کن ده د گیر رس فرست گرد زن شو گو گ بین پرداز گذار دار تون توان ران یاب رو بر ' +
    'ساز کش خور نویس پوش گرد بند ارز خوان'
  ).split(' '),
);
/** Personal endings of verbs, longest first; colloquial forms (ن، ه) included. */
const VERB_ENDINGS = ['یم', 'ید', 'ند', 'ین', 'م', 'ی', 'د', 'ن', 'ه'];
const PLURAL_SUFFIXES = ['هایمان', 'هایتان', 'هایشان', 'هایم', 'هایت', 'هایش', 'هایی', 'های', 'ها'];
const MIN = 2;

/** Colloquial and formal present stems that mean the same: میخوام/میخواهم, میتونم/میتوانم, میشه/میشود. */
const SAME_STEM: ReadonlyMap<string, string> = new Map([
  ['خواه', 'خوا'],
  ['تون', 'توان'],
  ['شه', 'شو'],
]);

function stripVerbEnding(word: string, minimum: number): string {
  for (const ending of VERB_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= minimum) return word.slice(0, -ending.length);
  }
  return word;
}

function stripVerbPrefix(word: string): string | undefined {
  for (const prefix of ['نمی', 'می']) {
    if (!word.startsWith(prefix)) continue;
    const rest = word.slice(prefix.length);
    if (rest.length >= 3) return stripVerbEnding(rest, MIN);
    if (SAME_STEM.has(rest)) return rest; // میشه
  }
  for (const prefix of ['ب', 'ن']) {
    if (!word.startsWith(prefix) || word.length < 3) continue;
    const rest = word.slice(1);
    const stem = stripVerbEnding(rest, 1);
    if (PRESENT_STEMS.has(stem)) return stem;
  }
  return undefined;
}

export function stemPersian(word: string, isKnown?: KnownWord): string {
  if (word.length <= 3 || !/^[\u0600-\u06FF]+$/.test(word)) return word;
  if (isKnown?.(word) === true && word.length <= 4) return word;
  const verb = stripVerbPrefix(word);
  if (verb !== undefined) return SAME_STEM.get(verb) ?? verb;
  /** Ambiguous suffixes go only when the rest is long enough and, with a dictionary, a known word. */
  const mayStrip = (rest: string, minimum: number): boolean =>
    rest.length >= minimum && (isKnown === undefined || isKnown(rest));
  let w = word;
  for (const suffix of PLURAL_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= MIN) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith('ترین') && mayStrip(w.slice(0, -4), MIN)) w = w.slice(0, -4);
  else if (w.endsWith('تر') && mayStrip(w.slice(0, -2), 3)) w = w.slice(0, -2);
  for (const suffix of ['مان', 'تان', 'شان']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w === word) {
    if (w.endsWith('ات') && mayStrip(w.slice(0, -2), 3)) w = w.slice(0, -2);
    // Plural ان only with a dictionary: رستوران، اصفهان، ایران end in ان too.
    else if (w.endsWith('ان') && isKnown !== undefined && mayStrip(w.slice(0, -2), 3)) w = w.slice(0, -2);
  }
  if (w === word && isKnown !== undefined && /[متشی]$/.test(w)) {
    const rest = w.slice(0, -1);
    if (rest.length >= 3 && isKnown(rest)) w = rest;
  }
  return w;
}
