import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import { parseArticleFile } from '../../../src/knowledge/article-file.ts';

const good = `---
id: returns
language: en
title: Returning an item
questions:
  - How do I return something?
tags: [returns]
---
You can return items within 14 days.
`;

function reasonOf(text: string): string {
  try {
    parseArticleFile('en/x.md', text);
  } catch (error) {
    if (isHamdelError(error, 'ARTICLE_INVALID')) return String(error.context.reason);
    throw error;
  }
  return 'parsed';
}

describe('article files', () => {
  it('reads front matter and body', () => {
    const article = parseArticleFile('en/returns.md', good);
    expect(article).toMatchObject({
      id: 'returns',
      language: 'en',
      title: 'Returning an item',
      questions: ['How do I return something?'],
      tags: ['returns'],
      body: 'You can return items within 14 days.',
      file: 'en/returns.md',
    });
  });

  it('explains what is wrong with a broken file', () => {
    expect(reasonOf('no front matter here')).toMatch(/no front matter/);
    expect(reasonOf(good.replace('language: en', 'language: de'))).toMatch(/language/);
    expect(reasonOf(good.replace('id: returns', 'id: Returns Policy'))).toMatch(/kebab-case/);
    expect(reasonOf(good.replace('title: Returning an item', 'title: [unclosed'))).toMatch(/not valid YAML/);
    expect(reasonOf(good.replace('You can return items within 14 days.', ''))).toMatch(/body/);
  });
});
