/**
 * Persian and Arabic typed in Latin letters (Finglish: "sefaresham koja ast", Arabizi: "3ayez
 * a3raf"): both scripts can be read as the same skeleton of consonant sounds, since Persian and
 * Arabic leave short vowels unwritten and long vowels are the letters ا و ی. A Latin word and a
 * Persian or Arabic word with the same skeleton are likely the same word: sefaresh and سفارش are
 * both s-f-r-sh. The caller picks among the words of one skeleton (the knowledge base's words).
 *
 * Sound classes (one letter each): b p t s j c(ch) h x(kh) d z r Z(zh) S(sh) G(gh, q) f k g l m n.
 * Vowels and the letters that often stand for them (ا آ ع ء و ی, a e i o u w y v, Arabizi 2 and 3)
 * are left out, and a repeated class counts once.
 */

const ARABIC_CLASSES: Readonly<Record<string, string>> = {
  ب: 'b',
  پ: 'p',
  ت: 't',
  ط: 't',
  ث: 's',
  س: 's',
  ص: 's',
  ج: 'j',
  چ: 'c',
  ح: 'h',
  ه: 'h',
  ة: 'h',
  خ: 'x',
  د: 'd',
  ذ: 'z',
  ز: 'z',
  ض: 'z',
  ظ: 'z',
  ر: 'r',
  ژ: 'Z',
  ش: 'S',
  غ: 'G',
  ق: 'G',
  ف: 'f',
  ک: 'k',
  ك: 'k',
  گ: 'g',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

/** Latin spellings, longest first, and their class ('' for a vowel). */
const LATIN_CLASSES: readonly (readonly [string, string])[] = [
  ['sh', 'S'],
  ['ch', 'c'],
  ['kh', 'x'],
  ['gh', 'G'],
  ['zh', 'Z'],
  ['th', 's'],
  ['dh', 'z'],
  ['ph', 'f'],
  ['ck', 'k'],
  ['ou', ''],
  ['oo', ''],
  ['ee', ''],
  ['a', ''],
  ['e', ''],
  ['i', ''],
  ['o', ''],
  ['u', ''],
  ['y', ''],
  ['w', ''],
  ['v', ''],
  ['2', ''],
  ['3', ''],
  ['q', 'G'],
  ['c', 'k'],
  ['5', 'x'],
  ['7', 'h'],
  ['6', 't'],
  ['8', 'G'],
  ['9', 'G'],
];

function collapse(classes: readonly string[]): string {
  let out = '';
  for (const c of classes) if (c.length > 0 && !out.endsWith(c)) out += c;
  return out;
}

/** The skeleton of a folded Persian or Arabic word; a final ه (a vowel in Persian: خونه) is left out. */
export function arabicScriptSkeleton(word: string): string {
  const letters = [...word];
  if (letters.length > 2 && letters[letters.length - 1] === 'ه') letters.pop();
  return collapse(letters.map((letter) => ARABIC_CLASSES[letter] ?? ''));
}

/** The skeleton of a Latin word (lower case, Arabizi digits allowed). */
export function latinSkeleton(word: string): string {
  const classes: string[] = [];
  let i = 0;
  const text = word.toLowerCase();
  while (i < text.length) {
    const match = LATIN_CLASSES.find(([spelling]) => text.startsWith(spelling, i));
    if (match === undefined) {
      classes.push(/[a-z]/.test(text.charAt(i)) ? text.charAt(i) : '');
      i += 1;
    } else {
      classes.push(match[1]);
      i += match[0].length;
    }
  }
  return collapse(classes);
}
