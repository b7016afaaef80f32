import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import type { AngerDetector } from '../../../src/sentiment/detector.ts';
import { evidenceOf, productDetector } from './helpers.ts';

let detector: AngerDetector;
beforeAll(async () => {
  detector = await productDetector();
});

const score = (text: string, language: Language) => detector.scoreMessage(text, language);

describe('de-escalation', () => {
  it.each([
    ['no problem, thanks anyway', 'en', ['no problem', 'thanks anyway']],
    ['no worries, take your time', 'en', ['no worries', 'take your time']],
    ['مشکلی نیست، ممنون', 'fa', ['مشکلی نیست', 'ممنون']],
    ['اشکال نداره، دستتون درد نکنه', 'fa', ['اشکال نداره', 'دستتون درد نکنه']],
    ['لا مشكلة، شكراً', 'ar', ['لا مشكلة', 'شكراً']],
    ['ولا يهمك، يعطيك العافية', 'ar', ['ولا يهمك', 'يعطيك العافية']],
  ] as const)('%s is calm and says why', (text, language, evidence) => {
    const result = score(text, language);
    expect(result.level).toBe('calm');
    expect(evidenceOf(result, 'deescalation')).toEqual([...evidence]);
    expect(result.reasons.filter((r) => r.signal === 'deescalation').every((r) => r.weight < 0)).toBe(true);
  });

  it.each([
    ['this is ridiculous', 'this is ridiculous, but no problem, thanks', 'en'],
    ['هنوز نرسیده، چرا جواب نمیدید', 'هنوز نرسیده، چرا جواب نمیدید؟ ولی مشکلی نیست، ممنون', 'fa'],
    ['طفشت، كل مرة نفس الشي', 'طفشت، كل مرة نفس الشي. بس لا مشكلة، شكرا', 'ar'],
  ] as const)('calms an annoyed message: %s', (angry, calmer, language) => {
    expect(score(calmer, language).score).toBeLessThan(score(angry, language).score);
  });

  it('does not let a sarcastic "thanks" hide anger', () => {
    const result = score('thanks for nothing', 'en');
    expect(evidenceOf(result, 'frustration')).toEqual(['thanks for nothing']);
    expect(evidenceOf(result, 'deescalation')).toEqual([]);
    expect(result.level).not.toBe('calm');
  });

  it('keeps a strong insult angry even with "thanks"', () => {
    expect(score('thanks, you idiots', 'en').level).not.toBe('calm');
    expect(score('مرسی بیشعورا', 'fa').level).not.toBe('calm');
  });
});

describe('explicit request for a person', () => {
  it.each([
    ['I want to talk to a human', 'en', 'human'],
    ['can I speak to a real person please', 'en', 'real person'],
    ['get me an agent', 'en', 'agent'],
    ['representative', 'en', 'representative'],
    ['میخوام با اپراتور صحبت کنم', 'fa', 'اپراتور'],
    ['لطفا وصلم کنید به کارشناس', 'fa', 'کارشناس'],
    ['یه آدم واقعی میخوام', 'fa', 'یه آدم واقعی'],
    ['نمیخوام با ربات حرف بزنم', 'fa', 'نمیخوام با ربات'],
    ['ابي اكلم احد', 'ar', 'ابي اكلم احد'],
    ['ابغى اكلم موظف', 'ar', 'موظف'],
    ['بدي احكي مع حدا', 'ar', 'بدي احكي مع حدا'],
    ['عايز اكلم حد من خدمة العملاء', 'ar', 'عايز اكلم حد'],
    ['أريد التحدث مع شخص حقيقي', 'ar', 'شخص حقيقي'],
  ] as const)('%s', (text, language, evidence) => {
    const result = score(text, language);
    expect(result.wantsPerson).toBe(true);
    expect(result.personEvidence).toContain(evidence);
  });

  it('is a separate flag, not anger', () => {
    const result = score('can I talk to an agent', 'en');
    expect(result.wantsPerson).toBe(true);
    expect(result.level).toBe('calm');
  });

  it('does not fire on weak hints alone', () => {
    expect(score('the customer service page says 3 days', 'en').wantsPerson).toBe(false);
    expect(score('پشتیبانی سایت تا کی کار میکنه؟', 'fa').wantsPerson).toBe(false);
    expect(score('هل يوجد دعم فني في الموقع؟', 'ar').wantsPerson).toBe(false);
  });
});
