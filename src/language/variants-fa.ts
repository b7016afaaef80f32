import { foldForSearch } from './normalize.ts';
import { twoRounds } from './variant-rounds.ts';

/**
 * Colloquial Persian as it is typed, against the written forms of a knowledge base, for words the
 * knowledge base does not know (the caller keeps only candidates it knows):
 *
 * - the object marker glued on: سفارشمو, اینو -> سفارشم, این;
 * - ـون for ـان: خونه, ارزون, میتونم -> خانه, ارزان, میتوانم;
 * - spoken verb endings: میشه -> میشود, میرسن -> میرسند, دارین -> دارید, کجاس -> کجاست;
 * - آ spoken as او: اومده, نیومده -> امده, نیامده;
 * - spoken plurals and possessives: جنسا, خبرای, آلارمام -> جنسها, خبرهای, آلارم.
 *
 * `joinPersianAffixes` puts back together a verb and its prefix that a space split: می خواهم -> میخواهم
 * (a plural ها left apart is not joined: the noun alone matches the articles' nouns better).
 * Input and output are folded (`foldForSearch`: ZWNJ removed, ی and ک unified, آ -> ا).
 */
const f = (word: string): string => foldForSearch(word);

const VERB_PREFIXES = new Set([f('می'), f('نمی')]);

/** Tokens of folded Persian text with detached verb prefixes joined again. */
export function joinPersianAffixes(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (VERB_PREFIXES.has(token) && next !== undefined && /^[\u0600-\u06FF]{2,}$/.test(next)) {
      out.push(token + next);
      i += 1;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** Replacements tried at the end of a word: [spoken, written]. */
const ENDINGS: readonly (readonly [string, string])[] = [
  [f('س'), f('ست')],
  [f('ه'), f('د')],
  [f('ه'), f('ود')],
  [f('ن'), f('ند')],
  [f('ین'), f('ید')],
  [f('ا'), f('ها')],
  [f('ای'), f('های')],
  [f('ام'), f('هایم')],
  [f('ام'), ''],
  [f('ات'), ''],
  [f('اش'), ''],
  [f('امو'), ''],
  [f('اشو'), ''],
  [f('و'), ''],
  [f('مو'), ''],
  [f('شو'), ''],
];

function oneStep(word: string): string[] {
  const out: string[] = [];
  const push = (candidate: string): void => {
    if (candidate.length >= 2 && candidate !== word) out.push(candidate);
  };
  for (const [spoken, written] of ENDINGS) {
    if (word.endsWith(spoken) && word.length - spoken.length >= 2)
      push(word.slice(0, -spoken.length) + written);
  }
  const un = word.indexOf(f('ون'));
  if (un > 0) {
    push(`${word.slice(0, un)}${f('ان')}${word.slice(un + 2)}`);
    push(`${word.slice(0, un)}${f('وان')}${word.slice(un + 2)}`);
  }
  if (word.startsWith(f('او')) && word.length >= 4) push(`ا${word.slice(2)}`);
  const yu = word.indexOf(f('یو'));
  if (yu > 0) push(`${word.slice(0, yu)}${f('یا')}${word.slice(yu + 2)}`);
  return out;
}

/** Candidate written forms of a folded colloquial word, in two rounds (one change, then two). */
export function persianVariants(word: string): readonly (readonly string[])[] {
  return twoRounds(word, oneStep);
}
