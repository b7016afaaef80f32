import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import {
  checkLexiconText,
  compilePhrase,
  formatLexiconProblem,
  loadLexicons,
  loadLexiconsStrict,
} from '../../../src/sentiment/lexicon.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reasons = (text: string, expected?: 'fa' | 'ar' | 'en'): string[] =>
  checkLexiconText(text, 'x.yaml', expected).problems.map(formatLexiconProblem);

describe('checkLexiconText', () => {
  it('accepts a well-formed lexicon and folds its phrases', () => {
    const check = checkLexiconText(
      [
        'language: fa',
        'anger:',
        '  افتضاح*: 0.7',
        '  "اعصابم خورد شد": 0.8',
        'person:',
        '  اپراتور: 0.9',
      ].join('\n'),
      'fa.yaml',
      'fa',
    );
    expect(check.problems).toEqual([]);
    expect(check.lexicon?.language).toBe('fa');
    const entries = check.lexicon?.entries ?? [];
    expect(entries.map((e) => [e.family, e.phrase, e.prefix, e.weight])).toEqual([
      ['anger', 'افتضاح', true, 0.7],
      ['anger', 'اعصابم خورد شد', false, 0.8],
      ['person', 'اپراتور', false, 0.9],
    ]);
    expect(entries[1]?.tokens).toEqual(['اعصابم', 'خورد', 'شد']);
    expect(entries[1]?.line).toBe(4);
  });

  it('reports a weight that is not a number, with the line and the entry', () => {
    expect(reasons('language: en\nanger:\n  furious: very\n')).toEqual([
      'x.yaml:3: anger: furious: the weight must be a number in (0, 1]',
    ]);
  });

  it('reports weights outside the range of their family', () => {
    const found = reasons(
      'language: en\nanger:\n  furious: 1.5\nintensifier:\n  very: 0.5\nnegator:\n  not: 1\n',
    );
    expect(found).toHaveLength(3);
    expect(found[0]).toContain('x.yaml:3: anger: furious: weight 1.5 is out of range');
    expect(found[1]).toContain('x.yaml:5: intensifier: very: weight 0.5 is out of range');
    expect(found[2]).toContain('x.yaml:7: negator: not');
  });

  it('reports empty phrases and a prefix that is too short', () => {
    expect(reasons('language: en\nanger:\n  "!!!": 0.5\n  "ab*": 0.5\n')).toEqual([
      'x.yaml:3: anger: !!!: the phrase is empty (no letters or digits)',
      'x.yaml:4: anger: ab*: a prefix (*) needs at least 3 letters before the *',
    ]);
  });

  it('reports unknown keys and a family that is not a mapping', () => {
    expect(reasons('language: en\nangry:\n  mad: 0.5\ninsult:\n  - idiot\n')).toEqual([
      'x.yaml:2: unknown key "angry" (known: language, anger, frustration, insult, threat, intensifier, downtoner, negator, post_negator, deescalation, irony, stretched, neutral, person)',
      'x.yaml:4: insult: expected a mapping of phrase: weight',
    ]);
  });

  it('reports duplicates, also when they differ only in spelling variants or across families', () => {
    const found = reasons(
      [
        'language: ar',
        'anger:',
        '  مهزلة: 0.6',
        '  مهزله: 0.6',
        '  زفت: 0.6',
        'insult:',
        '  زفت: 0.5',
        '  زِفت: 0.5',
      ].join('\n'),
    );
    expect(found).toEqual([
      'x.yaml:4: anger: مهزله: duplicate of the phrase on line 3',
      'x.yaml:7: insult: زفت: duplicate of the phrase on line 5 in anger',
      'x.yaml:8: insult: زِفت: duplicate of the phrase on line 5 in anger',
    ]);
  });

  it('keeps the valid entries of a file with problems', () => {
    const check = checkLexiconText('language: en\nanger:\n  furious: 0.7\n  livid: x\n', 'x.yaml');
    expect(check.problems).toHaveLength(1);
    expect(check.lexicon?.entries.map((e) => e.phrase)).toEqual(['furious']);
  });

  it('reports a missing or wrong language and broken YAML', () => {
    expect(reasons('anger:\n  furious: 0.7\n')).toEqual(['x.yaml:0: the `language` key is missing']);
    expect(reasons('language: de\n')).toEqual(['x.yaml:1: language must be one of fa, ar, en']);
    expect(reasons('language: ar\n', 'fa')).toEqual(['x.yaml:1: language is ar but the file is for fa']);
    expect(reasons('language: en\nanger: [unclosed\n')[0]).toMatch(/^x\.yaml:\d+: not valid YAML/);
  });
});

describe('compilePhrase', () => {
  it('folds Persian and Arabic spelling variants and the prefix mark', () => {
    expect(compilePhrase('مي‌خوام')).toEqual({ tokens: ['میخوام'], prefix: false });
    expect(compilePhrase('كلافه*')).toEqual({ tokens: ['کلافه'], prefix: true });
    expect(compilePhrase("Don't")).toEqual({ tokens: ['don', 't'], prefix: false });
  });
});

describe('the shipped lexicons', () => {
  it('have no problems and cover every family in every language', async () => {
    const { lexicons, problems } = await loadLexicons('content/lexicons');
    expect(problems.map(formatLexiconProblem)).toEqual([]);
    for (const language of ['fa', 'ar', 'en'] as const) {
      const families = new Set(lexicons[language]?.entries.map((e) => e.family));
      for (const family of [
        'anger',
        'frustration',
        'insult',
        'threat',
        'intensifier',
        'downtoner',
        'negator',
        'deescalation',
        'person',
      ]) {
        expect(families.has(family as never), `${language} has ${family}`).toBe(true);
      }
    }
  });

  it('loadLexiconsStrict throws LEXICON_INVALID naming the file and line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-lexicon-'));
    try {
      await writeFile(path.join(dir, 'en.yaml'), 'language: en\nanger:\n  furious: loud\n');
      await writeFile(path.join(dir, 'fa.yaml'), 'language: fa\n');
      await expect(loadLexiconsStrict(dir)).rejects.toSatisfy((error: unknown) => {
        if (!isHamdelError(error, 'LEXICON_INVALID')) return false;
        return (
          error.message.includes('en.yaml:3: anger: furious') &&
          error.message.includes('ar.yaml:0: the file is missing')
        );
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
