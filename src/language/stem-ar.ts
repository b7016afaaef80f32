/**
 * An Arabic light stemmer in the spirit of Larkey's light10, for folded words (see
 * `foldForSearch`: ة -> ه, ي/ى -> ی, ك -> ک, hamza forms -> ا). It removes one article or
 * conjunction prefix (وال، بال، کال، فال، لل، ال، و) and then common suffixes (ها، ان، ات، ون، ین،
 * یه، یا، ه، ی، and pronoun suffixes such as کم، هم، نا، تی). A stem keeps at least 2 letters, and
 * at least 3 where the suffix is often part of the word.
 *
 * @orama/stemmers' Arabic stemmer was tried and not used: it strips the ب of بطاقتی and keeps the
 * plural ات of والمکتبات.
 */
const PREFIXES = ['وال', 'بال', 'کال', 'فال', 'لل', 'ال'];
/** Words that start with ا + ل once hamza is folded (إلغاء، إلى، الآن) and have no article. */
const NOT_ARTICLE = new Set([
  'الغاء',
  'الغی',
  'الغیت',
  'الی',
  'الا',
  'الان',
  'الیک',
  'الیه',
  'الیها',
  'الیکم',
]);
/** Suffix, and the shortest stem it may leave. Longest first. */
const SUFFIXES: readonly (readonly [string, number])[] = [
  ['کما', 3],
  ['هما', 3],
  ['تها', 3],
  ['تهم', 3],
  ['تکم', 3],
  ['تنا', 3],
  ['هم', 3],
  ['هن', 3],
  ['کم', 3],
  ['کن', 3],
  ['نا', 3],
  ['نی', 3],
  ['ها', 2],
  ['ان', 3],
  ['ات', 3],
  ['ون', 3],
  ['ین', 3],
  ['یه', 3],
  ['یا', 3],
  ['تی', 3],
  ['تک', 3],
  ['ه', 3],
  ['ی', 3],
  ['ک', 3],
];

export function stemArabic(word: string): string {
  if (word.length <= 3 || !/^[\u0600-\u06FF]+$/.test(word) || NOT_ARTICLE.has(word)) return word;
  let w = word;
  for (const prefix of PREFIXES) {
    if (w.startsWith(prefix) && w.length - prefix.length >= 2) {
      w = w.slice(prefix.length);
      break;
    }
  }
  if (w === word && w.startsWith('و') && w.length >= 4) w = w.slice(1);
  for (const [suffix, minimum] of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= minimum) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}
