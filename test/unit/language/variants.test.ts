import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../../src/language/normalize.ts';
import { arabicVariants } from '../../../src/language/variants-ar.ts';
import { joinPersianAffixes, persianVariants } from '../../../src/language/variants-fa.ts';
import { wordVariants } from '../../../src/language/variants.ts';

const f = (word: string): string => foldForSearch(word);
/** Every candidate of every round, folded words compared. */
const all = (rounds: readonly (readonly string[])[]): string[] => rounds.flat();

describe('arabicVariants', () => {
  it('undoes the negation around a verb (Egyptian, Levantine, Maghrebi)', () => {
    expect(all(arabicVariants(f('ماوصلتش')))).toContain(f('وصلت'));
    expect(all(arabicVariants(f('مايخدمش')))).toContain(f('يخدم'));
  });

  it('undoes aspect, future and passive prefixes', () => {
    expect(arabicVariants(f('بيوصل'))[0]).toContain(f('يوصل'));
    expect(arabicVariants(f('هيوصل'))[0]).toContain(f('يوصل'));
    expect(arabicVariants(f('كيقبل'))[0]).toContain(f('يقبل'));
    expect(arabicVariants(f('اتخصم'))[0]).toContain(f('خصم'));
  });

  it('tries the other persons of a Maghrebi first-person verb, and glued prepositions and pronouns', () => {
    expect(arabicVariants(f('نبدل'))[0]).toEqual(expect.arrayContaining([f('ابدل'), f('يبدل')]));
    expect(arabicVariants(f('لفلوس'))[0]).toContain(f('الفلوس'));
    expect(arabicVariants(f('عالحساب'))[0]).toContain(f('الحساب'));
    expect(arabicVariants(f('رجعولي'))[0]).toContain(f('رجعو'));
    expect(arabicVariants(f('والصولد'))[0]).toContain(f('الصولد'));
  });

  it('needs two rounds for two layers, and never offers the word itself or a one-letter stub', () => {
    expect(arabicVariants(f('ماوصلتليش'))[0]).not.toContain(f('وصلت'));
    expect(all(arabicVariants(f('ماوصلتليش')))).toContain(f('وصلت'));
    for (const word of ['بيوصل', 'ماجاش', 'نبدل'].map(f)) {
      expect(all(arabicVariants(word))).not.toContain(word);
      for (const candidate of all(arabicVariants(word))) expect(candidate.length).toBeGreaterThanOrEqual(2);
    }
    expect(arabicVariants(f('من'))).toEqual([]);
  });
});

describe('persianVariants', () => {
  it('gives the written forms of spoken words', () => {
    expect(persianVariants(f('سفارشمو'))[0]).toContain(f('سفارشم'));
    expect(persianVariants(f('کجاس'))[0]).toContain(f('کجاست'));
    expect(persianVariants(f('میرسن'))[0]).toContain(f('میرسند'));
    expect(persianVariants(f('دارین'))[0]).toContain(f('دارید'));
    expect(persianVariants(f('خونه'))[0]).toContain(f('خانه'));
    expect(persianVariants(f('اومده'))[0]).toContain(f('آمده'));
    expect(persianVariants(f('خبرای'))[0]).toContain(f('خبرهای'));
  });

  it('joins a verb prefix that a space split, and nothing else', () => {
    expect(joinPersianAffixes([f('می'), f('خواهم'), f('کتاب'), f('ها')])).toEqual([
      f('میخواهم'),
      f('کتاب'),
      f('ها'),
    ]);
    expect(joinPersianAffixes([f('نمی'), f('دانم')])).toEqual([f('نمیدانم')]);
    expect(joinPersianAffixes([f('می')])).toEqual([f('می')]);
  });
});

describe('wordVariants', () => {
  it('has rules for Persian and Arabic words only', () => {
    expect(wordVariants('cancle', 'en')).toEqual([]);
    expect(wordVariants('track', 'fa')).toEqual([]);
    expect(wordVariants(f('بيوصل'), 'ar').length).toBeGreaterThan(0);
    expect(wordVariants(f('کجاس'), 'fa').length).toBeGreaterThan(0);
  });
});
