import { toAsciiDigits } from '../../language/digits.ts';

/** A customer's answer to the 1-5 question. */
export interface RatingReply {
  readonly rating: number;
  /** What they wrote after the rating and a separator ("4 - quick" → "quick"). */
  readonly comment?: string;
}

/** The value of a rating choice: "#rate:1" to "#rate:5". */
export const ratingValue = (rating: number) => `#rate:${rating}`;

/** Number words that are a rating when they stand alone (Persian and Arabic in their common spellings). */
const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  یک: 1,
  دو: 2,
  سه: 3,
  چهار: 4,
  پنج: 5,
  واحد: 1,
  اثنان: 2,
  اثنين: 2,
  ثلاث: 3,
  ثلاثة: 3,
  ثلاثه: 3,
  اربع: 4,
  اربعة: 4,
  اربعه: 4,
  خمس: 5,
  خمسة: 5,
  خمسه: 5,
};

/**
 * One character for one, so that a comment is cut from the reply as written: digits to ASCII, Arabic yeh
 * and kaf to Persian, alef with hamza or madda to alef, Latin lower case.
 */
function canonical(text: string): string {
  return toAsciiDigits(text)
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[أإآ]/g, 'ا')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const NUMBER_WORDS = new Map(Object.entries(WORDS).map(([word, n]) => [canonical(word), n]));

/** The rating itself: a lone digit 1-5 (not part of a longer number) or a number word. */
const HEAD = new RegExp(
  `^(?:([1-5])(?![0-9])|(${[...NUMBER_WORDS.keys()].join('|')}))(?![\\p{L}\\p{N}])`,
  'u',
);
/** "out of 5", "/5", "از ۵", "من ٥", then "stars" in the three languages: marks the number as a rating. */
const SCALE = /^\s*(?:\/|out of|of|از|من)\s*5(?![\p{N}])/u;
const STARS = /^\s*(?:stars?|ستاره|نجوم|نجمة|نجمات)(?![\p{L}])/u;
/** What may come between a rating and its comment ("4 - good", "۴، خوب بود", "٣: بطيء", a new line). */
const SEPARATOR = /^\s*(?:[-–—:,،;؛|]+\s*|\n\s*)/u;
/** Only punctuation, symbols (emoji) and spaces: "5!", "5 👍". */
const NOTHING_SAID = /^[\p{P}\p{S}\s]*$/u;

/**
 * Reads a reply to the 1-5 question, or undefined when it is not a rating (then it is an ordinary message).
 * A rating is the button's value (`#rate:N`), or the whole reply is a digit 1-5 in Latin, Persian or Arabic
 * digits or a number word (five, پنج, خمسة), optionally marked "/5", "out of 5", "stars", and optionally
 * followed by a separator (- – : , ، ; ؛ | or a new line) and a comment. A digit that starts a sentence
 * ("3 items were missing", "۲ تا سفارش دارم"), a range or list ("1-2 days", "3, 4 and 5"), a time ("4:30")
 * or a decimal ("3.5") is not a rating. Words after a marked rating need no separator ("5 stars but slow").
 */
export function parseRatingReply(reply: string): RatingReply | undefined {
  const raw = reply.trim();
  const button = /^#rate:([1-5])$/.exec(raw);
  if (button) return { rating: Number(button[1]) };
  const text = canonical(raw);
  const head = HEAD.exec(text);
  if (!head) return undefined;
  const rating = head[1] ? Number(head[1]) : (NUMBER_WORDS.get(head[2] ?? '') ?? 0);
  let at = head[0].length;
  let marked = false;
  for (const marker of [SCALE, STARS]) {
    const found = marker.exec(text.slice(at));
    if (found) {
      at += found[0].length;
      marked = true;
    }
  }
  const rest = text.slice(at);
  if (NOTHING_SAID.test(rest)) return { rating };
  const separator = SEPARATOR.exec(rest);
  if (!separator && !(marked && /^\s/.test(rest))) return undefined;
  const start = at + (separator ? separator[0].length : 0);
  const comment = raw.slice(start).trim();
  // "3, 4 and 5 were missing", "1-2 days", "4:30": a number after the separator is not a comment.
  if (/^[0-9]/.test(text.slice(start).trim())) return undefined;
  return comment === '' ? { rating } : { rating, comment };
}
