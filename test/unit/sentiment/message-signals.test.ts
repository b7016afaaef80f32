import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { type AngerDetector, isAngry } from '../../../src/sentiment/detector.ts';
import { evidenceOf, productDetector } from './helpers.ts';

let detector: AngerDetector;
beforeAll(async () => {
  detector = await productDetector();
});

const score = (text: string, language: Language) => detector.scoreMessage(text, language);

describe('calm customer questions stay calm', () => {
  it.each([
    ['Where is my order? It was supposed to arrive yesterday.', 'en'],
    ['How do I reset my password?', 'en'],
    ['Can I pay by card on delivery?', 'en'],
    ['سفارشم کجاست؟ دیروز باید می‌رسید', 'fa'],
    ['چطور رمز عبورمو عوض کنم؟', 'fa'],
    ['هزینه ارسال به شیراز چقدره؟', 'fa'],
    ['أين طلبي؟ كان من المفروض يوصل أمس', 'ar'],
    ['كيف أغير كلمة المرور', 'ar'],
    ['وين طلبي؟', 'ar'],
    ['عايز اعرف الطلب هيوصل امتى', 'ar'],
  ] as const)('%s', (text, language) => {
    const result = score(text, language);
    expect(result.level).toBe('calm');
    expect(result.reasons.filter((r) => r.weight > 0.2)).toEqual([]);
  });
});

describe('anger and frustration words and phrases', () => {
  it.each([
    ['This is absolutely unacceptable, I am furious', 'en', 'furious'],
    ['I am so fed up with this company', 'en', 'so fed up'],
    ['this is rediculous', 'en', 'rediculous'],
    ['خیلی افتضاحه، اعصابم خورد شد', 'fa', 'اعصابم خورد'],
    ['دیگه خسته شدم از دستتون', 'fa', 'دیگه خسته شدم'],
    ['کلافه شدم', 'fa', 'کلافه'],
    ['این چه وضعشه آخه', 'fa', 'این چه وضعشه'],
    ['هذا غير مقبول، أنا غاضب جداً', 'ar', 'غاضب جداً'],
    ['طفشت منكم', 'ar', 'طفشت'],
    ['زهقت بجد', 'ar', 'زهقت بجد'],
    ['ايش هالخدمة', 'ar', 'ايش هالخدمة'],
    ['مهزلة والله', 'ar', 'مهزلة والله'],
  ] as const)('%s', (text, language, evidence) => {
    const result = score(text, language);
    expect(result.level).not.toBe('calm');
    expect(evidenceOf(result, 'anger')).toContain(evidence);
  });

  it.each([
    ['still waiting for my refund, this is the third time I ask', 'en', ['still waiting', 'third time']],
    ['سه بار پیام دادم هنوز نرسیده، چرا جواب نمیدید؟', 'fa', ['چرا جواب نمیدید', 'هنوز نرسیده']],
    ['چند بار باید بگم؟ تا کی باید صبر کنم', 'fa', ['چند بار باید بگم', 'تا کی']],
    ['ليش ما حد يرد؟ كل مرة نفس الشي', 'ar', ['ليش ما حد يرد', 'كل مرة نفس الشي']],
    ['بقالي اسبوعين والطلب لسه ما وصل', 'ar', ['بقالي', 'لسه ما وصل']],
  ] as const)('frustration: %s', (text, language, evidence) => {
    const result = score(text, language);
    expect(isAngry(result)).toBe(true);
    expect(evidenceOf(result, 'frustration')).toEqual(expect.arrayContaining([...evidence]));
  });
});

describe('insults and profanity', () => {
  it.each([
    ['you guys are idiots', 'en', 'idiots'],
    ['what a bunch of morons', 'en', 'morons'],
    ['شما واقعا بیشعورید', 'fa', 'واقعا بیشعورید'],
    ['کلاهبردارا', 'fa', 'کلاهبردارا'],
    ['انتو حرامية ونصابين', 'ar', 'حرامية'],
    ['يا حيوان', 'ar', 'يا حيوان'],
  ] as const)('%s', (text, language, evidence) => {
    const result = score(text, language);
    expect(isAngry(result)).toBe(true);
    expect(evidenceOf(result, 'insult')).toContain(evidence);
  });

  it('weights strong profanity above mild insults', () => {
    const mild = score('clown', 'en').reasons.find((r) => r.signal === 'insult')?.weight ?? 0;
    const strong = score('fuck you', 'en').reasons.find((r) => r.signal === 'insult')?.weight ?? 0;
    expect(strong).toBeGreaterThan(mild);
  });
});

describe('threats to leave, cancel or complain', () => {
  it.each([
    ['I will file a chargeback and leave a bad review', 'en', 'chargeback'],
    ['I am calling my lawyer', 'en', 'my lawyer'],
    ['اگه تا فردا درست نشه دیگه خرید نمیکنم', 'fa', 'دیگه خرید نمیکنم'],
    ['ازتون شکایت میکنم', 'fa', 'ازتون شکایت'],
    ['بکنسل میکنم', 'fa', 'بکنسل میکنم'],
    ['سأشتكي', 'ar', 'سأشتكي'],
    ['هقدم شكوى في حماية المستهلك', 'ar', 'هقدم شكوى'],
    ['ما راح اتعامل معكم مرة ثانية', 'ar', 'ما راح اتعامل معكم'],
  ] as const)('%s', (text, language, evidence) => {
    const result = score(text, language);
    expect(isAngry(result)).toBe(true);
    expect(evidenceOf(result, 'threat')).toContain(evidence);
  });
});

describe('intensifiers', () => {
  it.each([
    ['annoying', 'very annoying', 'en'],
    ['بد', 'خیلی بد', 'fa'],
    ['سيء', 'سيء جدا', 'ar'],
  ] as const)('"%s" < "%s"', (plain, intensified, language) => {
    const a = score(plain, language);
    const b = score(intensified, language);
    expect(b.score).toBeGreaterThan(a.score);
    expect(b.reasons[0]?.evidence).toBe(intensified);
  });

  it('lets one intensifier strengthen one phrase only', () => {
    const result = score('خدمة سيئة جداً، ليش ما حد يرد', 'ar');
    expect(evidenceOf(result, 'anger')).toEqual(['سيئة جداً']);
    expect(evidenceOf(result, 'frustration')).toEqual(['ليش ما حد يرد']);
  });
});

describe('downtoners', () => {
  it.each([
    ['کلافه شدم', 'کمی کلافه شدم', 'fa'],
    ['annoying', 'a bit annoying', 'en'],
    ['أنا متضايق', 'أنا متضايق شوي', 'ar'],
  ] as const)('"%s" > "%s"', (plain, softened, language) => {
    const a = score(plain, language);
    const b = score(softened, language);
    expect(b.score).toBeGreaterThan(0);
    expect(b.score).toBeLessThan(a.score);
  });

  it('keeps "a bit frustrated" out of angry, so the bot acknowledges instead of handing over', () => {
    expect(score('کلافه شدم', 'fa').level).toBe('angry');
    expect(score('کمی کلافه شدم', 'fa').level).toBe('annoyed');
    expect(score('یه کم کلافه‌ام', 'fa').level).toBe('annoyed');
  });
});

describe('negation', () => {
  it.each([
    ['I am not angry, just asking', 'en', 'not angry'],
    ['عصبانی نیستم، فقط یه سوال دارم', 'fa', 'عصبانی نیستم'],
    ['لست غاضباً', 'ar', 'لست غاضباً'],
    ['مش زعلان بس عايز اعرف', 'ar', 'مش زعلان'],
  ] as const)('%s', (text, language, evidence) => {
    const result = score(text, language);
    expect(result.level).toBe('calm');
    const reason = result.reasons.find((r) => r.evidence === evidence);
    expect(reason?.weight).toBeLessThan(0.2);
  });

  it('does not reach across a sentence', () => {
    const result = score('It is not broken. It is ridiculous', 'en');
    expect(evidenceOf(result, 'anger')).toContain('ridiculous');
    expect(result.reasons.find((r) => r.evidence === 'ridiculous')?.weight).toBe(0.5);
  });
});

describe('shouting, punctuation and emoji', () => {
  it('notices capitals', () => {
    const result = score('WHERE IS MY PACKAGE', 'en');
    expect(evidenceOf(result, 'shouting')).toEqual(['WHERE PACKAGE']);
    expect(result.level).not.toBe('calm');
    expect(evidenceOf(score('My PIN does not work', 'en'), 'shouting')).toEqual([]);
  });

  it.each([
    ['where is my package?!?!', 'en', '?!?!'],
    ['چرا؟؟؟', 'fa', '؟؟؟'],
    ['خدمة زفت!!!', 'ar', '!!!'],
  ] as const)('notices repeated punctuation in %s', (text, language, evidence) => {
    expect(evidenceOf(score(text, language), 'punctuation')).toEqual([evidence]);
  });

  it('counts "!!!" more than "??"', () => {
    const weight = (text: string) =>
      score(text, 'fa').reasons.find((r) => r.signal === 'punctuation')?.weight ?? 0;
    expect(weight('کی میرسه!!!')).toBeGreaterThan(weight('کی میرسه؟؟'));
  });

  it('reads angry emoji in every language', () => {
    for (const [text, language] of [
      ['terrible service 😡', 'en'],
      ['هنوز نرسیده 🤬', 'fa'],
      ['وين الطلب 😡😡', 'ar'],
    ] as const) {
      expect(evidenceOf(score(text, language), 'emoji').length).toBe(1);
    }
  });
});

describe('colloquial and misspelled forms', () => {
  it.each([
    ['this is sooooo annoying', 'en', 'sooooo annoying'],
    ['u r idiots', 'en', 'idiots'],
    ['خیییلی افتضاحههه', 'fa', 'خیییلی افتضاحههه'],
    ['اعصابم خورد شد', 'fa', 'اعصابم خورد'],
    ['اعصابم خرد شد', 'fa', 'اعصابم خرد'],
    ['زفتتتت', 'ar', 'زفتتتت'],
    ['خدمه سيئه', 'ar', 'سيئه'],
    ['وزفت', 'ar', 'وزفت'],
  ] as const)('%s', (text, language, evidence) => {
    const result = score(text, language);
    expect(result.reasons.map((r) => r.evidence)).toContain(evidence);
    expect(result.level).not.toBe('calm');
  });

  it('matches Persian typed with Arabic letters and without the half-space', () => {
    const a = score('چرا جواب نمی‌دید', 'fa');
    const b = score('چرا جواب نمی دید', 'fa');
    const c = score('چرا جواب نميديد', 'fa');
    expect(a.score).toBeGreaterThan(0.5);
    expect(b.score).toBe(a.score);
    expect(c.score).toBe(a.score);
    expect(evidenceOf(b, 'frustration')).toEqual(['چرا جواب نمی دید']);
  });
});
