import type { Language } from '../core/language.ts';

/**
 * Stop words per language, in folded form (see `foldForSearch`: ی، ک، ا, no diacritics).
 * Kept short on purpose: in customer questions, words like "where", "how", "کجا", "كيف" carry the
 * intent, so they are not stop words here.
 */
const STOPWORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  en: new Set(
    (
      'a an the and or but of to in on at for with from by about as into is are was were be been being ' +
      'am do does did i me my we our you your it its this that these those there here please hi hello ' +
      'hey thanks thank just so very really would could should will shall may might im ive id dont its'
    ).split(' '),
  ),
  fa: new Set(
    (
      'و در به از که را با این ان اون برای تا یا هم بر یک یه ای هر بود است هست هستم هستند شد شده ' +
      'می ها های رو توی تو اینو اونو من ما شما او ایشان لطفا سلام ممنون مرسی خیلی دیگه چون ' +
      'کن کنم کنی کنه کنید کنین کنیم کنند کرد کردم کردی کردیم کردید کردن کردند'
    ).split(' '),
  ),
  ar: new Set(
    (
      'و فی من الی علی عن مع ان او ثم هذا هذه ذلک تلک الذی التی هو هی انا انت نحن انتم هم ما ' +
      'کان کانت قد لقد یا ایضا حتی لکن بل عند کل بعض غیر ای اذا لو مرحبا اهلا شکرا السلام علیکم من فضلک'
    ).split(' '),
  ),
};

export function isStopword(word: string, language: Language): boolean {
  return STOPWORDS[language].has(word);
}

export function stopwords(language: Language): ReadonlySet<string> {
  return STOPWORDS[language];
}
