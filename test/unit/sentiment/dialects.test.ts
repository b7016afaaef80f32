/**
 * Realistic customer messages, hand-written: Persian (formal and colloquial), Arabic (Modern
 * Standard, Gulf, Levantine, Egyptian) and English. No public Arabic anger set may be shipped, so
 * these cases are the Arabic side's check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { type AngerDetector, isAngry } from '../../../src/sentiment/detector.ts';
import { productDetector } from './helpers.ts';

let detector: AngerDetector;
beforeAll(async () => {
  detector = await productDetector();
});

type Row = readonly [text: string, language: Language, note: string];

const ANGRY: readonly Row[] = [
  ['لقد انتظرت طويلاً دون أي رد، هذا أمر مخيب للآمال', 'ar', 'MSA'],
  ['هذا غير مقبول إطلاقاً وسأقدم شكوى', 'ar', 'MSA'],
  ['الخدمة عندكم زفت', 'ar', 'Gulf'],
  ['للحين ما وصل الطلب وصار لي اسبوعين', 'ar', 'Gulf'],
  ['والله العظيم ما عاد اتعامل معكم', 'ar', 'Gulf'],
  ['ايش هالخدمة؟ كل مرة نفس الشي', 'ar', 'Gulf'],
  ['شو هالحكي؟ صرلي ساعة عم استنى', 'ar', 'Levantine'],
  ['بدي مصاري ترجع، هاد نصب', 'ar', 'Levantine'],
  ['ما في حدا يرد؟ قرفتونا', 'ar', 'Levantine'],
  ['انتو بتستهبلوا؟', 'ar', 'Egyptian'],
  ['ايه القرف ده', 'ar', 'Egyptian'],
  ['بقالي اسبوع مستني ومحدش بيرد، هشتكيكم', 'ar', 'Egyptian'],
  ['حسبي الله عليكم', 'ar', 'common'],
  ['این سومین باره پیام میدم، چرا کسی جواب نمیده؟', 'fa', 'colloquial'],
  ['مسخره کردین مارو؟', 'fa', 'colloquial'],
  ['پولمو خوردید، ازتون شکایت میکنم', 'fa', 'colloquial'],
  ['واقعاً که خجالت نمی‌کشید؟ سه هفته‌ست منتظرم', 'fa', 'colloquial'],
  ['این رفتار غیرقابل قبول است و پیگیری قانونی خواهم کرد', 'fa', 'formal'],
  ['This is the worst customer service I have ever experienced', 'en', ''],
  ["I've contacted you three times already and nobody replies", 'en', ''],
  ['Unbelievable. Still no refund after a month, I am done with you people', 'en', ''],
];

const CALM: readonly Row[] = [
  ['أرجو الرد في أقرب وقت', 'ar', 'MSA'],
  ['ممكن اعرف وين وصل الطلب؟', 'ar', 'Gulf'],
  ['بدي الغي الطلب', 'ar', 'Levantine'],
  ['لو سمحت عايز اغير العنوان', 'ar', 'Egyptian'],
  ['الطلب وصل الحمدلله شكرا', 'ar', 'common'],
  ['سفارشم رو کنسل کنید لطفا', 'fa', 'colloquial'],
  ['ممنون، مشکلم حل شد', 'fa', 'colloquial'],
  ['لطفاً وضعیت سفارش را اعلام بفرمایید', 'fa', 'formal'],
  ['I want to cancel my order', 'en', ''],
  ['Please cancel my subscription', 'en', ''],
  ['Could you please check the status?', 'en', ''],
];

describe('angry customers', () => {
  it.each(ANGRY)('%s (%s %s)', (text, language) => {
    const result = detector.scoreMessage(text, language);
    expect(isAngry(result), JSON.stringify(result.reasons)).toBe(true);
    expect(result.reasons.length).toBeGreaterThan(0);
  });
});

describe('calm customers, including plain cancellations', () => {
  it.each(CALM)('%s (%s %s)', (text, language) => {
    const result = detector.scoreMessage(text, language);
    expect(result.level, JSON.stringify(result.reasons)).toBe('calm');
    expect(result.wantsPerson).toBe(false);
  });
});

describe('a complaint about an employee is not a request for one', () => {
  it('الموظف كان قليل ادب معي', () => {
    const result = detector.scoreMessage('الموظف كان قليل ادب معي', 'ar');
    expect(result.wantsPerson).toBe(false);
    expect(isAngry(result)).toBe(true);
  });
});

describe('false friends: words that look like anger but are not', () => {
  const rows: readonly Row[] = [
    ['I thought I had enough money on the card', 'en', 'had enough'],
    ['how many bags can I check in', 'en', 'how many'],
    ['لطفا کارهای سفارشم رو انجام بده', 'fa', 'بده = give'],
    ['چندشنبه میرسه؟', 'fa', 'چندشنبه is not چندش'],
    ['یه چرت بزنم بعد پیگیری میکنم', 'fa', 'چرت = nap'],
    ['خط پشتیبانی اشغاله', 'fa', 'اشغال = busy'],
    ['تم تحصيل مبلغ خاطئ لعنصر اشتريته', 'ar', 'لعنصر is ل + عنصر'],
    ['متى يصل الموظف لاستلام الشحنة؟', 'ar', 'the courier'],
  ];
  it.each(rows)('%s (%s: %s)', (text, language) => {
    expect(detector.scoreMessage(text, language).level).toBe('calm');
  });

  it('"call me Alex" is not a request for a person, "call me back" is', () => {
    expect(detector.scoreMessage('you can call me Alex', 'en').wantsPerson).toBe(false);
    expect(detector.scoreMessage('can someone call me back please', 'en').wantsPerson).toBe(true);
  });
});
