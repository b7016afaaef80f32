import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DIGIT_POLICY,
  digitPolicy,
  formatNumber,
  localizeDigits,
  readDigitPolicy,
  toAsciiDigits,
  withDigits,
  writeDigits,
} from '../../../src/language/digits.ts';

const D = DEFAULT_DIGIT_POLICY;
const LATIN = digitPolicy({ DIGITS_FA: 'latin', DIGITS_AR: 'latin' });

describe('toAsciiDigits and writeDigits', () => {
  it('converts Persian and Arabic-Indic digits to ASCII', () => {
    expect(toAsciiDigits('۱۲۳ و ٤٥٦')).toBe('123 و 456');
  });

  it('writes every digit, whatever its script, in one style', () => {
    expect(writeDigits('9:30 و ۱۴ و ٢١', 'persian')).toBe('۹:۳۰ و ۱۴ و ۲۱');
    expect(writeDigits('9:30 و ۱۴ و ٢١', 'arabic')).toBe('٩:٣٠ و ١٤ و ٢١');
    expect(writeDigits('9:30 و ۱۴ و ٢١', 'latin')).toBe('9:30 و 14 و 21');
  });
});

describe('localizeDigits under the default policy', () => {
  it('writes Persian digits for fa and Arabic-Indic digits for ar', () => {
    expect(localizeDigits('ارسال 3 تا 5 روز', 'fa', D)).toBe('ارسال ۳ تا ۵ روز');
    expect(localizeDigits('التوصيل خلال 3 أيام', 'ar', D)).toBe('التوصيل خلال ٣ أيام');
    expect(localizeDigits('within 3 days', 'en', D)).toBe('within 3 days');
  });

  it('makes an Arabic article and an Arabic notice agree (14 and ٩:٠٠ were mixed)', () => {
    expect(localizeDigits('خلال 14 يومًا، من 9:00 إلى ٢١:٠٠', 'ar', D)).toBe(
      'خلال ١٤ يومًا، من ٩:٠٠ إلى ٢١:٠٠',
    );
  });

  it('leaves URLs, e-mail addresses, international phone numbers and codes alone', () => {
    const text =
      'https://shop.example/r/42 و support2@shop.example یا +971 4 555 0100، سفارش ORD-12345 و 3-D Secure: 7 روز';
    expect(localizeDigits(text, 'fa', D)).toBe(
      'https://shop.example/r/42 و support2@shop.example یا +971 4 555 0100، سفارش ORD-12345 و 3-D Secure: ۷ روز',
    );
    expect(localizeDigits('اتصل على +971 4 555 0100 خلال 3 أيام', 'ar', D)).toBe(
      'اتصل على +971 4 555 0100 خلال ٣ أيام',
    );
  });

  it('turns Persian digits back into ASCII for English', () => {
    expect(localizeDigits('order ۱۲', 'en', D)).toBe('order 12');
  });
});

describe('localizeDigits with Latin digits for Persian and Arabic', () => {
  it('writes every digit as ASCII, also those the author wrote in Persian or Arabic', () => {
    expect(localizeDigits('ساعات پشتیبانی ۹:۰۰ تا ۲۱:۰۰', 'fa', LATIN)).toBe('ساعات پشتیبانی 9:00 تا 21:00');
    expect(localizeDigits('من ٩:٠٠ إلى 21:00', 'ar', LATIN)).toBe('من 9:00 إلى 21:00');
  });
});

describe('the policy', () => {
  it('comes from DIGITS_FA and DIGITS_AR; English is always Latin', () => {
    expect(digitPolicy({ DIGITS_FA: 'persian', DIGITS_AR: 'latin' })).toEqual({
      fa: 'persian',
      ar: 'latin',
      en: 'latin',
    });
  });

  it('is read back from JSON, unknown values keeping the default', () => {
    expect(readDigitPolicy({ fa: 'latin', ar: 'arabic' })).toEqual({
      fa: 'latin',
      ar: 'arabic',
      en: 'latin',
    });
    expect(readDigitPolicy({ fa: 'arabic', ar: 'persian', en: 'persian' })).toEqual(D);
    expect(readDigitPolicy(undefined)).toEqual(D);
  });
});

describe('formatNumber and withDigits', () => {
  it('uses each language’s separators and the policy’s digits', () => {
    expect(formatNumber(1234567, 'fa', D)).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber(1234567, 'ar', D)).toBe('١٬٢٣٤٬٥٦٧');
    expect(formatNumber(1234567, 'en', D)).toBe('1,234,567');
    expect(formatNumber(1234567, 'fa', LATIN)).toMatch(/^1\D234\D567$/);
    expect(formatNumber(42, 'ar', LATIN)).toBe('42');
  });

  it('puts the numbering system into a locale, keeping its other extensions', () => {
    expect(withDigits('fa-IR-u-ca-persian', 'latin')).toBe('fa-IR-u-ca-persian-nu-latn');
    expect(withDigits('ar-AE', 'arabic')).toBe('ar-AE-u-nu-arab');
    expect(withDigits('fa-IR-u-ca-persian-nu-arabext', 'latin')).toBe('fa-IR-u-ca-persian-nu-latn');
  });
});
