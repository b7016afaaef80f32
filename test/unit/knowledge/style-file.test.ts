import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import { LANGUAGES } from '../../../src/core/language.ts';
import {
  checkStyleFiles,
  checkStyleText,
  loadStyleRules,
  parseStyleFile,
} from '../../../src/knowledge/style-file.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';

const GOOD = `language: en
tone:
  - 'Lead with what we can do: the next step first.'
avoid:
  - phrases: ["can't", cannot]
    instead: Say what we can do.
    note: It ends the conversation.
    except: ["can't wait"]
  - phrases: [unfortunately]
    instead: Say what happens next.
`;

describe('style files', () => {
  it('reads tone, phrases, alternatives, notes and exceptions', () => {
    expect(parseStyleFile(GOOD, 'style/en.yaml', 'en')).toEqual({
      language: 'en',
      tone: ['Lead with what we can do: the next step first.'],
      avoid: [
        {
          phrases: ["can't", 'cannot'],
          instead: 'Say what we can do.',
          note: 'It ends the conversation.',
          except: ["can't wait"],
        },
        { phrases: ['unfortunately'], instead: 'Say what happens next.' },
      ],
    });
  });

  it('names the file and the line of every problem', () => {
    const broken = `language: en
tone:
  - Blame nobody: not even the system.
avoid:
  - phrases: [cannot, "can't"]
    instead: Say what we can do.
    except: [no way]
  - phrases: [CANNOT, ab*]
    instead: ''
    colour: red
  - instead: Something.
  - phrases: [impossible]
`;
    const { rules, problems } = checkStyleText(broken, 'style/en.yaml', 'en');
    expect(rules).toBeUndefined();
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '3: tone: each rule is one sentence of text (put it in quotes when it holds ": ")',
      `7: except "no way" contains none of the entry's phrases, so it never applies`,
      '8: "CANNOT" is the same phrase as on line 5',
      '8: "ab*": a * needs at least 3 letters before it',
      '9: instead: expected some text',
      '10: avoid: unknown key "colour" (known: phrases, instead, note, except)',
      '11: avoid: the entry has no phrases',
      '12: avoid: the entry has no `instead`',
    ]);
  });

  it('refuses broken YAML, a wrong language and a missing one with STYLE_INVALID', () => {
    expect(checkStyleText('language: en\navoid: [\n', 'x.yaml').problems[0]).toMatchObject({
      file: 'x.yaml',
      reason: expect.stringMatching(/^not valid YAML/),
    });
    expect(checkStyleText('language: fa\n', 'style/en.yaml', 'en').problems).toEqual([
      { file: 'style/en.yaml', line: 1, reason: 'language is fa but the file is for en' },
    ]);
    let error: unknown;
    try {
      parseStyleFile('tone: []\n', 'style/ar.yaml', 'ar');
    } catch (caught) {
      error = caught;
    }
    expect(isHamdelError(error, 'STYLE_INVALID')).toBe(true);
    expect((error as Error).message).toContain('style/ar.yaml: the `language` key is missing');
  });

  describe('in a folder', () => {
    let dir: string | undefined;
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('gives a language without a file no rules, and lists a broken file without throwing', async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'hamdel-style-'));
      await writeFile(path.join(dir, 'en.yaml'), GOOD);
      const styles = await loadStyleRules(dir);
      expect(styles.en.avoid).toHaveLength(2);
      expect(styles.fa).toEqual({ language: 'fa', tone: [], avoid: [] });
      await writeFile(path.join(dir, 'ar.yaml'), 'language: ar\navoid:\n  - phrases: [للأسف]\n');
      const checked = await checkStyleFiles(dir);
      expect(checked.problems).toEqual([
        { file: path.join(dir, 'ar.yaml'), line: 3, reason: 'avoid: the entry has no `instead`' },
      ]);
      expect(checked.styles.en.avoid).toHaveLength(2);
      await expect(loadStyleRules(dir)).rejects.toMatchObject({ code: 'STYLE_INVALID' });
    });

    it('ships valid rules for every language', async () => {
      const styles = await loadStyleRules(path.join(CONTENT_DIR, 'style'));
      for (const language of LANGUAGES) {
        expect(styles[language].tone.length).toBeGreaterThanOrEqual(5);
        expect(styles[language].avoid.length).toBeGreaterThanOrEqual(5);
      }
    });
  });
});
