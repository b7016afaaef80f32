import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isHamdelError } from '../../../src/core/errors.ts';
import { parseSynonyms } from '../../../src/knowledge/synonyms.ts';
import { foldForSearch } from '../../../src/language/normalize.ts';
import { tokenize } from '../../../src/language/tokenize.ts';

const tokens = (text: string): string[] => tokenize(foldForSearch(text));

describe('parseSynonyms', () => {
  it('rewrites phrases to the canonical one, longest phrase first', () => {
    const table = parseSynonyms({ language: 'en', groups: [['refund', 'money back', 'back']] });
    expect(table.rewrite(['i', 'want', 'my', 'money', 'back'])).toEqual(['i', 'want', 'my', 'refund']);
  });

  it('folds the phrases like search does', () => {
    const table = parseSynonyms({ language: 'fa', groups: [['مرجوع', 'پس‌دادن', 'عودت']] });
    expect(table.rewrite(['میخوام', 'پسدادن'])).toEqual(['میخوام', 'مرجوع']);
  });

  it('reports malformed entries with the file and the reason', () => {
    const check = (data: unknown, reason: RegExp): void => {
      try {
        parseSynonyms(data, 'content/synonyms/en.yaml');
        expect.unreachable();
      } catch (error) {
        expect(isHamdelError(error)).toBe(true);
        expect((error as Error).message).toMatch(/content\/synonyms\/en\.yaml/);
        expect((error as Error).message).toMatch(reason);
      }
    };
    check(null, /mapping/);
    check({ language: 'de', groups: [] }, /language/);
    check({ language: 'en', groups: 'x' }, /list/);
    check({ language: 'en', groups: [['only']] }, /at least two/);
    check({ language: 'en', groups: [['a', { b: 1 }]] }, /not text/);
    check({ language: 'en', groups: [['a', '!!']] }, /empty/);
    check(
      {
        language: 'en',
        groups: [
          ['a', 'b'],
          ['c', 'b'],
        ],
      },
      /group 1 and in group 2/,
    );
  });

  it('looks up one-word phrases', () => {
    const table = parseSynonyms({ language: 'en', groups: [['refund', 'money back', 'reimburse']] });
    expect(table.lookup('reimburse')).toEqual(['refund']);
    expect(table.lookup('money')).toBeUndefined();
    expect(table.lookup('shoe')).toBeUndefined();
  });

  it('reads its phrases through the list applied before it (the dialect list before the synonyms)', () => {
    const dialects = parseSynonyms({ language: 'ar', groups: [['كلمة المرور', 'الباسورد']] });
    const synonyms = parseSynonyms(
      { language: 'ar', groups: [['كلمة المرور', 'كلمة السر', 'الباسورد']] },
      'synonyms/ar.yaml',
      dialects,
    );
    const read = (text: string): string[] => synonyms.rewrite(dialects.rewrite(tokens(text)));
    expect(read('نسيت الباسورد')).toEqual(read('نسيت كلمة المرور'));
    expect(read('نسيت كلمة السر')).toEqual(read('نسيت كلمة المرور'));
  });

  it('loads the shipped synonym files', () => {
    for (const language of ['fa', 'ar', 'en']) {
      const file = `content/synonyms/${language}.yaml`;
      expect(parseSynonyms(parse(readFileSync(file, 'utf8')), file).groups).toBeGreaterThan(5);
    }
  });

  it('loads the shipped dialect lists, and reads the synonyms through them without a conflict', () => {
    for (const language of ['fa', 'ar', 'en']) {
      const file = `content/dialects/${language}.yaml`;
      const dialects = parseSynonyms(parse(readFileSync(file, 'utf8')), file);
      expect(dialects.groups).toBeGreaterThan(20);
      const synonyms = `content/synonyms/${language}.yaml`;
      expect(() => parseSynonyms(parse(readFileSync(synonyms, 'utf8')), synonyms, dialects)).not.toThrow();
    }
  });
});
