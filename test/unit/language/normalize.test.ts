import { describe, expect, it } from 'vitest';
import { foldForSearch, normalizeText } from '../../../src/language/normalize.ts';

describe('foldForSearch', () => {
  it('unifies Arabic yeh and kaf with the Persian letters', () => {
    expect(foldForSearch('كيف')).toBe(foldForSearch('کیف'));
    expect(foldForSearch('مشتري')).toBe('مشتری');
    expect(foldForSearch('على')).toBe('علی');
    expect(foldForSearch('كارت')).toBe('کارت');
  });

  it('joins a word written with ZWNJ (می‌خواهم = میخواهم)', () => {
    expect(foldForSearch('می\u200cخواهم')).toBe('میخواهم');
    expect(foldForSearch('کتاب\u200cها')).toBe(foldForSearch('کتابها'));
  });

  it('turns Persian and Arabic-Indic digits into ASCII', () => {
    expect(foldForSearch('سفارش ۱۲۳۴')).toBe('سفارش 1234');
    expect(foldForSearch('طلب ٥٦٧')).toBe('طلب 567');
  });

  it('strips harakat, tatweel and bidi marks', () => {
    expect(foldForSearch('كِتَابٌ')).toBe('کتاب');
    expect(foldForSearch('ســـــلام')).toBe('سلام');
    expect(foldForSearch('\u202Bسلام\u202C \u200Fdone\u200E')).toBe('سلام done');
  });

  it('folds hamza forms, alef variants and teh marbuta', () => {
    expect(foldForSearch('أين')).toBe('این');
    expect(foldForSearch('إرجاع')).toBe('ارجاع');
    expect(foldForSearch('آمازون')).toBe('امازون');
    expect(foldForSearch('مسؤول')).toBe('مسوول');
    expect(foldForSearch('فاتورة')).toBe('فاتوره');
  });

  it('lower-cases and turns punctuation, Arabic comma and question mark into spaces', () => {
    expect(foldForSearch('Where is MY order?!')).toBe('where is my order');
    expect(foldForSearch('سلام، سفارشم کجاست؟')).toBe('سلام سفارشم کجاست');
    expect(foldForSearch('نعم؛ شكرا')).toBe('نعم شکرا');
    expect(foldForSearch('Café')).toBe('cafe');
  });

  it('maps Arabic presentation forms to letters (NFKC)', () => {
    expect(foldForSearch('\uFEDF\uFEE4\uFEEE')).toBe(foldForSearch('لمو'));
  });
});

describe('normalizeText', () => {
  it('keeps the letters a customer typed and ZWNJ', () => {
    expect(normalizeText('كيف حالك؟')).toBe('كيف حالك؟');
    expect(normalizeText('می\u200cخواهم')).toBe('می\u200cخواهم');
  });

  it('removes invisible and bidi control characters and collapses spaces', () => {
    expect(normalizeText('  سلام\u200F   \u200Bدنیا  ')).toBe('سلام دنیا');
  });

  it('writes Persian ی and ک in Persian text', () => {
    expect(normalizeText('كتاب مي\u200cخواهم', 'fa')).toBe('کتاب می\u200cخواهم');
  });
});
