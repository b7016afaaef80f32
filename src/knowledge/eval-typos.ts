/**
 * Seeded typo injection for `eval:kb --typos RATE`: how the engine holds up when customers type
 * fast. Each word of at least `minLetters` letters gets, with probability `rate`, one typo of the
 * kinds people make on a phone keyboard: a letter left out, two neighbouring letters swapped, a
 * letter replaced by a key next to it, a key next to a letter pressed too, and in Persian and
 * Arabic a letter replaced by one that sounds the same (س/ص/ث، ز/ذ/ض/ظ، ت/ط، ه/ح، ق/غ، ا/ع).
 * The same seed gives the same typos, so runs compare.
 */
import type { Language } from '../core/language.ts';

export interface TypoOptions {
  /** Share of eligible words that get a typo (0 to 1). */
  readonly rate: number;
  /** Words shorter than this stay as they are (default 4). */
  readonly minLetters?: number;
}

/** Letter rows of the usual phone and desktop layouts (letters only; other keys play no part). */
const KEYBOARD_ROWS: Readonly<Record<Language, readonly string[]>> = {
  en: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
  // Persian standard layout (ISIRI 9147).
  fa: ['ضصثقفغعهخحجچ', 'شسیبلاتنمکگ', 'ظطزرذدپو'],
  // Arabic (101) layout.
  ar: ['ضصثقفغعهخحجد', 'شسيبلاتنمكط', 'ئءؤرىةوزظ'],
};

/** Letters that sound alike and are confused in spelling. */
const SOUND_ALIKE: readonly string[] = ['سصث', 'زذضظ', 'تط', 'هح', 'قغ', 'اع', 'ةه', 'يى', 'اأإآ'];

function neighbourTable(language: Language): Map<string, string[]> {
  const rows = KEYBOARD_ROWS[language].map((row) => [...row]);
  const table = new Map<string, string[]>();
  rows.forEach((row, r) => {
    row.forEach((letter, c) => {
      const near: string[] = [];
      for (const [dr, dc] of [
        [0, -1],
        [0, 1],
        [-1, 0],
        [-1, 1],
        [1, -1],
        [1, 0],
      ] as const) {
        const other = rows[r + dr]?.[c + dc];
        if (other !== undefined) near.push(other);
      }
      table.set(letter, near);
    });
  });
  return table;
}

const NEIGHBOURS: Readonly<Record<Language, Map<string, string[]>>> = {
  en: neighbourTable('en'),
  fa: neighbourTable('fa'),
  ar: neighbourTable('ar'),
};

function soundAlike(letter: string): string[] {
  const group = SOUND_ALIKE.find((g) => g.includes(letter));
  return group === undefined ? [] : [...group].filter((other) => other !== letter);
}

function pick<T>(items: readonly T[], next: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(next() * items.length)];
}

/** One typo in `word` (an array of letters), chosen with `next`. */
function misspell(letters: string[], language: Language, next: () => number): string[] {
  const kinds = language === 'en' ? 4 : 5;
  const at = Math.floor(next() * letters.length);
  const letter = letters[at] ?? '';
  const near = NEIGHBOURS[language].get(letter.toLowerCase()) ?? [];
  switch (Math.floor(next() * kinds)) {
    case 0:
      return [...letters.slice(0, at), ...letters.slice(at + 1)];
    case 1: {
      const i = Math.min(at, letters.length - 2);
      return [...letters.slice(0, i), letters[i + 1] ?? '', letters[i] ?? '', ...letters.slice(i + 2)];
    }
    case 2: {
      const other = pick(near, next);
      return other === undefined
        ? letters.filter((_, i) => i !== at)
        : letters.map((l, i) => (i === at ? other : l));
    }
    case 3: {
      const other = pick(near, next) ?? letter;
      return [...letters.slice(0, at + 1), other, ...letters.slice(at + 1)];
    }
    default: {
      const candidates = letters
        .map((l, i) => ({ i, others: soundAlike(l) }))
        .filter((c) => c.others.length > 0);
      const chosen = pick(candidates, next);
      if (chosen === undefined) return letters.filter((_, i) => i !== at);
      const other = pick(chosen.others, next) ?? '';
      return letters.map((l, i) => (i === chosen.i ? other : l));
    }
  }
}

const WORD = /\p{L}[\p{L}\p{M}\u200C]*/gu;

/**
 * `text` with typos in about `rate` of its words of `minLetters` letters or more; everything
 * else (spaces, punctuation, short words, digits) as it was. `next` draws the randomness.
 */
export function injectTypos(
  text: string,
  language: Language,
  options: TypoOptions,
  next: () => number,
): string {
  const minLetters = options.minLetters ?? 4;
  return text.replace(WORD, (word) => {
    const letters = [...word];
    if (letters.length < minLetters || next() >= options.rate) return word;
    return misspell(letters, language, next).join('');
  });
}
