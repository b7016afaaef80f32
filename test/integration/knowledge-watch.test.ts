import { mkdtemp, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { buildIndex } from '../../src/knowledge/search-index.ts';

const article = (id: string, title: string, body: string) => `---
id: ${id}
language: en
title: ${title}
questions:
  - ${title}?
tags: [test]
---
${body}
`;

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('knowledge base files are picked up without a restart', () => {
  let dir: string;
  let kb: KnowledgeBase;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hamdel-kb-'));
    await mkdir(path.join(dir, 'en'));
    await writeFile(
      path.join(dir, 'en', 'returns.md'),
      article('returns', 'How to return an item', 'Return it within 14 days.'),
    );
    kb = new KnowledgeBase({ articlesDir: dir, buildIndex, debounceMs: 30 });
    await kb.load();
    await kb.watch();
  });
  afterEach(async () => {
    await kb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies an edit, an added file and a deletion, and reports a broken file without losing the others', async () => {
    expect(kb.current.articles.map((a) => a.id)).toEqual(['returns']);

    await writeFile(
      path.join(dir, 'en', 'returns.md'),
      article('returns', 'How to return an item', 'Return it within 30 days.'),
    );
    await until(() => kb.current.article('en', 'returns')?.body === 'Return it within 30 days.');

    await writeFile(
      path.join(dir, 'en', 'warranty.md'),
      article('warranty', 'What warranty do products have', 'One year.'),
    );
    await until(() => kb.current.articles.length === 2);
    expect(kb.current.index.search('warranty products', { language: 'en' })[0]?.article.id).toBe('warranty');

    await writeFile(path.join(dir, 'en', 'broken.md'), '---\nid: broken\nlanguage: en\n---\n');
    await until(() => kb.current.problems.length === 1);
    expect(kb.current.problems[0]).toMatchObject({ file: path.join('en', 'broken.md') });
    expect(kb.current.problems[0]?.reason).toMatch(/title/);
    expect(kb.current.articles.map((a) => a.id).sort()).toEqual(['returns', 'warranty']);

    await unlink(path.join(dir, 'en', 'warranty.md'));
    await until(() => kb.current.articles.length === 1);
    expect(kb.current.article('en', 'warranty')).toBeUndefined();
  });

  it('refuses a second article with the same id in the same language', async () => {
    await writeFile(path.join(dir, 'en', 'returns-copy.md'), article('returns', 'Copy', 'Copy.'));
    await until(() => kb.current.problems.length === 1);
    expect(kb.current.problems[0]?.reason).toMatch(/already used/);
  });
});
