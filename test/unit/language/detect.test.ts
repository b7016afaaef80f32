import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/language/detect.ts';

const lang = (text: string): string | undefined => detectLanguage(text)?.language;

describe('detectLanguage', () => {
  it('recognizes short Persian customer messages', () => {
    expect(lang('سفارشم کجاست')).toBe('fa');
    expect(lang('سفارشم كجاست')).toBe('fa'); // typed on an Arabic keyboard layout
    expect(lang('میخوام پس بدم')).toBe('fa');
    expect(lang('کی میرسه؟')).toBe('fa');
    expect(lang('میتونم نقدی پرداخت کنم')).toBe('fa');
    expect(lang('گوشی iPhone 15 من کی میرسه؟')).toBe('fa');
  });

  it('recognizes Modern Standard and dialect Arabic', () => {
    expect(lang('أين طلبي؟')).toBe('ar');
    expect(lang('كيف يمكنني إرجاع المنتج')).toBe('ar');
    expect(lang('هل يمكنني الدفع نقدا')).toBe('ar');
    expect(lang('وين طلبي')).toBe('ar');
    expect(lang('شو بدي اعمل')).toBe('ar');
    expect(lang('عايز ارجع المنتج')).toBe('ar');
    expect(lang('ابغى استرجع فلوسي')).toBe('ar');
  });

  it('recognizes English and English with a Persian word', () => {
    expect(lang('where is my order')).toBe('en');
    expect(lang('hi')).toBe('en');
    expect(lang('How do you say سلام in English?')).toBe('en');
  });

  it('gives "سلام" alone low confidence: it is Persian and Arabic', () => {
    const result = detectLanguage('سلام');
    expect(result?.confidence).toBe(0.5);
    expect(detectLanguage('سلام', { tieBreak: 'ar' })?.language).toBe('ar');
    expect(detectLanguage('سلام، سفارشم کجاست؟')?.confidence).toBeGreaterThan(0.8);
  });

  it('is more confident with more evidence', () => {
    const short = detectLanguage('مرحبا')?.confidence ?? 0;
    const long = detectLanguage('مرحبا، متى يصل الطلب الذي اشتريته من المتجر؟')?.confidence ?? 0;
    expect(long).toBeGreaterThan(short);
  });

  it('returns undefined for text without letters', () => {
    expect(detectLanguage('123')).toBeUndefined();
    expect(detectLanguage('👍')).toBeUndefined();
    expect(detectLanguage('  ?! ')).toBeUndefined();
    expect(detectLanguage('۱۲۳')).toBeUndefined();
  });
});

describe('detectLanguage on Persian typed with an Arabic keyboard layout', () => {
  it('still reads Persian from its words and verb endings', () => {
    expect(lang('سفارشم نرسيده')).toBe('fa');
    expect(lang('هنوز كارتم نرسيده')).toBe('fa');
    expect(lang('ميخوام كتاب بخرم')).toBe('fa');
  });

  it('does not take the shared word الآن for Persian', () => {
    expect(lang('حذف حسابي الآن من فضلك')).toBe('ar');
  });
});
