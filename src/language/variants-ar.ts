import { foldForSearch } from './normalize.ts';
import { twoRounds } from './variant-rounds.ts';

/**
 * Forms a dialectal Arabic word may have in the Modern Standard Arabic (or other dialect) of a
 * knowledge base, for words the knowledge base does not know. The caller keeps the candidates it
 * knows (so a rule can never make up a word), so the rules can be generous:
 *
 * - the negation around a verb, Egyptian, Levantine and Maghrebi: ما وصلتش, ماوصلتش, مجاش -> وصلت;
 * - aspect and future prefixes: بيوصل, بتاخد (Egyptian, Levantine), هيوصل, حيوصل (Egyptian),
 *   كيخدم, كنحاول, تانقلب (Moroccan), غاتوصل (Moroccan) -> يوصل, تاخد, يخدم...;
 * - passive prefixes: اتخصم, انسرق, تسرقات -> خصم, سرق;
 * - the person prefix of the present: Maghrebi نبدل (I change) -> ابدل, يبدل, تبدل;
 * - article and prepositions glued on: لفلوس (Maghrebi) -> الفلوس, عالحساب, مالتطبيق -> الحساب, التطبيق;
 * - pronoun suffixes: رجعولي, بعتلي, دخلتو -> رجعو, بعت, دخلته; Maghrebi ديالي is a word of its own;
 * - feminine ending: التطبيقة (Tunisian) -> التطبيق; a possessive after ة: طلبيتي, شحنتك -> طلبية, شحنة;
 * - a conjunction glued on and plural verb endings: والصولد, تشتغلون -> الصولد, تشتغل.
 *
 * Input and output are folded (`foldForSearch`: ة -> ه, ي/ى -> ی, ك -> ک, أ/إ/آ -> ا).
 */
const f = (word: string): string => foldForSearch(word);

const PRESENT = new Set([f('ي'), f('ت'), f('ن'), 'ا']);
/** Aspect and future particles glued to a present verb. */
const ASPECT_PREFIXES = [f('ب'), f('ه'), f('ح'), f('ك'), f('كا'), f('غا'), f('غ'), f('تا'), f('راح')];
const PASSIVE_PREFIXES = [f('ات'), f('ان'), f('ت')];
/** Prepositions with the article: على ال, من ال, في ال (the stemmer already takes وال, بال, فال). */
const ARTICLE_PREFIXES = [f('عال'), f('مال'), f('فال')];
/** Dative and object pronouns, longest first. */
const PRONOUN_SUFFIXES = [
  f('ليا'),
  f('لكم'),
  f('لها'),
  f('لنا'),
  f('لهم'),
  f('لي'),
  f('لك'),
  f('لو'),
  f('له'),
  f('ني'),
  f('نا'),
  f('ها'),
  f('كم'),
  f('ك'),
];
/** A possessive on a word ending in ة, whose ة is then written ت: طلبيتي, شحنتك, فاتورتها -> طلبية... */
const TAA_POSSESSIVES = [f('تها'), f('تنا'), f('تكم'), f('تهم'), f('تي'), f('تك'), f('ته'), f('تو')];
const NEGATION = f('ش');
const MA = f('ما');

/** Ways to undo one layer of dialect morphology; each result at least 2 letters. */
function oneStep(word: string): string[] {
  const out: string[] = [];
  const push = (candidate: string): void => {
    if (candidate.length >= 2 && candidate !== word) out.push(candidate);
  };
  // Negation: ما...ش, م...ش, ...ش
  if (word.endsWith(NEGATION) && word.length >= 4) {
    const core = word.slice(0, -1);
    if (core.startsWith(MA) && core.length >= 4) push(core.slice(2));
    else if (core.startsWith(f('م')) && core.length >= 4) push(core.slice(1));
    push(core);
  }
  for (const prefix of ASPECT_PREFIXES) {
    if (
      word.startsWith(prefix) &&
      PRESENT.has(word.charAt(prefix.length)) &&
      word.length - prefix.length >= 3
    ) {
      push(word.slice(prefix.length));
    }
  }
  for (const prefix of PASSIVE_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 3) push(word.slice(prefix.length));
  }
  if (PRESENT.has(word.charAt(0)) && word.length >= 4) {
    for (const other of PRESENT) if (other !== word.charAt(0)) push(other + word.slice(1));
  }
  if (word.startsWith(f('ل')) && !word.startsWith(f('لل')) && word.length >= 4) push(`ا${word}`);
  for (const prefix of ARTICLE_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 3) {
      push(`${f('ال')}${word.slice(prefix.length)}`);
    }
  }
  for (const suffix of PRONOUN_SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      push(word.slice(0, -suffix.length));
      break;
    }
  }
  for (const suffix of TAA_POSSESSIVES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 2) {
      push(`${word.slice(0, -suffix.length)}${f('ة')}`);
      break;
    }
  }
  // A conjunction glued on: والصولد, وماخدامش.
  if ((word.startsWith(f('و')) || word.startsWith(f('ف'))) && word.length >= 4) push(word.slice(1));
  // Plural verb endings: تشتغلون, رجعوا.
  for (const ending of [f('ون'), f('وا')]) {
    if (word.endsWith(ending) && word.length - ending.length >= 3) push(word.slice(0, -ending.length));
  }
  if (word.endsWith(f('و')) && word.length >= 4) {
    push(`${word.slice(0, -1)}${f('ه')}`);
    push(`${word}ا`);
  }
  if (word.endsWith(f('ه')) && word.length >= 5) push(word.slice(0, -1));
  return out;
}

/**
 * Candidate standard forms of a folded dialect word, in two rounds: one layer undone, then two
 * (ماوصلتش -> وصلت, بيتخصملي -> يتخصم -> تخصم...). At most a few dozen; `word` itself is not
 * among them.
 */
export function arabicVariants(word: string): readonly (readonly string[])[] {
  return twoRounds(word, oneStep);
}
