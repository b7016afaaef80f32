import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/language/counted-words.ts';
import { DEFAULT_DIGIT_POLICY, LATIN_DIGITS } from '../../../src/language/digits.ts';

describe('minutes and hours counted in each language', () => {
  it('gives Arabic its one, dual, plural (3-10) and singular (11+) forms, in Arabic-Indic digits', () => {
    const ar = (n: number) => formatCount('minutes', n, 'ar', DEFAULT_DIGIT_POLICY);
    expect([1, 2, 5, 10, 15, 100].map(ar)).toEqual([
      'دقيقة واحدة',
      'دقيقتين',
      '٥ دقائق',
      '١٠ دقائق',
      '١٥ دقيقة',
      '١٠٠ دقيقة',
    ]);
    expect(formatCount('hours', 3, 'ar', DEFAULT_DIGIT_POLICY)).toBe('٣ ساعات');
  });

  it('gives English one and other, and Persian one form in Persian digits', () => {
    expect(formatCount('minutes', 1, 'en', DEFAULT_DIGIT_POLICY)).toBe('1 minute');
    expect(formatCount('minutes', 15, 'en', DEFAULT_DIGIT_POLICY)).toBe('15 minutes');
    expect(formatCount('minutes', 15, 'fa', DEFAULT_DIGIT_POLICY)).toBe('۱۵ دقیقه');
  });

  it('rounds to a whole count of at least one, and keeps ASCII digits for text localized later', () => {
    expect(formatCount('minutes', 9.6, 'ar', LATIN_DIGITS)).toBe('10 دقائق');
    expect(formatCount('minutes', 0.2, 'en', LATIN_DIGITS)).toBe('1 minute');
  });
});
