import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import {
  changedFields,
  readArticleForm,
  writeArticleText,
  type ArticleForm,
} from '../../../src/knowledge/article-form.ts';
import { parseArticleFile } from '../../../src/knowledge/article-file.ts';
import { checkArticleText } from '../../../src/editor/article-check.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';

const RETURNS_FA = path.join(CONTENT_DIR, 'articles/fa/returns.md');

function withFields(form: ArticleForm, fields: Partial<ArticleForm['fields']>): ArticleForm {
  return { ...form, fields: { ...form.fields, ...fields } };
}

describe('an article as a form and back', () => {
  it('writes every sample article back byte for byte when nothing changed', async () => {
    let count = 0;
    for (const language of ['fa', 'ar', 'en']) {
      const folder = path.join(CONTENT_DIR, 'articles', language);
      for (const name of await readdir(folder)) {
        const text = await readFile(path.join(folder, name), 'utf8');
        const form = readArticleForm(text);
        expect(writeArticleText(form, text), name).toBe(text);
        // The same edit the YAML way: a changed then restored title gives the file back too.
        const touched = writeArticleText(withFields(form, { title: `${form.fields.title} x` }), text);
        expect(writeArticleText(form, touched), name).toBe(text);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(105);
  });

  it('changes only the title line when the title changes (quoting it when YAML needs that)', async () => {
    const text = await readFile(RETURNS_FA, 'utf8');
    const form = readArticleForm(text);
    const after = writeArticleText(withFields(form, { title: 'مرجوعی: چطور کالا را پس بدهم' }), text);
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('title: '));
    lines[at] = 'title: "مرجوعی: چطور کالا را پس بدهم"';
    expect(after.split('\n')).toEqual(lines);
    expect(parseArticleFile('fa/returns.md', after).title).toBe('مرجوعی: چطور کالا را پس بدهم');
  });

  it('adds one line for one more question, and changes one line for one edited question', async () => {
    const text = await readFile(RETURNS_FA, 'utf8');
    const form = readArticleForm(text);
    const questions = form.fields.questions;
    const added = writeArticleText(withFields(form, { questions: [...questions, 'کالا رو پس میدم؟'] }), text);
    const lines = text.split('\n');
    const last = lines.indexOf(`  - ${questions.at(-1)}`);
    expect(last).toBeGreaterThan(0);
    expect(added.split('\n')).toEqual([
      ...lines.slice(0, last + 1),
      '  - کالا رو پس میدم؟',
      ...lines.slice(last + 1),
    ]);

    const edited = questions.map((q, i) => (i === 1 ? 'یک سوال #دیگر' : q));
    const changed = writeArticleText(withFields(form, { questions: edited }), text);
    const second = lines.indexOf(`  - ${questions[1]}`);
    expect(changed.split('\n')).toEqual(lines.map((l, i) => (i === second ? '  - "یک سوال #دیگر"' : l)));
  });

  it('keeps comments, key order and flow lists; an emptied optional field goes, a new one comes last', () => {
    const text = [
      '---',
      '# the returns article',
      'title: Returns # shown to customers',
      'id: returns',
      'language: en',
      'tags: [returns, orders]',
      'questions:',
      '  # the most common one first',
      '  - How do I return something?',
      "  - 'can i send it back'",
      'needs_person: true',
      '---',
      'Body.',
      '',
    ].join('\n');
    const form = readArticleForm(text);
    expect(form.fields).toEqual({
      id: 'returns',
      language: 'en',
      title: 'Returns',
      questions: ['How do I return something?', 'can i send it back'],
      tags: ['returns', 'orders'],
      needs_person: true,
      skills: [],
    });
    const after = writeArticleText(
      withFields(form, { tags: ['returns', 'orders', 'faulty'], needs_person: false, skills: ['billing'] }),
      text,
    );
    expect(after).toBe(
      [
        '---',
        '# the returns article',
        'title: Returns # shown to customers',
        'id: returns',
        'language: en',
        'tags: [returns, orders, faulty]',
        'questions:',
        '  # the most common one first',
        '  - How do I return something?',
        "  - 'can i send it back'",
        'skills: [billing]',
        '---',
        'Body.',
        '',
      ].join('\n'),
    );
    expect(changedFields(form, readArticleForm(after))).toEqual(['tags', 'needs_person', 'skills']);
  });

  it('changes the body alone without touching the front matter, keeping the line ends of the file', () => {
    const text = '---\r\nid: a\r\nlanguage: en\r\ntitle: A\r\n---\r\nOld.\r\n';
    const form = readArticleForm(text);
    const after = writeArticleText({ ...form, body: 'New.\nSecond line.' }, text);
    expect(after).toBe('---\r\nid: a\r\nlanguage: en\r\ntitle: A\r\n---\r\nNew.\r\nSecond line.\r\n');
    expect(changedFields(form, readArticleForm(after))).toEqual(['body']);
  });

  it('writes a new article in the sample layout, which the knowledge base reads', () => {
    const text = writeArticleText({
      fields: {
        id: 'gift-wrap',
        language: 'ar',
        title: 'تغليف الهدايا',
        questions: ['هل تغلفون الهدايا؟', '- بكم؟'],
        tags: ['gifts'],
        needs_person: false,
        skills: [],
      },
      body: '\nنعم، **مجاناً**.\n\n',
    });
    expect(text).toBe(
      '---\nid: gift-wrap\nlanguage: ar\ntitle: تغليف الهدايا\nquestions:\n  - هل تغلفون الهدايا؟\n  - "- بكم؟"\ntags: [gifts]\n---\nنعم، **مجاناً**.\n',
    );
    expect(checkArticleText('ar', 'gift-wrap', text).questions).toEqual(['هل تغلفون الهدايا؟', '- بكم؟']);
  });

  it("refuses what the knowledge base would refuse, and a file whose id or language is not its name's", () => {
    const good = '---\nid: a\nlanguage: en\ntitle: A\n---\nBody.\n';
    const reasonOf = (language: string, id: string, text: string) => {
      try {
        checkArticleText(language, id, text);
        return 'accepted';
      } catch (error) {
        return isHamdelError(error, 'ARTICLE_INVALID') ? String(error.context.reason) : 'other';
      }
    };
    expect(reasonOf('en', 'a', good)).toBe('accepted');
    expect(reasonOf('en', 'a', good.replace('title: A', 'title: ""'))).toContain('title');
    expect(reasonOf('en', 'a', good.replace('Body.', ''))).toContain('body');
    expect(reasonOf('en', 'b', good)).toContain('file');
    expect(reasonOf('fa', 'a', good)).toContain('folder');
    expect(() => readArticleForm('no front matter')).toThrow(/front matter/);
    expect(() => readArticleForm('---\ntitle: [unclosed\n---\nx\n')).toThrow(/YAML/);
  });
});
