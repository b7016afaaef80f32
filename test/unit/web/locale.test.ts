import { describe, expect, it } from 'vitest';
import {
  directionOf,
  formatDay,
  formatNumber,
  isolate,
  localDigits,
  preferredLanguage,
  translator,
} from '../../../web/shared/locale.ts';

describe('console locale', () => {
  it('writes numbers in the reader’s digits', () => {
    expect(formatNumber(1234.56, 'fa')).toBe('۱٬۲۳۴٫۶');
    expect(formatNumber(42, 'ar')).toBe('٤٢');
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
  });

  it('gives Persian readers the Persian calendar', () => {
    const day = Date.UTC(2026, 11, 7, 12);
    expect(formatDay(day, 'fa', 'Asia/Tehran')).toContain('۱۴۰۵');
    expect(formatDay(day, 'en', 'UTC')).toBe('7 Dec 2026');
  });

  it('fills placeholders, numbers in the reader’s digits', () => {
    const t = translator(
      {
        fa: { waiting: '{count} نفر در صف' },
        ar: { waiting: '{count} في الانتظار' },
        en: { waiting: '{count} waiting' },
      },
      'fa',
    );
    expect(t('waiting', { count: 12 })).toBe('۱۲ نفر در صف');
    expect(directionOf('ar')).toBe('rtl');
    expect(isolate('ORDER-42')).toBe('\u2068ORDER-42\u2069');
  });

  it("picks the saved language, else the browser's first known one, else the fallback", () => {
    expect(preferredLanguage('ar', ['fa-IR'])).toBe('ar');
    expect(preferredLanguage(null, ['de-DE', 'fa-IR', 'en'])).toBe('fa');
    expect(preferredLanguage('xx', ['de-DE'])).toBe('en');
    expect(preferredLanguage(undefined, [], 'fa')).toBe('fa');
  });

  it("writes a time or date in the reader's digits", () => {
    expect(localDigits('09:30-17:00', 'fa')).toBe('۰۹:۳۰-۱۷:۰۰');
    expect(localDigits('2026-12-07', 'ar')).toBe('٢٠٢٦-١٢-٠٧');
    expect(localDigits('09:30', 'en')).toBe('09:30');
  });
});
