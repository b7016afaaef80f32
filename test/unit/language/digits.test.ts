import { describe, expect, it } from 'vitest';
import { formatNumber, localizeDigits, toAsciiDigits } from '../../../src/language/digits.ts';

describe('toAsciiDigits', () => {
  it('converts Persian and Arabic-Indic digits', () => {
    expect(toAsciiDigits('۱۲۳ و ٤٥٦')).toBe('123 و 456');
  });
});

describe('localizeDigits', () => {
  it('writes Persian digits for fa and Arabic-Indic digits for ar', () => {
    expect(localizeDigits('ارسال 3 تا 5 روز', 'fa')).toBe('ارسال ۳ تا ۵ روز');
    expect(localizeDigits('التوصيل خلال 3 أيام', 'ar')).toBe('التوصيل خلال ٣ أيام');
    expect(localizeDigits('within 3 days', 'en')).toBe('within 3 days');
  });

  it('leaves URLs, e-mail addresses, international phone numbers and codes alone', () => {
    const text =
      'https://shop.example/r/42 و support2@shop.example یا +971 4 555 0100، سفارش ORD-12345: 7 روز';
    expect(localizeDigits(text, 'fa')).toBe(
      'https://shop.example/r/42 و support2@shop.example یا +971 4 555 0100، سفارش ORD-12345: ۷ روز',
    );
  });

  it('turns Persian digits back into ASCII for English', () => {
    expect(localizeDigits('order ۱۲', 'en')).toBe('order 12');
  });
});

describe('formatNumber', () => {
  it('uses each language’s digits and separators', () => {
    expect(formatNumber(1234567, 'fa')).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber(1234567, 'ar')).toBe('١٬٢٣٤٬٥٦٧');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });
});
