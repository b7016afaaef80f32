import { describe, expect, it } from 'vitest';
import { markWords, queryWords, searchTerms, snippet } from '../../../src/language/search-terms.ts';

const marked = (text: string, query: string) =>
  markWords(text, queryWords(query)).map(([a, b]) => text.slice(a, b));

describe('search terms of transcript lines', () => {
  it('folds letters, digits and ZWNJ, drops stop words and one-letter tokens', () => {
    expect(searchTerms('من می‌خواهم سفارش ۱۲۳ را لغو کنم')).toEqual(['میخواهم', 'سفارش', '123', 'لغو']);
    expect(searchTerms('طلبي رقم ٤٥٦ لم يصل')).toEqual(['طلبی', 'رقم', '456', 'لم', 'یصل']);
    expect(searchTerms('Where is my ORDER #A-7?')).toEqual(['where', 'order']);
  });

  it('keeps an Arabic word also without its article', () => {
    expect(searchTerms('الطلب متأخر')).toEqual(['الطلب', 'طلب', 'متاخر']);
  });

  it('reads a query the same way, keeping stop words only when nothing else is left', () => {
    expect(queryWords('  سفارشِ ۱۲۳ من ')).toEqual(['سفارش', '123']);
    expect(queryWords('the')).toEqual(['the']);
    expect(queryWords('a b')).toEqual([]);
  });

  it('marks the written words that a query word begins, in the three languages', () => {
    expect(marked('سفارشم با کد ۱۲۳۴۵ نرسیده', 'سفارش 12345')).toEqual(['سفارشم', '۱۲۳۴۵']);
    expect(marked('پیگیری می‌کنم', 'ميكنم')).toEqual(['می‌کنم']);
    expect(marked('أين الطلب رقم ٧٧؟', 'طلب')).toEqual(['الطلب']);
    expect(marked('Refunded yesterday, refund again?', 'REFUND')).toEqual(['Refunded', 'refund']);
    expect(marked('nothing here', 'refund')).toEqual([]);
  });

  it('cuts a long line around its first mark and moves the marks with it', () => {
    const text = `${'الف '.repeat(60)}سفارش ۹۹ ${'ب '.repeat(80)}`;
    const piece = snippet(text, markWords(text, queryWords('سفارش')), 60);
    expect(piece.text.startsWith('…') && piece.text.endsWith('…')).toBe(true);
    expect(piece.marks.map(([a, b]) => piece.text.slice(a, b))).toEqual(['سفارش']);
    expect(snippet('short', [[0, 5]])).toEqual({ text: 'short', marks: [[0, 5]] });
  });
});
