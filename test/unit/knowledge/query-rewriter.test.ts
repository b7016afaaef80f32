import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { WordCoverage } from '../../../src/knowledge/coverage.ts';
import { QueryRewriter } from '../../../src/knowledge/query-rewriter.ts';
import { parseSynonyms } from '../../../src/knowledge/synonyms.ts';
import { foldForSearch } from '../../../src/language/normalize.ts';
import { tokenize } from '../../../src/language/tokenize.ts';

const tokens = (text: string): string[] => tokenize(foldForSearch(text));
const vocabulary = (language: Language, texts: string[]): WordCoverage =>
  new WordCoverage(texts.map(tokens), language);

describe('WordCoverage.correct', () => {
  const words = vocabulary('en', [
    'how do i cancel my order',
    'cancel the order please',
    'where is my package',
    'the blue light',
    'order tracking',
  ]);

  it('corrects one typo to the known word: a letter left out, one too many, swapped or replaced', () => {
    expect(words.correct('ordr')).toBe('order');
    expect(words.correct('pakage')).toBe('package');
    expect(words.correct('cancle')).toBe('cancel');
    expect(words.correct('packkage')).toBe('package');
    expect(words.correct('ordet')).toBe('order');
  });

  it('leaves known words, short words, far words and short words one letter from another alone', () => {
    expect(words.correct('order')).toBeUndefined();
    expect(words.correct('wer')).toBeUndefined();
    expect(words.correct('weather')).toBeUndefined();
    expect(words.correct('glue')).toBeUndefined();
  });

  it('never corrects to a stop word', () => {
    const persian = vocabulary('fa', ['اخبار برای امروز']);
    expect(persian.correct(foldForSearch('خبرای'))).toBeUndefined();
  });

  it('waits for longer words in Persian and Arabic script before replacing a letter', () => {
    const arabic = vocabulary('ar', ['كود الخصم', 'الغاء الطلب']);
    expect(arabic.correct(foldForSearch('الكون'))).toBeUndefined();
    expect(arabic.correct(foldForSearch('الطلبب'))).toBe(foldForSearch('الطلب'));
  });
});

describe('QueryRewriter', () => {
  it('turns unknown words into the known words they stand for, and leaves the rest', () => {
    const words = vocabulary('en', ['how do i cancel my order', 'where is my package']);
    const rewriter = new QueryRewriter('en', words);
    expect(rewriter.rewrite(tokens('can i cancle my ordr'))).toEqual(['can', 'i', 'cancel', 'my', 'order']);
    expect(rewriter.rewrite(tokens('penguins eat fish'))).toEqual(['penguins', 'eat', 'fish']);
  });

  it('undoes dialect forms the knowledge base does not use, most used candidate first', () => {
    const words = vocabulary('ar', ['متى يوصل الطلب', 'يوصل الطلب بكرة', 'اريد ان الغي الطلب']);
    const rewriter = new QueryRewriter('ar', words);
    // هيوصل: the Egyptian future prefix undone; امتى: one letter too many for متى.
    expect(rewriter.rewrite(tokens('هيوصل امتى'))).toEqual([foldForSearch('يوصل'), foldForSearch('متى')]);
  });

  it('reads a candidate that the dialect list knows as the list says', () => {
    const dialects = parseSynonyms({ language: 'ar', groups: [['يعمل', 'تشتغل']] });
    const words = vocabulary('ar', ['البطاقه لا يعمل']);
    const rewriter = new QueryRewriter('ar', words, dialects);
    expect(rewriter.rewrite(tokens('تشتغلون'))).toEqual([foldForSearch('يعمل')]);
  });

  it('reads a possessive after ة as the word, then through the synonyms the texts were read with', () => {
    // The articles say شحنة, which the synonyms read as طرد: a question's شحنتي must reach طرد too.
    const synonyms = parseSynonyms({ language: 'ar', groups: [['طرد', 'شحنة']] });
    const words = vocabulary('ar', ['وصل الطرد', 'اين طلبية العميل']);
    const rewriter = new QueryRewriter('ar', words, undefined, () => false, synonyms);
    expect(rewriter.rewrite(tokens('شحنتي طلبيتي'))).toEqual([foldForSearch('طرد'), foldForSearch('طلبية')]);
    expect(new QueryRewriter('ar', words).rewrite(tokens('شحنتي'))).toEqual([foldForSearch('شحنتي')]);
  });

  it('leaves words known elsewhere (the off-topic questions) as they are', () => {
    const words = vocabulary('en', ['whether to pay by card']);
    expect(new QueryRewriter('en', words).rewrite(['wether'])).toEqual(['whether']);
    expect(new QueryRewriter('en', words, undefined, (t) => t === 'wether').rewrite(['wether'])).toEqual([
      'wether',
    ]);
  });

  it('reads a Persian question typed in Latin letters by its sounds, but not an English word in a Persian one', () => {
    const words = vocabulary('fa', ['سفارش من کجاست', 'وضعیت سفارش', 'چراغ را خاموش کن']);
    const rewriter = new QueryRewriter('fa', words);
    expect(rewriter.rewrite(['sefaresh', 'khamoosh'], 'sefaresh khamoosh')).toEqual([
      foldForSearch('سفارش'),
      foldForSearch('خاموش'),
    ]);
    expect(rewriter.rewrite(['sefaresh', foldForSearch('کردم')], 'sefaresh کردم')).toEqual([
      'sefaresh',
      foldForSearch('کردم'),
    ]);
  });
});
