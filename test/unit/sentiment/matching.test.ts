import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { checkLexiconText } from '../../../src/sentiment/lexicon.ts';
import { createPhraseMatcher } from '../../../src/sentiment/phrase-matcher.ts';
import { viewText } from '../../../src/sentiment/text-view.ts';

function matcher(language: Language, yaml: string) {
  const lexicon = checkLexiconText(`language: ${language}\n${yaml}`, 'test.yaml').lexicon;
  if (lexicon === undefined) throw new Error('bad test lexicon');
  const m = createPhraseMatcher(lexicon);
  return (text: string): string[] => {
    const view = viewText(text, language);
    return m
      .match(view.tokens, view.elongated)
      .map((h) => `${h.entry.family}:${view.evidence(h.from, h.to)}`);
  };
}

describe('phrase matcher', () => {
  it('prefers the longest phrase and never overlaps', () => {
    const find = matcher('en', 'anger:\n  fed up: 0.5\n  so fed up with: 0.7\nintensifier:\n  so: 1.2\n');
    expect(find('I am so fed up with this')).toEqual(['anger:so fed up with']);
    expect(find('so tired, fed up')).toEqual(['intensifier:so', 'anger:fed up']);
  });

  it('matches a prefix entry on any ending of the word', () => {
    const find = matcher('fa', 'anger:\n  عصبانی*: 0.6\n  "اعصاب خورد*": 0.5\n');
    expect(find('عصبانیم')).toEqual(['anger:عصبانیم']);
    expect(find('عصبانیتتون')).toEqual(['anger:عصبانیتتون']);
    expect(find('اعصاب خوردکن')).toEqual(['anger:اعصاب خوردکن']);
    expect(find('عصب')).toEqual([]);
  });

  it('matches any number, in any digits and with an ordinal ending, where a phrase has #', () => {
    const find = matcher(
      'en',
      'frustration:\n  "took # weeks": 0.3\n  "for the # time": 0.4\n  3 times: 0.35\n',
    );
    expect(find('it took 3 weeks')).toEqual(['frustration:took 3 weeks']);
    expect(find('it took ۱۲ weeks')).toEqual(['frustration:took ۱۲ weeks']);
    expect(find('for the 5th time')).toEqual(['frustration:for the 5th time']);
    expect(find('I told you 3 times')).toEqual(['frustration:3 times']);
    expect(find('it took three weeks')).toEqual([]);
  });

  it('matches a stretched entry only on a word the customer stretched', () => {
    const find = matcher('fa', 'stretched:\n  چرا: 0.3\n');
    expect(find('چراااا جواب نمیدید')).toEqual(['stretched:چراااا']);
    expect(find('چرا جواب نمیدید')).toEqual([]);
    const en = matcher('en', 'stretched:\n  why: 0.3\n');
    expect(en('whyyyy')).toEqual(['stretched:whyyyy']);
    expect(en('why')).toEqual([]);
  });

  it('lets a neutral phrase hide the anger word inside it', () => {
    const find = matcher('en', 'anger:\n  mad: 0.3\nneutral:\n  mad about: 0\n');
    expect(find("I'm mad about this collection")).toEqual(['neutral:mad about']);
    expect(find("I'm mad")).toEqual(['anger:mad']);
  });

  it('tries every reading of a word: as typed, then without the Arabic article, the longest phrase wins', () => {
    const find = matcher('ar', 'frustration:\n  تأخير: 0.25\nanger:\n  التأخير الحلو: 0.5\n  خدمة: 0.1\n');
    expect(find('على التأخير الحلو')).toEqual(['anger:التأخير الحلو']);
    expect(find('على التأخير، غير سيمانتين')).toEqual(['frustration:التأخير']);
    expect(find('شو هالخدمة')).toEqual(['anger:هالخدمة']);
    expect(find('عالتأخير')).toEqual(['frustration:عالتأخير']);
  });

  it('matches the later words of a phrase when the customer stretched them', () => {
    const find = matcher('en', 'frustration:\n  why is it so hard: 0.45\n');
    expect(find('whyyyy is it sooooo hard')).toEqual(['frustration:whyyyy is it sooooo hard']);
    expect(find('why is it soo hard')).toEqual([]);
  });

  it('tries an Arabic word without its conjunction و / ف', () => {
    const find = matcher('ar', 'anger:\n  زفت: 0.6\n  فاشل: 0.5\n');
    expect(find('وزفت')).toEqual(['anger:وزفت']);
    expect(find('فاشل')).toEqual(['anger:فاشل']);
    expect(find('وفاشل')).toEqual(['anger:وفاشل']);
  });

  it('matches squeezed elongations, also for English double letters', () => {
    const find = matcher('en', 'anger:\n  annoying: 0.4\n  ugh: 0.3\n');
    expect(find('annoyiiiing')).toEqual(['anger:annoyiiiing']);
    expect(find('ughhhh')).toEqual(['anger:ughhhh']);
  });
});

describe('text view', () => {
  it('maps folded words back to the raw text', () => {
    const view = viewText('  سلام،   كلافه شدم!! ', 'fa');
    expect(view.tokens).toEqual(['سلام', 'کلافه', 'شدم']);
    expect(view.evidence(1, 2)).toBe('كلافه شدم');
  });

  it('joins Persian verb prefixes typed apart', () => {
    const view = viewText('جواب نمی دید', 'fa');
    expect(view.tokens).toEqual(['جواب', 'نمیدید']);
    expect(view.evidence(1, 1)).toBe('نمی دید');
    expect(viewText('جواب نمی دید', 'ar').tokens).toEqual(['جواب', 'نمی', 'دید']);
  });

  it('squeezes elongations and remembers them', () => {
    const view = viewText('خیییلی sooooo bad', 'fa');
    expect(view.tokens).toEqual(['خیلی', 'soo', 'bad']);
    expect(view.elongated).toEqual([true, true, false]);
  });

  it('sees clause boundaries between words', () => {
    const view = viewText('not broken. ridiculous', 'en');
    expect(view.boundaryBetween(0, 1)).toBe(false);
    expect(view.boundaryBetween(1, 2)).toBe(true);
  });

  it('falls back to word-by-word folding when compatibility characters change the word count', () => {
    const view = viewText('½ refund, ridiculous', 'en');
    expect(view.tokens.at(-1)).toBe('ridiculous');
    expect(view.evidence(view.tokens.length - 1, view.tokens.length - 1)).toBe('ridiculous');
  });
});
