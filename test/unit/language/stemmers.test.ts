import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/language/analyze.ts';
import { stemArabic } from '../../../src/language/stem-ar.ts';
import { stemEnglish } from '../../../src/language/stem-en.ts';
import { stemPersian } from '../../../src/language/stem-fa.ts';
import { tokenize } from '../../../src/language/tokenize.ts';

describe('stemPersian', () => {
  it('removes plural and possessive suffixes', () => {
    expect(stemPersian('کتابها')).toBe('کتاب');
    expect(stemPersian('کتابهایم')).toBe('کتاب');
    expect(stemPersian('سفارشهایمان')).toBe('سفارش');
    expect(stemPersian('اطلاعات')).toBe('اطلاع');
    expect(stemPersian('کاربران', (w) => w === 'کاربر')).toBe('کاربر');
    expect(stemPersian('رستوران')).toBe('رستوران');
    expect(stemPersian('اصفهان', (w) => w === 'رستوران')).toBe('اصفهان');
  });

  it('removes comparative and superlative suffixes', () => {
    expect(stemPersian('ارزانترین')).toBe('ارزان');
    expect(stemPersian('سریعتر')).toBe('سریع');
  });

  it('removes verb prefixes and personal endings', () => {
    expect(stemPersian('میخواهم')).toBe('خوا');
    expect(stemPersian('نمیخواهم')).toBe('خوا');
    expect(stemPersian('میخوام')).toBe('خوا');
    expect(stemPersian('میتونم')).toBe(stemPersian('میتوانم'));
    expect(stemPersian('میشه')).toBe(stemPersian('میشود'));
    expect(stemPersian('بخرم')).toBe('خر');
  });

  it('removes one-letter pronoun suffixes only when the rest is a known word', () => {
    expect(stemPersian('سفارشم')).toBe('سفارشم');
    expect(stemPersian('سفارشم', (w) => w === 'سفارش')).toBe('سفارش');
    expect(stemPersian('کارتم', (w) => w === 'کارت')).toBe('کارت');
  });

  it('never strips a word to fewer than 2 letters and leaves short words alone', () => {
    expect(stemPersian('تهران')).toBe('تهران');
    expect(stemPersian('ها')).toBe('ها');
    expect(stemPersian('میز')).toBe('میز');
  });
});

describe('stemArabic', () => {
  it('removes the article, conjunctions and common suffixes', () => {
    expect(stemArabic('المکتبات')).toBe('مکتب');
    expect(stemArabic('والمکتبات')).toBe('مکتب');
    expect(stemArabic('بالبطاقه')).toBe('بطاق');
    expect(stemArabic('بطاقتی')).toBe('بطاق');
    expect(stemArabic('المعلمون')).toBe('معلم');
    expect(stemArabic('یمکننی')).toBe(stemArabic('یمکنک'));
  });

  it('does not take the folded hamza of إلغاء or إلى for the article', () => {
    expect(stemArabic('الغاء')).toBe('الغاء');
    expect(stemArabic('الی')).toBe('الی');
  });

  it('leaves short words alone', () => {
    expect(stemArabic('من')).toBe('من');
    expect(stemArabic('کتب')).toBe('کتب');
  });
});

describe('stemEnglish', () => {
  it('uses the Porter stemmer', () => {
    expect(stemEnglish('refunds')).toBe('refund');
    expect(stemEnglish('charging')).toBe('charg');
    expect(stemEnglish('charged')).toBe('charg');
  });
});

describe('tokenize and analyze', () => {
  it('keeps Arabic script tokens', () => {
    expect(tokenize('سلام world 42')).toEqual(['سلام', 'world', '42']);
  });

  it('folds, drops stop words and stems', () => {
    expect(analyze('Where are my refunds?', 'en')).toEqual(['where', 'refund']);
    expect(analyze('می‌خواهم کتاب‌هایم را پس بدهم', 'fa')).toEqual(['خوا', 'کتاب', 'پس', 'ده']);
    expect(analyze('أين بطاقتي الجديدة؟', 'ar')).toEqual(['این', 'بطاق', 'جدید']);
  });
});
