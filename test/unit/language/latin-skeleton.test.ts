import { describe, expect, it } from 'vitest';
import { arabicScriptSkeleton, latinSkeleton } from '../../../src/language/latin-skeleton.ts';
import { foldForSearch } from '../../../src/language/normalize.ts';

const same = (latin: string, word: string): void =>
  expect(latinSkeleton(latin), `${latin} ~ ${word}`).toBe(arabicScriptSkeleton(foldForSearch(word)));

describe('consonant skeletons of Finglish, Arabizi and Persian or Arabic words', () => {
  it('match a word typed in Latin letters with its Persian spelling', () => {
    same('sefaresh', 'سفارش');
    same('khamoosh', 'خاموش');
    same('emrooz', 'امروز');
    same('akhbar', 'اخبار');
    same('saat', 'ساعت');
    same('bidaram', 'بیدارم');
    same('khoone', 'خونه');
  });

  it('match Arabizi, digits included', () => {
    same('7esab', 'حساب');
    same('5alas', 'خلاص');
    same('ta7wil', 'تحويل');
    same('3ayez', 'عايز');
  });

  it('tell different words apart', () => {
    expect(latinSkeleton('sefaresh')).not.toBe(arabicScriptSkeleton(foldForSearch('ارسال')));
    expect(latinSkeleton('ahang')).not.toBe(latinSkeleton('hava'));
  });
});
