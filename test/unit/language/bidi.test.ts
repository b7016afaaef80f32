import { describe, expect, it } from 'vitest';
import {
  directionMark,
  firstStrong,
  foreignRuns,
  isolateRuns,
  LRI,
  LRM,
  PDI,
  RLI,
  RLM,
  textDirection,
} from '../../../src/language/bidi.ts';

/** The text with isolates shown as ⟦…⟧ (left to right) and ⟪…⟫ (right to left), marks as {RLM}/{LRM}. */
function shown(text: string): string {
  let out = '';
  const open: string[] = [];
  for (const char of text) {
    if (char === LRI || char === RLI) {
      open.push(char === LRI ? '⟧' : '⟫');
      out += char === LRI ? '⟦' : '⟪';
    } else if (char === PDI) out += open.pop() ?? '?';
    else if (char === RLM) out += '{RLM}';
    else if (char === LRM) out += '{LRM}';
    else out += char;
  }
  return out;
}

describe('textDirection: the way most words read', () => {
  it('reads a Persian or Arabic notice with a Latin agent name right to left', () => {
    expect(textDirection('Admin از تیم پشتیبانی به گفت‌وگو پیوست.')).toBe('rtl');
    expect(textDirection('انضم Admin من فريقنا إلى المحادثة.')).toBe('rtl');
  });

  it('reads an English notice with a Persian name left to right', () => {
    expect(textDirection('سارا from our team has joined the chat.')).toBe('ltr');
  });

  it('does not count URLs and e-mail addresses as words', () => {
    expect(textDirection('https://tabasom.example/returns/policy را ببینید')).toBe('rtl');
    expect(textDirection('support@tabasom.example ایمیل')).toBe('rtl');
  });

  it('gives a tie to the first letter and has no direction without letters', () => {
    expect(textDirection('Apple سیب')).toBe('ltr');
    expect(textDirection('سیب Apple')).toBe('rtl');
    expect(textDirection('+971 4 555 0100')).toBeUndefined();
  });
});

describe('isolateRuns in right-to-left text', () => {
  it('isolates the phone number, so its digits keep their order', () => {
    expect(shown(isolateRuns('تلفن: +971 4 555 0100', 'rtl'))).toBe('تلفن: ⟦+971 4 555 0100⟧');
    expect(shown(isolateRuns('اتصل على +971 4 555 0100.', 'rtl'))).toBe('اتصل على ⟦+971 4 555 0100⟧.');
  });

  it('isolates "3-D Secure" inside its brackets (it read "(D Secure-3)")', () => {
    expect(shown(isolateRuns('کد تأیید امنیتی بانک (3-D Secure) که', 'rtl'))).toBe(
      'کد تأیید امنیتی بانک (⟦3-D Secure⟧) که',
    );
    expect(shown(isolateRuns('رمز التحقق (3-D Secure): أدخل', 'rtl'))).toBe(
      'رمز التحقق (⟦3-D Secure⟧): أدخل',
    );
  });

  it('isolates e-mail addresses, URLs, order numbers and Latin names, leaving the sentence’s full stop outside', () => {
    expect(shown(isolateRuns('ایمیل support@tabasom.example است.', 'rtl'))).toBe(
      'ایمیل ⟦support@tabasom.example⟧ است.',
    );
    expect(shown(isolateRuns('سایت tabasom.example؛ هر وقت', 'rtl'))).toBe('سایت ⟦tabasom.example⟧؛ هر وقت');
    expect(shown(isolateRuns('سفارش ORD-12345 رسید', 'rtl'))).toBe('سفارش ⟦ORD-12345⟧ رسید');
    expect(shown(isolateRuns('Admin از تیم پشتیبانی به گفت‌وگو پیوست.', 'rtl'))).toBe(
      '⟦Admin⟧ از تیم پشتیبانی به گفت‌وگو پیوست.',
    );
    expect(shown(isolateRuns('مثل Apple Pay أو الدفع', 'rtl'))).toBe('مثل ⟦Apple Pay⟧ أو الدفع');
  });

  it('leaves lone numbers, times and ranges to the right-to-left text', () => {
    for (const text of [
      'ظرف ۳ تا ۷ روز',
      'خلال 3 إلى 7 أيام',
      'من 9:00–21:00',
      'ساعت ۹:۰۰ تا ۲۱:۰۰',
      '۵۰٪ تخفیف',
    ]) {
      expect(isolateRuns(text, 'rtl')).toBe(text);
    }
  });

  it('does not isolate again what is already isolated', () => {
    const once = isolateRuns('با Admin صحبت کنید', 'rtl');
    expect(isolateRuns(once, 'rtl')).toBe(once);
  });
});

describe('isolateRuns in left-to-right text', () => {
  it('isolates a Persian or Arabic name and its digits', () => {
    expect(shown(isolateRuns('سارا from our team has joined the chat.', 'ltr'))).toBe(
      '⟪سارا⟫ from our team has joined the chat.',
    );
    expect(shown(isolateRuns('Order سفارش ۱۲: 3 items', 'ltr'))).toBe('Order ⟪سفارش ۱۲⟫: 3 items');
  });

  it('leaves English alone', () => {
    const text = 'Call +971 4 555 0100 or write to support@tabasom.example.';
    expect(isolateRuns(text, 'ltr')).toBe(text);
    expect(foreignRuns(text, 'ltr')).toEqual([]);
  });
});

describe('directionMark and firstStrong', () => {
  it('marks a right-to-left line whose first letter is Latin, counting letters inside isolates', () => {
    const line = isolateRuns('Admin از تیم پشتیبانی به گفت‌وگو پیوست.', 'rtl');
    expect(firstStrong(line)).toBe('rtl'); // as Unicode's rule reads it
    expect(firstStrong(line, false)).toBe('ltr'); // as a client that does not know isolates reads it
    expect(directionMark(line, 'rtl')).toBe(RLM);
    expect(directionMark('از تیم', 'rtl')).toBe('');
    expect(directionMark('+971 4 555 0100', 'rtl')).toBe(RLM);
    expect(directionMark('سارا joined', 'ltr')).toBe(LRM);
  });
});
